"""``CardReviews``: a session's first attempts, rated and recorded as FSRS reviews of the learner's cards."""

from collections.abc import Callable
from datetime import datetime

from quizapp.core.grading.answer_rules import Grade
from quizapp.core.grading.code_judge import NOT_JUDGED_REASONS
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import wall_now
from quizapp.core.learning.review_rating import AttemptKind, FirstAttempt, review_rating, usual_seconds
from quizapp.core.model.questions import Question


class CardReviews:
    """The :class:`~quizapp.core.learning.review_hook.ReviewRecorder` of one learner's sessions."""

    def __init__(self, cards: CardStore, learner: str, now: Callable[[], datetime] = wall_now) -> None:
        """Record ``learner``'s reviews in ``cards``, dated by ``now``."""
        self.cards = cards
        self.learner = learner
        self.now = now

    def graded(
        self,
        question: Question,
        grade: Grade,
        answer: object,
        hints_used: int,
        seconds: float,
        *,
        response_id: int | None = None,
    ) -> None:
        """Rate a first attempt and review its card (a code run never judged is no review).

        The review keeps ``response_id``, the stored answer it was rated from.
        """
        kind = AttemptKind.WORKER_ERROR if grade.feedback in NOT_JUDGED_REASONS else AttemptKind.ANSWERED
        said = answer if isinstance(answer, str) else None
        attempt = FirstAttempt(question.type, kind, grade.fraction, hints_used, seconds, said)
        self._review(question, attempt, response_id)

    def skipped(self, question: Question) -> None:
        """A question shown and left unanswered: reviewed as Again."""
        self._review(question, FirstAttempt(question.type, AttemptKind.SKIPPED), None)

    def _review(self, question: Question, attempt: FirstAttempt, response_id: int | None) -> None:
        timed = [r.seconds for r in self.cards.reviews(self.learner) if r.question_type == question.type]
        rating = review_rating(attempt, usual_seconds(timed))
        if rating is not None:
            self.cards.review(
                self.learner,
                question,
                rating,
                now=self.now(),
                seconds=attempt.seconds,
                response_id=response_id,
            )
