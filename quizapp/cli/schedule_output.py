"""What ``quizapp export --schedule`` writes: the learners' FSRS cards and reviews as one JSON file."""

import json
from pathlib import Path

from quizapp.core.errors import QuizAppError
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import wall_now
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
    return f"Wrote {out}: {count} cards of {len(learners)} learner{'s' * (len(learners) != 1)}."
