"""FSRS cards, one per learner and question, scheduled by the ``fsrs`` library; what counts as a change.

A card is keyed by its question's id and remembers the question's *key hash*
(:func:`key_hash`): a hash of what decides the right answer, and nothing of its wording.
Fixing a typo in a prompt, an explanation, a hint, a choice's text or feedback, or
retagging, keeps the card and its history; changing the key, the code (snippet,
parameters, check, starter), a tolerance, the concepts of an explain question, the back of
a flashcard, or the set of choice ids changes the hash. Such a card is *reset*: it starts
over as a new card, its past reviews are kept, and it carries a note the learner is shown
("changed on DATE: its schedule starts over"). An author who changes what a choice means
gives it a new id.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.core.model.questions import Question

WORDING_FIELDS = frozenset(
    {"prompt", "explanation", "hints", "tags", "topic", "difficulty", "points", "front"}
    | {"model_answer", "samples", "timeout", "devices", "shuffle"}
)
"""Fields that say *how* a question is put, not what its answer is: edits here keep the card."""
DESIRED_RETENTION = 0.9
"""The share of reviews the scheduler aims to have answered right (FSRS's default)."""


def key_hash(question: Question) -> str:
    """A short hash of what decides a question's answer: its key, code and choice ids.

    Wording (``WORDING_FIELDS``, and a choice's text and feedback) is left out, so a typo
    fix keeps the hash; see the module docstring.
    """
    content: dict[str, Any] = {
        name: value for name, value in question.model_dump(mode="json").items() if name not in WORDING_FIELDS
    }
    if "choices" in content:
        content["choices"] = sorted(choice["id"] for choice in content["choices"])
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def changed_note(when: datetime) -> str:
    """The note a reset card carries, for the learner."""
    return f"changed on {when:%Y-%m-%d} (its key, code or choices): its schedule starts over"


@dataclass(slots=True)
class StoredCard:
    """A learner's card for one question, as kept in the attempt database."""

    question_id: str
    key_hash: str
    topic: str
    card: Card
    introduced_at: datetime
    """When this card first entered the learner's schedule (or was reset)."""
    note: str = ""
    """Why the card was reset, for the learner ("" when it never was)."""
    row_id: int | None = field(default=None, compare=False)

    @property
    def due(self) -> datetime:
        """When the card is due next."""
        return self.card.due


class CardSchedule:
    """FSRS from the ``fsrs`` library: new cards, reviews and retrievability."""

    def __init__(
        self,
        *,
        desired_retention: float = DESIRED_RETENTION,
        fuzz: bool = False,
        parameters: Sequence[float] | None = None,
    ) -> None:
        """Schedule with FSRS's default parameters, or with ``parameters`` fitted to a learner.

        Args:
            desired_retention: The share of reviews to have answered right.
            fuzz: Spread long intervals a little at random (FSRS's own default). Off here:
                the same answers give the same schedule, one a learner (and a test) can
                follow; with at most ``NEW_PER_DAY`` new questions a day, few fall due together.
            parameters: FSRS's 21 weights (``quizapp stats --optimize`` fits them); None: the defaults.
        """
        self.fuzz = fuzz
        weights = tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS
        self.scheduler = Scheduler(weights, desired_retention=desired_retention, enable_fuzzing=fuzz)

    @property
    def parameters(self) -> tuple[float, ...]:
        """The FSRS weights this schedule uses."""
        return tuple(float(weight) for weight in self.scheduler.parameters)

    def with_parameters(self, parameters: Sequence[float]) -> "CardSchedule":
        """The same schedule (retention, fuzz) with other FSRS weights."""
        return CardSchedule(
            desired_retention=self.scheduler.desired_retention, fuzz=self.fuzz, parameters=parameters
        )

    def new_card(self, question: Question, now: datetime, *, note: str = "") -> StoredCard:
        """A card for ``question`` that has never been reviewed, due now."""
        digest = key_hash(question)
        card_id = int(hashlib.sha256(f"{question.id}:{digest}".encode()).hexdigest()[:12], 16)
        card = Card(card_id=card_id, due=_utc(now))
        return StoredCard(question.id, digest, question.topic, card, _utc(now), note)

    def current(self, stored: StoredCard | None, question: Question, now: datetime) -> StoredCard:
        """The card to review ``question`` with: the stored one, or a new or reset one."""
        if stored is None:
            return self.new_card(question, now)
        if stored.key_hash != key_hash(question):  # the same row, started over
            fresh = self.new_card(question, now, note=changed_note(now))
            fresh.introduced_at, fresh.row_id = stored.introduced_at, stored.row_id
            return fresh
        stored.topic = question.topic
        return stored

    def review(self, stored: StoredCard, rating: Rating, now: datetime, seconds: float) -> float:
        """Review ``stored`` in place with ``rating``; return its retrievability just before.

        Args:
            stored: The card (from :meth:`current`).
            rating: The rating of the first attempt.
            now: When the review happened.
            seconds: How long the answer took.
        """
        before = self.retrievability(stored, now)
        stored.card, _ = self.scheduler.review_card(
            stored.card, rating, review_datetime=_utc(now), review_duration=int(seconds * 1000)
        )
        return before

    def retrievability(self, stored: StoredCard, now: datetime) -> float:
        """The probability the learner recalls the card at ``now`` (0 for a new card)."""
        return float(self.scheduler.get_card_retrievability(stored.card, current_datetime=_utc(now)))


def _utc(when: datetime) -> datetime:
    """``when`` in UTC, as ``fsrs`` requires (a naive time is taken to be UTC)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
