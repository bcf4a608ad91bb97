"""A quiz session as a plain state machine, driven alike by the TUI, a line mode and tests.

Pick questions, present them one at a time, take answers, grade them, count hints and
seconds, move on, finish. Every answer is written to the attempt store the moment it is
graded. Modes: ``practice`` (feedback after each answer, retries allowed), ``exam``
(feedback only at the end, optional time limit; what is unanswered when time runs out
scores 0), ``review`` (practice over the questions a learner got wrong before) and
``flashcards`` (practice over flashcards only).
"""

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from quizapp.core.errors import QuizAppError
from quizapp.core.grading.answer_display import key_text
from quizapp.core.grading.answer_rules import Grade
from quizapp.core.grading.response_grading import (
    AnswerShapeError,
    CodeJudge,
    NoCodeJudgeError,
    grade_response,
)
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.fingerprints import question_hash
from quizapp.core.model.questions import Choice, Question
from quizapp.core.model.variant import Variant, make_variant
from quizapp.core.records.attempt_store import AttemptStore


class Mode(StrEnum):
    """How a session gives feedback and treats time."""

    PRACTICE = "practice"
    EXAM = "exam"
    REVIEW = "review"
    FLASHCARDS = "flashcards"


class SessionError(QuizAppError):
    """An action the session cannot take now (answering after the end, say)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What answering did. In an exam, ``grade`` is withheld (None) until the end."""

    points: float
    max_points: float
    grade: Grade | None
    can_retry: bool


@dataclass(slots=True)
class _Item:
    variant: Variant
    shown_at: float | None = None
    hints_used: int = 0
    answers: list[tuple[object, Grade, float]] = field(default_factory=list)
    """Each answer given: (raw answer, grade, points)."""

    @property
    def question(self) -> Question:
        """The question as written in the bank."""
        return self.variant.question


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One question's line on the results screen."""

    variant: Variant
    """The question as this learner saw it: filled-in prompt, snippet and explanation."""
    answer: object
    points: float
    max_points: float
    correct: bool
    hints_used: int
    timed_out: bool
    key: str = ""
    """The key as a learner reads it (the variant's own key for a parameterized question)."""

    @property
    def question(self) -> Question:
        """The question as written in the bank."""
        return self.variant.question


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
        """Questions not fully right, for a retry."""
        return tuple(result.question for result in self.questions if not result.correct)


