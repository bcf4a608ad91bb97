"""Grades an answer off the UI thread (a code answer runs in the sandbox) and posts what came of it."""

from textual import work
from textual.message import Message
from textual.widget import Widget

from quizapp.core.errors import QuizAppError
from quizapp.core.session.quiz_session import Outcome, QuizSession


class AnswerGrader(Widget):
    """Hands answers to the session in a thread; the screen hears back by message (not drawn)."""

    DEFAULT_CSS = "AnswerGrader { display: none; }"

    class Graded(Message):
        """The session graded and recorded the answer."""

        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    class Failed(Message):
        """The session did not take the answer, and says why."""

        def __init__(self, error: QuizAppError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, session: QuizSession) -> None:
        """Grade answers to ``session``'s questions."""
        super().__init__()
        self.session = session
        self.busy = False
        """An answer is being graded; the screen clears this once it has shown what came of it."""

    def grade(self, answer: object) -> None:
        """Start grading ``answer`` to the current question."""
        self.busy = True
        self._grade(answer)

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def _grade(self, answer: object) -> None:
        try:
            outcome = self.session.answer(answer)
        except QuizAppError as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Graded(outcome))
