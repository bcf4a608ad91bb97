"""What a session tells the scheduler: a question's first graded attempt, or that it was left unanswered."""

from typing import Protocol

from quizapp.core.grading.answer_rules import Grade
from quizapp.core.model.questions import Question


class ReviewRecorder(Protocol):
    """Turns a session's first attempts into reviews (``card_reviews.CardReviews``)."""

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
        """A question's first attempt was graded (``response_id``: the stored answer, when stored)."""
        ...

    def skipped(self, question: Question) -> None:
        """A question was shown and left unanswered when the session finished."""
        ...
