"""One place that turns a learner's request, or a stored session id, into a ready ``QuizSession``.

The full-screen app and plain mode both start, restart and resume sessions through
:class:`SessionStarter`, so the questions picked, the seed, the bank fingerprint and a
resumed exam's remaining time are worked out the same way everywhere.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from quizapp.core.errors import QuizAppError
from quizapp.core.grading.response_grading import CodeJudge
from quizapp.core.learning.card_reviews import CardReviews
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import wall_now
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest, plan_questions, questions_by_id, time_left_on_resume
from quizapp.core.session.quiz_session import SELF_STUDY, Mode, QuizSession, SessionRules


class NothingToAskError(QuizAppError):
    """No question matches what the learner asked for (or there is nothing to review)."""


class CannotResumeError(QuizAppError):
    """A stored session cannot be taken up again (unknown, finished, or its questions are gone)."""


def _why_none_matches(request: QuizRequest) -> str:
    """Why a bank with questions gave none for ``request``: the filters it names, or its mode."""
    if request.mode is Mode.REVIEW:
        return "nothing to review: no question was answered wrongly yet"
    filters = [
        f"{name} {' or '.join(repr(value) for value in values)}"
        for name, values in (
            ("topic", request.topics),
            ("difficulty", request.difficulties),
            ("type", request.types),
        )
        if values
    ]
    among = " among the flashcards" if request.mode is Mode.FLASHCARDS else ""
    if filters:
        return f"no question matches {' and '.join(filters)}{among}"
    if request.mode is Mode.FLASHCARDS:
        return "the bank has no flashcards"
    return "no question matches this request"


@dataclass(frozen=True, slots=True)
class SessionStarter:
    """Builds sessions over one bank, for one learner, recording into one store."""

    bank: Sequence[Question]
    """Every question of the loaded bank."""
    learner: str
    """Whose session it is."""
    store: AttemptStore | None = None
    """Where answers are recorded and past mistakes found (None: nothing is stored)."""
    judge: CodeJudge | None = None
    """Grades code; None when no question of the session runs code."""
    clock: Callable[[], float] = time.monotonic
    """The sessions' clock."""
    now: Callable[[], datetime] = wall_now
    """The wall clock that dates reviews of the learner's cards (issue 13)."""

    def _reviews(self) -> CardReviews | None:
        """Every first attempt becomes a review of the learner's card, when there is a store."""
        return CardReviews(CardStore(self.store), self.learner, self.now) if self.store else None

    def _due_now(self, request: QuizRequest) -> datetime | None:
        """The wall clock's time, read only when due mode schedules against it."""
        return self.now() if request.mode is Mode.DUE else None

    def plan(self, request: QuizRequest, *, seed: int) -> list[Question]:
        """The questions ``request`` asks for, shuffled by ``seed``.

        Raises:
            NothingToAskError: The bank has no questions, or none matches (in review mode: none
                was answered wrongly yet); it says which.
        """
        if not self.bank:  # no filter is to blame: every file was left out, or there were none
            raise NothingToAskError("the bank has no questions to ask (run 'quizapp validate' to see why)")
        questions = plan_questions(
            self.bank, request, seed=seed, store=self.store, learner=self.learner, now=self._due_now(request)
        )
        if request.assignment is not None and len(questions) < len(request.assignment.questions):
            known = {question.id for question in questions}
            absent = [qid for qid in request.assignment.questions if qid not in known]
            raise NothingToAskError(f"the assignment asks for questions not in the bank: {', '.join(absent)}")
        if not questions:
            raise NothingToAskError(_why_none_matches(request))
        return questions

    def start(self, request: QuizRequest, *, seed: int) -> QuizSession:
        """A new session over the questions ``request`` asks for.

        An assignment's request is taken with the assignment's own seed and rules.

        Raises:
            NothingToAskError: No question matches the request (or the assignment's are not
                all in the bank).
        """
        assignment = request.assignment
        rules = SELF_STUDY
        if assignment is not None:
            seed = assignment.seed
            rules = SessionRules(assignment.fingerprint, assignment.hints, assignment.attempts)
        return self.start_over(
            self.plan(request, seed=seed),
            mode=request.mode,
            title=request.title(),
            seed=seed,
            time_limit_s=request.time_limit_s,
            rules=rules,
        )

    def start_over(
        self,
        questions: Sequence[Question],
        *,
        mode: Mode,
        title: str,
        seed: int,
        time_limit_s: float | None = None,
        rules: SessionRules = SELF_STUDY,
    ) -> QuizSession:
        """A new session over exactly ``questions``, in this order (a retry of missed ones, say)."""
        return QuizSession(
            questions,
            mode=mode,
            learner=self.learner,
            seed=seed,
            store=self.store,
            judge=self.judge,
            time_limit_s=time_limit_s,
            bank=bank_fingerprint(self.bank),
            quiz=title,
            clock=self.clock,
            rules=rules,
            reviews=self._reviews(),
        )

    def resume(self, session_id: int, *, now: datetime | None = None) -> QuizSession:
        """The stored, unfinished session ``session_id``, going on after its last answer.

        A timed exam's clock kept running while the learner was away: it resumes with its
        limit less the time since it started (0 left: it can only be finished).

        Args:
            session_id: The stored session's id.
            now: The wall-clock time to measure an exam's absence against (default: now).

        Raises:
            CannotResumeError: The learner has no such session, it was finished, or none of its
                questions is in the bank any more.
        """
        if self.store is None:
            raise CannotResumeError("sessions can only be resumed from an attempt database")
        record = next((kept for kept in self.store.sessions(self.learner) if kept.id == session_id), None)
        if record is None:
            raise CannotResumeError(f"{self.learner} has no stored session {session_id}")
        if record.finished_at is not None:
            raise CannotResumeError(f"session {session_id} was finished already")
        questions = questions_by_id(self.bank, record.question_ids)
        if not questions:
            raise CannotResumeError("the questions of that quiz are no longer in the bank")
        return QuizSession(
            questions,
            mode=Mode(record.mode),
            learner=self.learner,
            seed=record.seed,
            store=self.store,
            judge=self.judge,
            time_limit_s=time_left_on_resume(record, now or datetime.now(UTC)),
            bank=bank_fingerprint(self.bank),
            clock=self.clock,
            session_id=record.id,
            rules=SessionRules.from_settings(record.settings),
            reviews=self._reviews(),
        )
