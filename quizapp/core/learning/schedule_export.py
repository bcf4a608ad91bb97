"""The scheduling state as JSON (``quizapp export --schedule``): every learner's cards, with their reviews.

One document, ``format`` ``quizapp-schedule`` version 1::

    {"format": "quizapp-schedule", "version": 1, "exported_at": ISO time,
     "learners": [{"learner": NAME, "desired_retention": 0.9,
                   "parameters": [21 FSRS weights], "parameters_source": "default" | "fitted",
                   "fitted_at": ISO time | null, "fitted_reviews": N | null,
                   "cards": [CARD, ...]}]}

A card: ``question_id``, ``topic``, ``key_hash`` (what its key, code and choices hash to),
``state`` (learning, review or relearning), ``step`` (the learning step, null in review),
``stability`` (days) and ``difficulty`` (1 to 10; both null before the first review),
``due``, ``last_review``, ``introduced_at``, ``retrievability`` (FSRS's chance of recall at
``exported_at``), ``note`` (why it was reset, "" if never) and ``reviews``: each with
``reviewed_at``, ``rating`` (again, hard, good, easy), ``seconds``, ``retrievability`` (the
prediction just before), ``question_type`` and ``response_id`` (the stored answer it was
rated from; null for a question left unanswered).
"""

from datetime import datetime
from typing import Any

from quizapp.core.learning.card_schedule import CardSchedule, StoredCard
from quizapp.core.learning.card_store import CardStore, ReviewRecord

SCHEDULE_FORMAT = "quizapp-schedule"
SCHEDULE_VERSION = 1


def schedule_document(cards: CardStore, learners: list[str], now: datetime) -> dict[str, Any]:
    """The scheduling state of ``learners`` at ``now``, as a JSON-ready document (see the module)."""
    return {
        "format": SCHEDULE_FORMAT,
        "version": SCHEDULE_VERSION,
        "exported_at": now.isoformat(),
        "learners": [_learner(cards, learner, now) for learner in learners],
    }


def _learner(cards: CardStore, learner: str, now: datetime) -> dict[str, Any]:
    schedule = cards.schedule_for(learner)
    fitted = cards.fitted(learner)
    reviews: dict[str, list[ReviewRecord]] = {}
    for review in cards.reviews(learner):
        reviews.setdefault(review.question_id, []).append(review)
    return {
        "learner": learner,
        "desired_retention": schedule.scheduler.desired_retention,
        "parameters": list(schedule.parameters),
        "parameters_source": "default" if fitted is None else "fitted",
        "fitted_at": None if fitted is None else fitted.fitted_at.isoformat(),
        "fitted_reviews": None if fitted is None else fitted.reviews,
        "cards": [
            _card(stored, schedule, now, reviews.get(question_id, []))
            for question_id, stored in sorted(cards.cards(learner).items())
        ],
    }


def _card(
    stored: StoredCard, schedule: CardSchedule, now: datetime, reviews: list[ReviewRecord]
) -> dict[str, Any]:
    card = stored.card
    return {
        "question_id": stored.question_id,
        "topic": stored.topic,
        "key_hash": stored.key_hash,
        "state": card.state.name.lower(),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due.isoformat(),
        "last_review": None if card.last_review is None else card.last_review.isoformat(),
        "introduced_at": stored.introduced_at.isoformat(),
        "retrievability": schedule.retrievability(stored, now),
        "note": stored.note,
        "reviews": [
            {
                "reviewed_at": review.reviewed_at.isoformat(),
                "rating": review.rating.name.lower(),
                "seconds": review.seconds,
                "retrievability": review.retrievability,
                "question_type": review.question_type,
                "response_id": review.response_id,
            }
            for review in reviews
        ],
    }
