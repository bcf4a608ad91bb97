"""What answering did, and how a session ended: the first graded attempt is each question's score.

Retries are kept and shown as practice (``QuestionResult.retries``), never scored; a
question is *missed* by the one rule in ``attempt_rules.is_missed``. Flashcards are
self-assessment: outside flashcards mode they are listed but left out of every total.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from quizapp.core.grading.answer_rules import Grade
from quizapp.core.grading.attempt_rules import is_missed
from quizapp.core.model.questions import Question
from quizapp.core.model.variant import Variant


@dataclass(frozen=True, slots=True)
class Outcome:
    """What answering did. In an exam, ``grade`` is withheld (None) until the end."""

    points: float
    max_points: float
    grade: Grade | None
    can_retry: bool
    practice: bool = False
    """A retry: shown for learning, not scored (the first attempt is the score)."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer given to a question."""

    answer: object
    grade: Grade
    points: float
    hints_used: int
    """Hints shown before this answer was given."""


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One question's line on the results screen: its first attempt, and the retries after it."""

    variant: Variant
    """The question as this learner saw it: filled-in prompt, snippet and explanation."""
    answer: object
    """The first answer (None when unanswered): the one that is scored."""
    points: float
    max_points: float
    correct: bool
    hints_used: int
    """Hints shown before the first answer."""
    timed_out: bool
    key: str = ""
    """The key as a learner reads it (the variant's own key for a parameterized question)."""
    retries: tuple[Attempt, ...] = ()
    """Answers after the first: practice, shown but not scored."""
    scored: bool = True
    """False for a flashcard outside flashcards mode: a self-rating, not in the totals."""

    @property
    def question(self) -> Question:
        """The question as written in the bank."""
        return self.variant.question

    @property
    def missed(self) -> bool:
        """Whether the first attempt was wrong, partly right, helped by hints, or never given."""
        return is_missed(self.points, self.max_points, self.hints_used)

    @property
    def practice_note(self) -> str:
        """How the retries went, labelled as practice ("" without retries)."""
        if not self.retries:
            return ""
        count = len(self.retries)
        last = "right" if self.retries[-1].grade.correct else "still not right"
        return f"{count} retr{'y' if count == 1 else 'ies'}, {last} at the end (practice, not scored)"


@dataclass(frozen=True, slots=True)
class Results:
    """The end of a session: the score and its breakdowns."""

    points: float
    max_points: float
    seconds: float
    questions: tuple[QuestionResult, ...]
    by_topic: dict[str, tuple[float, float]]
    by_difficulty: dict[str, tuple[float, float]]

    @property
    def percentage(self) -> float:
        """The score as a percentage (0 for an empty session)."""
        return round(100 * self.points / self.max_points, 1) if self.max_points else 0.0

    @property
    def missed(self) -> tuple[Question, ...]:
        """The questions missed (first attempt not fully right, or hinted), for a retry or review."""
        return tuple(result.question for result in self.questions if result.missed)


def tally(results: Iterable[QuestionResult], seconds: float) -> Results:
    """The session's totals over the scored results, by topic and by difficulty."""
    results = tuple(results)
    by_topic: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    by_level: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    scored = [result for result in results if result.scored]
    for result in scored:
        question = result.question
        for bucket in (by_topic[question.topic], by_level[question.difficulty.value]):
            bucket[0] += result.points
            bucket[1] += result.max_points
    return Results(
        round(sum(r.points for r in scored), 2),
        sum(r.max_points for r in scored),
        seconds,
        results,
        {name: (round(a, 2), b) for name, (a, b) in by_topic.items()},
        {name: (round(a, 2), b) for name, (a, b) in by_level.items()},
    )
