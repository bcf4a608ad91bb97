"""The requests screens post to the app: start, resume or retry a quiz (messages up, no import of the app)."""

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from quizapp.core.model.questions import Question
    from quizapp.core.session.quiz_plan import QuizRequest


class StartQuiz(Message):
    """Start a new quiz over the questions ``request`` asks for."""

    def __init__(self, request: "QuizRequest") -> None:
        super().__init__()
        self.request = request


class ResumeQuiz(Message):
    """Go on with the stored, unfinished session ``session_id`` after its last answer."""

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id


class RetryMissed(Message):
    """Practise ``questions`` (the ones just missed) in a new session, in place of the results."""

    def __init__(self, questions: "tuple[Question, ...]") -> None:
        super().__init__()
        self.questions = questions


class OpenLab(Message):
    """Open the clipping lab (``quizapp lab``'s screen) over the app's snippet runner."""


class OpenProgress(Message):
    """Open the progress screen: the learner's FSRS progress drawn as plots."""
