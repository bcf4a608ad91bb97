"""Whether the ``fsrs`` optimizer extra is installed, found without importing it (it brings torch)."""

import importlib.util

OPTIMIZER_PACKAGES = ("torch", "numpy", "pandas", "tqdm")
"""What ``pip install "fsrs[optimizer]"`` adds (fsrs 6's ``optimizer`` extra)."""


def missing_optimizer_packages() -> list[str]:
    """The optimizer's packages not installed here; nothing is imported to find out."""
    return [name for name in OPTIMIZER_PACKAGES if importlib.util.find_spec(name) is None]


def optimizer_advice() -> str:
    """What ``quizapp stats --optimize`` tells the learner about fitting FSRS to their history."""
    missing = missing_optimizer_packages()
    if missing:
        return (
            f"Fitting FSRS to your own reviews needs the fsrs optimizer extra ({', '.join(missing)} "
            'missing here): pip install "quizapp[optimizer]" or pip install "fsrs[optimizer]" (install the '
            "torch build you want first, as for quizapp). Until then quizapp schedules with FSRS's "
            "default parameters."
        )
    return "The fsrs optimizer extra is installed: quizapp stats --optimize fits FSRS to your reviews."
