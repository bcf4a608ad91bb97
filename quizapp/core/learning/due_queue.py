"""The due queue: the questions a learner's FSRS schedule says to ask now, topics interleaved.

Cards due now come first (the most overdue first), then questions never asked, at most
``NEW_PER_DAY`` a day (the learner's local day); topics take turns, so a session does not
drill one topic at a time. A question whose key, code or choices changed has its card
reset first (``CardStore.reset_changed``) and is due at once. A learner with nothing due is
told when the next question is.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.core.errors import QuizAppError
from quizapp.core.learning.card_schedule import StoredCard
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import wall_now
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore

NEW_PER_DAY = 10
"""New questions a learner meets per day, at most (Anki's default is 20 for shorter cards)."""


class NothingDueError(QuizAppError):
    """Nothing is due now; the message says when to come back."""


@dataclass(frozen=True, slots=True)
class DueQueue:
    """What is due for one learner now, and when more will be."""

    questions: tuple[Question, ...]
    """The questions to ask, in order: due ones, then new ones, topics taking turns."""
    due_now: int
    """How many questions of the pool are due now (the queue may hold fewer: ``count``)."""
    new_left: int
    """New questions the learner may still meet today."""
    next_due: datetime | None
    """When the next question not due yet falls due (None when there is none)."""
    changed: tuple[StoredCard, ...] = ()
    """Cards reset just now because their question changed (each carries its note)."""


def due_queue(
    cards: CardStore,
    learner: str,
    pool: Sequence[Question],
    *,
    now: datetime,
    count: int | None = None,
    new_per_day: int = NEW_PER_DAY,
) -> DueQueue:
    """The questions of ``pool`` due for ``learner`` at ``now``.

    Args:
        cards: The learner's cards.
        learner: Whose schedule it is.
        pool: The questions that may be asked (filtered by topic, type or difficulty), in
            the order new ones are introduced.
        now: The time to schedule against (UTC).
        count: At most this many questions (None: all that are due).
        new_per_day: New questions allowed per local day.
    """
    changed = tuple(cards.reset_changed(learner, list(pool), now))
    known = cards.cards(learner)
    today = now.astimezone().date()
    introduced_today = sum(1 for card in known.values() if card.introduced_at.astimezone().date() == today)
    new_left = max(0, new_per_day - introduced_today)
    due = sorted(
        (question for question in pool if question.id in known and known[question.id].due <= now),
        key=lambda question: known[question.id].due,
    )
    fresh = [question for question in pool if question.id not in known][:new_left]
    later = [known[q.id].due for q in pool if q.id in known and known[q.id].due > now]
    ordered = interleave_topics([*due, *fresh])
    return DueQueue(
        tuple(ordered if count is None else ordered[:count]),
        len(due),
        new_left,
        min(later, default=None),
        changed,
    )


def interleave_topics(questions: Sequence[Question]) -> list[Question]:
    """Topics take turns (in the order each first appears); each keeps its own order."""
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        by_topic[question.topic].append(question)
    turns = list(by_topic.values())
    return [turn[i] for i in range(max(map(len, turns), default=0)) for turn in turns if i < len(turn)]


def come_back_message(queue: DueQueue, learner: str, now: datetime) -> str:
    """What to tell a learner with nothing due: when the next question is, or that all are done."""
    if queue.next_due is None:
        return f"nothing is due for {learner}, and no new question is left to learn"
    wait = queue.next_due - now
    when = queue.next_due.astimezone()
    new = " (today's new questions are all taken)" if queue.new_left == 0 else ""
    return (
        f"nothing is due for {learner} now{new}; the next question is due {when:%Y-%m-%d %H:%M %Z} "
        f"(in {_duration(wait)}): come back then"
    )


def _duration(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = round(minutes / 60)
    return f"{hours} h" if hours < 48 else f"{round(hours / 24)} days"


def due_questions(
    store: AttemptStore | None,
    learner: str,
    pool: Sequence[Question],
    *,
    count: int | None,
    now: datetime | None = None,
) -> list[Question]:
    """The due queue's questions for a new session (``quizapp take --mode due``, the app's Due).

    Raises:
        NothingDueError: Nothing is due now (the message says when to come back), or there
            is no attempt database to keep a schedule in.
    """
    if store is None:
        raise NothingDueError("due mode keeps a schedule in the attempt database, and there is none")
    when = now or wall_now()
    queue = due_queue(CardStore(store), learner, pool, now=when, count=count)
    if not queue.questions:
        raise NothingDueError(come_back_message(queue, learner, when))
    return list(queue.questions)


def changed_notes(store: AttemptStore, learner: str, questions: Sequence[Question]) -> list[str]:
    """Notes on the questions whose card was reset and not reviewed since: "ID: changed on ..."."""
    cards = CardStore(store).cards(learner)
    return [
        f"{question.id} {cards[question.id].note}"
        for question in questions
        if question.id in cards and cards[question.id].note and cards[question.id].card.last_review is None
    ]
