"""How one graded first attempt becomes one FSRS rating (Again, Hard, Good, Easy), or no review.

The mapping (the README's table states the same):

- wrong, skipped or given up (shown, then left unanswered) → Again;
- right, but helped by hints, or only partly right, or much slower than this learner
  usually is on this question type → Hard;
- right at once → Good;
- right at once and fast for this learner on this type → Easy, except on choice questions,
  where a guess is cheap;
- a flashcard keeps the learner's own rating (again, hard, good, easy → 1 to 4);
- an answer of the wrong shape, or code the worker could not run, is no review at all.

A retry follows only a first attempt that was not right, so it is rated Again already.
Speed counts only when it means something: an answer given in under ``MIN_HUMAN_SECONDS``
(piped from a script) is never slow or fast, and "usual" needs ``MIN_TIMED_REVIEWS``
earlier timed reviews of that type.
"""

from dataclasses import dataclass
from enum import StrEnum

from fsrs import Rating

CHOICE_TYPES = frozenset({"single_choice", "multiple_select", "true_false", "lab_prediction"})
"""Question types a guess can get right (a lab prediction picks a run or a generous range): never Easy."""
SELF_RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
"""A flashcard's self-rating, as the learner typed it, and its FSRS rating."""
SLOW_FACTOR = 2.0
"""An answer this many times the learner's usual time on the type, or more, is slow (Hard)."""
FAST_FACTOR = 0.5
"""An answer this fraction of the usual time, or less, is fast (Easy where allowed)."""
MIN_HUMAN_SECONDS = 1.0
"""Answers quicker than this came from a script or a paste: their time says nothing."""
MIN_TIMED_REVIEWS = 5
"""Earlier timed reviews of a type needed before "usual" means anything."""


class AttemptKind(StrEnum):
    """What happened to a question the learner was shown."""

    ANSWERED = "answered"
    """An answer was graded."""
    SKIPPED = "skipped"
    """Shown, then left unanswered (skipped, given up, or the time ran out)."""
    FORMAT_ERROR = "format_error"
    """The answer was not of the kind the question takes: not a review."""
    WORKER_ERROR = "worker_error"
    """The code could not be run (a problem on our side): not a review."""


@dataclass(frozen=True, slots=True)
class FirstAttempt:
    """A question's first graded attempt, as much as rating it needs."""

    question_type: str
    kind: AttemptKind
    fraction: float = 0.0
    """The grade, from 0 (wrong) to 1 (fully right), before hint penalties."""
    hints_used: int = 0
    seconds: float = 0.0
    """From showing the question to the answer."""
    self_rating: str | None = None
    """A flashcard's rating word, as typed."""


def review_rating(attempt: FirstAttempt, usual_seconds: float | None = None) -> Rating | None:
    """The FSRS rating of a first attempt, or None when it is no review.

    Args:
        attempt: The first attempt, graded.
        usual_seconds: This learner's usual (median) time on this question type, or None
            while too few timed reviews are known.

    Returns:
        The rating, per the module's table; None for format and worker errors, and for a
        flashcard rating that is not one.
    """
    if attempt.kind in (AttemptKind.FORMAT_ERROR, AttemptKind.WORKER_ERROR):
        return None
    if attempt.kind is AttemptKind.SKIPPED:
        return Rating.Again
    if attempt.question_type == "flashcard":
        return SELF_RATINGS.get((attempt.self_rating or "").strip().casefold())
    if attempt.fraction <= 0.0:
        return Rating.Again
    pace = _pace(attempt.seconds, usual_seconds)
    if attempt.fraction < 1.0 or attempt.hints_used > 0 or pace == "slow":
        return Rating.Hard
    if pace == "fast" and attempt.question_type not in CHOICE_TYPES:
        return Rating.Easy
    return Rating.Good


def _pace(seconds: float, usual_seconds: float | None) -> str:
    """Slow, fast or neither ("": usual, or unknown) against the learner's usual time."""
    if usual_seconds is None or seconds < MIN_HUMAN_SECONDS:
        return ""
    if seconds >= SLOW_FACTOR * usual_seconds:
        return "slow"
    if seconds <= FAST_FACTOR * usual_seconds:
        return "fast"
    return ""


def usual_seconds(timed: list[float]) -> float | None:
    """The median of a learner's earlier answer times on a type (None with too few).

    Args:
        timed: Earlier answer times in seconds; those under ``MIN_HUMAN_SECONDS`` are ignored.
    """
    human = sorted(seconds for seconds in timed if seconds >= MIN_HUMAN_SECONDS)
    if len(human) < MIN_TIMED_REVIEWS:
        return None
    middle = len(human) // 2
    return human[middle] if len(human) % 2 else (human[middle - 1] + human[middle]) / 2