class QuizSession:
    """One learner working through chosen questions; see the module docstring."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        mode: Mode,
        learner: str,
        seed: int,
        store: AttemptStore | None = None,
        judge: CodeJudge | None = None,
        time_limit_s: float | None = None,
        bank: str = "",
        quiz: str = "",
        clock: Callable[[], float] = time.monotonic,
        session_id: int | None = None,
    ) -> None:
        """Start (or, with ``session_id``, resume) a session over ``questions``, in this order."""
        self.mode = mode
        self.learner = learner
        self.seed = seed
        self.store = store
        self.judge = judge
        self.time_limit_s = time_limit_s if mode is Mode.EXAM else None
        self.clock = clock
        self.started_at = clock()
        self.items = [_Item(make_variant(question, learner=learner, seed=seed)) for question in questions]
        self.position = 0
        self.finished = False
        self.session_id = session_id
        if store is not None and session_id is None:
            self.session_id = store.start_session(
                learner,
                mode=mode.value,
                bank_fingerprint=bank,
                seed=seed,
                question_ids=[question.id for question in questions],
                settings={"time_limit_s": self.time_limit_s, "quiz": quiz},
            )
        if store is not None and session_id is not None:
            self._restore(store, session_id)

    def _restore(self, store: AttemptStore, session_id: int) -> None:
        """Take back the answers a resumed session already has, and go on after them."""
        items = {item.question.id: item for item in self.items}
        for response in store.responses(session_id):
            item = items.get(response.question_id)
            if item is not None:
                fraction = response.score / response.max_score if response.max_score else 0.0
                item.answers.append((response.answer, Grade(fraction), response.score))
                item.hints_used = response.hints_used
        while self.position < len(self.items) and self.items[self.position].answers:
            self.position += 1

    @property
    def current(self) -> Question | None:
        """The question being asked, or None once all have been."""
        if self.finished or self.position >= len(self.items):
            return None
        item = self.items[self.position]
        if item.shown_at is None:
            item.shown_at = self.clock()
        return item.question

    @property
    def variant(self) -> Variant:
        """The current question as this learner sees it (values drawn, texts filled in)."""
        return self._item().variant

    def prompt(self) -> str:
        """The current question's prompt, with its variant's values filled in."""
        return self.variant.prompt

    def explanation(self) -> str:
        """The current question's explanation, with its variant's values filled in."""
        return self.variant.explanation

    def code(self) -> str | None:
        """The current question's snippet, with its variant's values filled in."""
        return self.variant.code

    def choices(self) -> tuple[Choice, ...]:
        """The current question's choices in the order this learner sees them (empty without)."""
        return self.variant.choices

    @property
    def answered(self) -> int:
        """How many questions have an answer so far."""
        return sum(1 for item in self.items if item.answers)

    @property
    def hints_used(self) -> int:
        """Hints shown for the current question so far."""
        return self._item().hints_used

    @property
    def hints_left(self) -> int:
        """Hints the current question has not shown yet."""
        item = self._item()
        return len(item.question.hints) - item.hints_used

    def time_left(self) -> float | None:
        """Seconds left in a timed exam (never below 0); None when untimed."""
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - (self.clock() - self.started_at))

    def hint(self) -> str | None:
        """Reveal the next hint of the current question (None when there are no more)."""
        item = self._item()
        if item.hints_used >= len(item.question.hints):
            return None
        item.hints_used += 1
        return item.variant.hints[item.hints_used - 1]

    def answer(self, raw: object) -> Outcome:
        """Grade the current question's answer and store it at once.

        Raises:
            SessionError: The session is over, or its time ran out.
        """
        item = self._item()
        if self.time_left() == 0.0:
            raise SessionError("the time is up; the session can only be finished")
        if item.answers and self.mode is Mode.EXAM:
            raise SessionError("this question was answered already")
        try:
            graded = grade_response(item.variant, raw, hints_used=item.hints_used, judge=self.judge)
        except (AnswerShapeError, NoCodeJudgeError) as error:
            raise SessionError(str(error)) from None
        item.variant = graded.variant  # its key, once run, is kept for the results
        grade, points = graded.grade, graded.points
        item.answers.append((raw, grade, points))
        seconds = self.clock() - (item.shown_at or self.started_at)
        executed = isinstance(item.question, CodeTaskQuestion) or bool(item.variant.values)
        device, torch_version = self.judge.environment() if executed and self.judge else (None, None)
        if self.store is not None and self.session_id is not None:
            self.store.record_response(
                self.session_id,
                question_id=item.question.id,
                question_hash=question_hash(item.question),
                answer=raw,
                score=points,
                max_score=item.question.points,
                hints_used=item.hints_used,
                seconds=round(seconds, 3),
                variant=dict(item.variant.values) or None,
                device=device,
                torch_version=torch_version,
            )
        shown = grade if self.mode is not Mode.EXAM else None
        can_retry = self.mode is not Mode.EXAM and not grade.correct
        return Outcome(points, item.question.points, shown, can_retry)

    def next(self) -> Question | None:
        """Move on to the next question and return it (None at the end)."""
        self._item()
        self.position += 1
        return self.current

    def finish(self) -> Results:
        """End the session: unanswered questions score 0; mark it finished in the store."""
        self.finished = True
        timed_out = self.time_limit_s is not None and self.time_left() == 0.0
        results = []
        by_topic: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        by_level: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for item in self.items:
            raw, grade, points = item.answers[-1] if item.answers else (None, Grade(0.0), 0.0)
            question = item.question
            results.append(
                QuestionResult(
                    item.variant,
                    raw,
                    points,
                    question.points,
                    grade.correct,
                    item.hints_used,
                    timed_out and not item.answers,
                    key_text(question, item.variant.key),
                )
            )
            for bucket in (by_topic[question.topic], by_level[question.difficulty.value]):
                bucket[0] += points
                bucket[1] += question.points
        if self.store is not None and self.session_id is not None:
            self.store.finish_session(self.session_id)
        return Results(
            round(sum(r.points for r in results), 2),
            sum(r.max_points for r in results),
            round(self.clock() - self.started_at, 1),
            tuple(results),
            {name: (round(a, 2), b) for name, (a, b) in by_topic.items()},
            {name: (round(a, 2), b) for name, (a, b) in by_level.items()},
        )

    def _item(self) -> _Item:
        if self.current is None:
            raise SessionError("there is no current question: the session is over")
        return self.items[self.position]
