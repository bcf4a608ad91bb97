"""The learning outputs of the record commands: ``export --schedule`` (JSON) and ``stats --optimize``."""

import json
from pathlib import Path

from quizapp.core.errors import QuizAppError
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import wall_now
from quizapp.core.learning.parameter_fitting import CannotFitYetError, fit_parameters, fit_summary
from quizapp.core.learning.schedule_export import schedule_document
from quizapp.core.records.attempt_store import AttemptStore


def export_schedule(store: AttemptStore, out: Path, learner: str | None) -> str:
    """Write the cards of ``learner`` (None: every learner with cards) to ``out``; say what was written.

    Raises:
        QuizAppError: ``out`` cannot be written.
    """
    cards = CardStore(store)
    learners = [learner] if learner is not None else cards.learners()
    document = schedule_document(cards, learners, wall_now())
    try:
        out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise QuizAppError(f"cannot write {out}: {error.strerror or error}") from None
    count = sum(len(entry["cards"]) for entry in document["learners"])
    people = len(learners)
    return f"Wrote {out}: {count} card{'s' * (count != 1)} of {people} learner{'s' * (people != 1)}."


def optimize_schedule(store: AttemptStore, learner: str) -> list[str]:
    """Fit FSRS to ``learner``'s reviews (in a child process) and keep the weights; what to print.

    Without the optimizer extra, or with too few reviews, the lines say so (and how to get on).

    Raises:
        FittingError: The fit itself failed.
    """
    try:
        result = fit_parameters(CardStore(store), learner, wall_now())
    except CannotFitYetError as why:
        text = str(why)
        return [text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")]
    return fit_summary(result)
