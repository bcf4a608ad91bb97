"""Where quizapp finds its question bank by default."""

import os
from pathlib import Path

BANK_ENV = "QUIZAPP_BANK"
"""Environment variable naming the bank directory to use by default."""

PACKAGED_BANK = "question_bank"
"""The bank's folder inside the installed ``quizapp`` package (the build maps ``question_bank/`` there)."""


def default_bank_path() -> Path:
    """The bank used when none is named.

    In order: ``$QUIZAPP_BANK``; ``./question_bank`` in the current directory (an author's
    checkout); the bank installed inside the package (``pip install .``, a wheel, pipx);
    the checkout's ``question_bank/`` beside the code (an editable install).
    """
    if from_env := os.environ.get(BANK_ENV):
        return Path(from_env)
    local = Path("question_bank")
    if local.is_dir():
        return local
    if (packaged := installed_bank_path()) is not None:
        return packaged
    return Path(__file__).resolve().parent.parent / "question_bank"


def installed_bank_path() -> Path | None:
    """The bank shipped inside the installed package, or None when there is none (a checkout)."""
    # Beside this module, not through importlib.resources (4 ms of every start to import): a
    # bank is a folder of files that the loader reads from disk, which an install that is not
    # on the file system (a zip) does not have.
    bank = Path(__file__).resolve().parent / PACKAGED_BANK
    if bank.is_dir():
        return bank
    return None
