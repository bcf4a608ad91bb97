"""``CardStore``: learners' FSRS cards and reviews in the attempt database, each review committed at once.

It keeps its tables (migration 3: ``card`` and ``review``) beside the answers, through the
:class:`~quizapp.core.records.attempt_store.AttemptStore`'s own connection and lock: a
review and its card's new state are one transaction, so after a crash both or neither are
there, as with answers.
"""

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating

from quizapp.core.learning.card_schedule import CardSchedule, StoredCard
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore

_CARD_SELECT = (
    "SELECT card.id, question_id, key_hash, topic, fsrs, introduced_at, note FROM card"
    " JOIN learner ON learner.id = card.learner_id WHERE learner.name = ?"
)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One stored review: a question's first attempt, rated."""

    question_id: str
    topic: str
    question_type: str
    rating: Rating
    seconds: float
    retrievability: float
    """What FSRS predicted just before: the chance of a right answer (0 for a new card)."""
    reviewed_at: datetime
    response_id: int | None = None
    """The stored answer this review came from (None: a question left unanswered, or an older review)."""
    card_row: int = 0
    """The card's row: reviews of one card share it (the optimizer's card id)."""


@dataclass(frozen=True, slots=True)
class FittedParameters:
    """FSRS weights fitted to one learner's reviews (``quizapp stats --optimize``)."""

    parameters: tuple[float, ...]
    reviews: int
    """How many reviews they were fitted to."""
    fitted_at: datetime


class CardStore:
    """The cards and reviews of every learner, in one attempt database."""

    def __init__(self, store: AttemptStore, schedule: CardSchedule | None = None) -> None:
        """Keep cards in ``store``'s database, scheduled by ``schedule`` (FSRS's defaults)."""
        self.store = store
        self.schedule = schedule or CardSchedule()

    def learners(self) -> list[str]:
        """The learners with at least one card, by name."""
        with self.store.connection() as db:
            rows = db.execute(
                "SELECT DISTINCT learner.name FROM card JOIN learner ON learner.id = card.learner_id"
                " ORDER BY learner.name"
            ).fetchall()
        return [str(row[0]) for row in rows]

    def cards(self, learner: str) -> dict[str, StoredCard]:
        """The learner's cards, by question id."""
        with self.store.connection() as db:
            rows = db.execute(_CARD_SELECT, (learner,)).fetchall()
        return {row[1]: _card(row) for row in rows}

    def review(
        self,
        learner: str,
        question: Question,
        rating: Rating,
        *,
        now: datetime,
        seconds: float,
        response_id: int | None = None,
    ) -> StoredCard:
        """Review ``question``'s card (made, or reset when the question changed) and store both.

        Args:
            learner: Whose card it is.
            question: The question reviewed.
            rating: The first attempt's rating.
            now: When it was answered.
            seconds: How long the answer took.
            response_id: The stored answer the review comes from (None: left unanswered).

        Returns:
            The card after the review.
        """
        learner_id = self.store.learner_id(learner)
        schedule = self.schedule_for(learner)
        with self.store.connection(write=True) as db:
            row = db.execute(f"{_CARD_SELECT} AND question_id = ?", (learner, question.id)).fetchone()
            stored = schedule.current(_card(row) if row else None, question, now)
            before = schedule.review(stored, rating, now, seconds)
            card_id = _save(db, learner_id, stored)
            db.execute(
                "INSERT INTO review(card_id, question_type, rating, seconds, retrievability, reviewed_at,"
                " response_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card_id, question.type, int(rating), seconds, before, now.isoformat(), response_id),
            )
        return stored

    def schedule_for(self, learner: str) -> CardSchedule:
        """The schedule of ``learner``'s cards: with their fitted FSRS weights, if any, else the defaults."""
        fitted = self.fitted(learner)
        return self.schedule if fitted is None else self.schedule.with_parameters(fitted.parameters)

    def fitted(self, learner: str) -> FittedParameters | None:
        """The FSRS weights fitted to ``learner``'s reviews, or None (never fitted)."""
        with self.store.connection() as db:
            row = db.execute(
                "SELECT parameters, reviews, fitted_at FROM fsrs_parameters"
                " JOIN learner ON learner.id = fsrs_parameters.learner_id WHERE learner.name = ?",
                (learner,),
            ).fetchone()
        if row is None:
            return None
        return FittedParameters(tuple(json.loads(row[0])), int(row[1]), datetime.fromisoformat(row[2]))

    def save_fitted(self, learner: str, fitted: FittedParameters) -> None:
        """Keep ``fitted`` as ``learner``'s FSRS weights: their next reviews are scheduled with them."""
        learner_id = self.store.learner_id(learner)
        with self.store.connection(write=True) as db:
            db.execute(
                "INSERT INTO fsrs_parameters(learner_id, parameters, reviews, fitted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(learner_id) DO UPDATE SET parameters = excluded.parameters,"
                " reviews = excluded.reviews, fitted_at = excluded.fitted_at",
                (
                    learner_id,
                    json.dumps(list(fitted.parameters)),
                    fitted.reviews,
                    fitted.fitted_at.isoformat(),
                ),
            )

    def reset_changed(self, learner: str, questions: list[Question], now: datetime) -> list[StoredCard]:
        """Reset the learner's cards whose question changed (key, code or choices); return them."""
        cards = self.cards(learner)
        reset = []
        for question in questions:
            stored = cards.get(question.id)
            if stored is not None and (fresh := self.schedule.current(stored, question, now)) is not stored:
                reset.append(fresh)
        if reset:
            learner_id = self.store.learner_id(learner)
            with self.store.connection(write=True) as db:
                for stored in reset:
                    _save(db, learner_id, stored)
        return reset

    def reviews(self, learner: str) -> list[ReviewRecord]:
        """The learner's reviews, oldest first."""
        with self.store.connection() as db:
            rows = db.execute(
                "SELECT question_id, topic, question_type, rating, seconds, retrievability, reviewed_at,"
                " response_id, card.id FROM review JOIN card ON card.id = review.card_id"
                " JOIN learner ON learner.id = card.learner_id"
                " WHERE learner.name = ? ORDER BY review.id",
                (learner,),
            ).fetchall()
        return [
            ReviewRecord(
                qid,
                topic,
                kind,
                Rating(rating),
                seconds,
                chance,
                datetime.fromisoformat(when),
                response,
                card,
            )
            for qid, topic, kind, rating, seconds, chance, when, response, card in rows
        ]


def _card(row: tuple[int, str, str, str, str, str, str]) -> StoredCard:
    row_id, question_id, digest, topic, state, introduced_at, note = row
    card = Card.from_dict(json.loads(state))
    return StoredCard(question_id, digest, topic, card, datetime.fromisoformat(introduced_at), note, row_id)


def _save(db: sqlite3.Connection, learner_id: int, stored: StoredCard) -> int:
    """Insert or update the card's row; return its id."""
    values = (
        stored.key_hash,
        stored.topic,
        json.dumps(stored.card.to_dict()),
        stored.due.isoformat(),
        stored.introduced_at.isoformat(),
        stored.note,
    )
    if stored.row_id is None:
        cursor = db.execute(
            "INSERT INTO card(learner_id, question_id, key_hash, topic, fsrs, due, introduced_at, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (learner_id, stored.question_id, *values),
        )
        stored.row_id = int(cursor.lastrowid or 0)
    else:
        db.execute(
            "UPDATE card SET key_hash = ?, topic = ?, fsrs = ?, due = ?, introduced_at = ?, note = ?"
            " WHERE id = ?",
            (*values, stored.row_id),
        )
    return stored.row_id
