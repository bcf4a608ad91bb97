"""A quiz session as a plain state machine, driven alike by the TUI, a line mode and tests.

Pick questions, present them one at a time, take answers, grade them, count hints and
seconds, move on, finish. Every answer is written to the attempt store the moment it is
graded. Modes: ``practice`` (feedback after each answer, retries allowed), ``exam``
(feedback only at the end, optional time limit; what is unanswered when time runs out
scores 0), ``review`` (practice over the questions a learner missed before) and
``flashcards`` (practice over flashcards only). Each question's first graded attempt is
its score; retries are practice (see ``session_results``). A session taken from an
assignment names it, may refuse hints and may allow fewer attempts.
"""

import time
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
from quizapp.core.learning.review_hook import ReviewRecorder
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.fingerprints import question_hash
from quizapp.core.model.questions import Choice, Question
from quizapp.core.model.variant import Variant, make_variant
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.gradebook import SELF_RATED_TYPE
from quizapp.core.session.session_results import Attempt, Outcome, QuestionResult, Results, tally
from quizapp.core.session.session_rules import SELF_STUDY, SessionRules, time_left

__all__ = ["SELF_STUDY", "Mode", "Outcome", "QuestionResult", "QuizSession", "Results", "SessionRules"]


class Mode(StrEnum):
    """How a session gives feedback and treats time."""

    PRACTICE = "practice"
    EXAM = "exam"
    REVIEW = "review"
    FLASHCARDS = "flashcards"
    DUE = "due"
    """Practice over the questions the learner's FSRS schedule says are due (``core.learning``)."""


class SessionError(QuizAppError):
    """An action the session cannot take now (answering after the end, say)."""


@dataclass(slots=True)
class _Item:
    variant: Variant
    shown_at: float | None = None
    hints_used: int = 0
    answers: list[Attempt] = field(default_factory=list)

    @property
    def question(self) -> Question:
        """The question as written in the bank."""
        return self.variant.question


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
        rules: SessionRules = SELF_STUDY,
        reviews: ReviewRecorder | None = None,
    ) -> None:
        """Start (or, with ``session_id``, resume) a session over ``questions``, in this order."""
        self.mode = mode
        self.rules = rules
        self.reviews = reviews
        """Told each first attempt (and each question left unanswered), to schedule reviews."""
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
                settings={"time_limit_s": self.time_limit_s, "quiz": quiz, **rules.settings()},
            )
        if store is not None and session_id is not None:
            self._restore(store, session_id)

    def _restore(self, store: AttemptStore, session_id: int) -> None:
        """Take back the answers a resumed session already has, and go on after them."""
        items = {item.question.id: item for item in self.items}
        for response in store.responses(session_id):
            item = items.get(response.question_id)
            if item is not None:
                grade = Grade(response.score / response.max_score if response.max_score else 0.0)
                item.answers.append(Attempt(response.answer, grade, response.score, response.hints_used))
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
    def hints_allowed(self) -> bool:
        """Whether this session shows hints at all (an assignment may turn them off)."""
        return self.rules.hints

    @property
    def hints_left(self) -> int:
        """Hints the current question has not shown yet (0 when hints are off)."""
        item = self._item()
        return len(item.question.hints) - item.hints_used if self.rules.hints else 0

    def time_left(self) -> float | None:
        """Seconds left in a timed exam (never below 0); None when untimed."""
        return time_left(self.time_limit_s, self.clock() - self.started_at)

    def hint(self) -> str | None:
        """Reveal the next hint of the current question (None when there are no more).

        Raises:
            SessionError: Hints are off in this session (its assignment says so).
        """
        item = self._item()
        if not self.rules.hints:
            raise SessionError("hints are off in this assignment")
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
        if refused := self.rules.attempt_refused(self.mode, len(item.answers)):
            raise SessionError(refused)
        try:
            graded = grade_response(item.variant, raw, hints_used=item.hints_used, judge=self.judge)
        except (AnswerShapeError, NoCodeJudgeError) as error:
            raise SessionError(str(error)) from None
        item.variant = graded.variant  # its key, once run, is kept for the results
        grade, points = graded.grade, graded.points
        item.answers.append(Attempt(raw, grade, points, item.hints_used))
        seconds = self.clock() - (item.shown_at or self.started_at)
        executed = isinstance(item.question, CodeTaskQuestion) or bool(item.variant.values)
        device, torch_version = self.judge.environment() if executed and self.judge else (None, None)
        response_id = None
        if self.store is not None and self.session_id is not None:
            response_id = self.store.record_response(
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
        if self.reviews is not None and len(item.answers) == 1:
            self.reviews.graded(
                item.question, grade, raw, item.hints_used, round(seconds, 3), response_id=response_id
            )
        shown = grade if self.mode is not Mode.EXAM else None
        attempts_left = self.rules.attempts is None or len(item.answers) < self.rules.attempts
        can_retry = self.mode is not Mode.EXAM and not grade.correct and attempts_left
        return Outcome(points, item.question.points, shown, can_retry, practice=len(item.answers) > 1)

    def next(self) -> Question | None:
        """Move on to the next question and return it (None at the end)."""
        self._item()
        self.position += 1
        return self.current

    def finish(self) -> Results:
        """End the session and mark it finished in the store.

        Each question scores its first graded attempt (unanswered: 0); retries are listed as
        practice. Flashcards count only in flashcards mode: elsewhere they are self-assessment.
        """
        self.finished = True
        timed_out = self.time_limit_s is not None and self.time_left() == 0.0
        results = []
        for item in self.items:
            question = item.question
            first = item.answers[0] if item.answers else Attempt(None, Grade(0.0), 0.0, item.hints_used)
            results.append(
                QuestionResult(
                    item.variant,
                    first.answer,
                    first.points,
                    question.points,
                    first.grade.correct,
                    first.hints_used,
                    timed_out and not item.answers,
                    key_text(question, item.variant.key),
                    retries=tuple(item.answers[1:]),
                    scored=self.mode is Mode.FLASHCARDS or question.type != SELF_RATED_TYPE,
                )
            )
        if self.store is not None and self.session_id is not None:
            self.store.finish_session(self.session_id)
        if self.reviews is not None:  # shown and left unanswered: skipped, or given up
            for item in self.items:
                if item.shown_at is not None and not item.answers:
                    self.reviews.skipped(item.question)
        return tally(results, round(self.clock() - self.started_at, 1))

    def _item(self) -> _Item:
        if self.current is None:
            raise SessionError("there is no current question: the session is over")
        return self.items[self.position]
