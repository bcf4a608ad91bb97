"""A learner's progress over time, from their FSRS cards and reviews: per topic, per day, and as text.

- *Expected known*: the sum of the cards' retrievability now (FSRS's chance of a right
  answer), against the topic's questions: "3.2 of 8 (40%)".
- *Retention*: the share of reviews of questions seen before that were not Again, against
  the scheduler's desired retention (0.9).
- *Reviews per day* over the last week, and the *streak*: days in a row, up to today (or
  yesterday, while today is still open), with at least one review.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Rating

from quizapp.core.learning.card_store import CardStore, FittedParameters, ReviewRecord
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore

WEEK = 7


@dataclass(frozen=True, slots=True)
class TopicProgress:
    """One topic's standing."""

    topic: str
    questions: int
    """Questions in the topic (in the bank, or at least those with a card)."""
    cards: int
    """Questions the learner has met."""
    expected_known: float
    """The sum of the cards' retrievability now."""
    retention: float | None
    """Share of reviews of known questions that were not Again (None before any)."""


@dataclass(frozen=True, slots=True)
class Progress:
    """A learner's progress now."""

    topics: tuple[TopicProgress, ...]
    last_week: tuple[int, ...]
    """Reviews on each of the last seven local days, oldest first (today last)."""
    streak: int
    due_now: int
    next_due: datetime | None
    desired_retention: float
    changed: tuple[str, ...] = ()
    """Notes on cards reset by a changed question: "ID changed on ...: its schedule starts over"."""
    fitted: FittedParameters | None = None
    """The FSRS weights fitted to this learner (``stats --optimize``); None: FSRS's defaults."""


def learning_progress(store: AttemptStore, learner: str, bank: Sequence[Question], now: datetime) -> Progress:
    """The learner's progress at ``now``; ``bank`` gives each topic's number of questions."""
    cards = CardStore(store)
    known = cards.cards(learner)
    reviews = cards.reviews(learner)
    schedule = cards.schedule_for(learner)
    in_bank = Counter(question.topic for question in bank)
    by_topic: dict[str, list[ReviewRecord]] = defaultdict(list)
    for review in reviews:
        by_topic[review.topic].append(review)
    topics = []
    for topic in sorted({card.topic for card in known.values()}):
        mine = [card for card in known.values() if card.topic == topic]
        chance = sum(schedule.retrievability(card, now) for card in mine)
        seen_before = [review for review in by_topic[topic] if review.retrievability > 0]
        kept = sum(1 for review in seen_before if review.rating is not Rating.Again)
        retention = kept / len(seen_before) if seen_before else None
        topics.append(TopicProgress(topic, max(in_bank[topic], len(mine)), len(mine), chance, retention))
    days = Counter(review.reviewed_at.astimezone().date() for review in reviews)
    today = now.astimezone().date()
    return Progress(
        tuple(topics),
        tuple(days[today - timedelta(days=back)] for back in reversed(range(WEEK))),
        _streak(days, today),
        sum(1 for card in known.values() if card.due <= now),
        min((card.due for card in known.values() if card.due > now), default=None),
        schedule.scheduler.desired_retention,
        tuple(f"{qid} {card.note}" for qid, card in sorted(known.items()) if card.note),
        cards.fitted(learner),
    )


def _streak(days: Counter[date], today: date) -> int:
    day = today if days[today] else today - timedelta(days=1)
    streak = 0
    while days[day]:
        streak, day = streak + 1, day - timedelta(days=1)
    return streak


def progress_lines(progress: Progress) -> list[str]:
    """The progress as lines of plain text (``quizapp stats``)."""
    if not progress.topics:
        return ["Learning over time: no reviews yet (quizapp take --plain --mode due starts them)."]
    lines = [f"Learning over time (desired retention {100 * progress.desired_retention:.0f}%):"]
    lines.append(f"  {'topic':<24} {'expected known':>18}  {'retention':>9}")
    for topic in progress.topics:
        percent = 100 * topic.expected_known / topic.questions
        share = f"{topic.expected_known:.1f} of {topic.questions} ({percent:.0f}%)"
        retention = "-" if topic.retention is None else f"{100 * topic.retention:.0f}%"
        lines.append(f"  {topic.topic:<24} {share:>18}  {retention:>9}")
    week = " ".join(str(count) for count in progress.last_week)
    average = sum(progress.last_week) / len(progress.last_week)
    lines.append(f"  Reviews per day, last 7 days (today last): {week} (average {average:.1f})")
    lines.append(f"  Streak: {progress.streak} day{'s' * (progress.streak != 1)}")
    when = (
        "" if progress.next_due is None else f"; next due {progress.next_due.astimezone():%Y-%m-%d %H:%M %Z}"
    )
    lines.append(f"  Due now: {progress.due_now}{when}")
    lines.extend(f"  Changed: {note}" for note in progress.changed)
    lines.append(f"  {weights_line(progress.fitted)}")
    return lines


def weights_line(fitted: FittedParameters | None) -> str:
    """Which FSRS weights schedule the learner: their own (when, and to how many reviews) or the defaults."""
    if fitted is None:
        return "FSRS weights: the defaults (quizapp stats --optimize fits your own)"
    return f"FSRS weights: yours, fitted {fitted.fitted_at:%Y-%m-%d} to {fitted.reviews} reviews"
