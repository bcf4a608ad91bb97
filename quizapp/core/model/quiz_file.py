"""The model of one quiz file: a title, a default topic and its questions."""

from typing import Annotated, Any

from pydantic import model_validator

from quizapp.core.model.fields import NonEmptyText, Slug, Text, at_least
from quizapp.core.model.questions import Question, StrictModel


class QuizFile(StrictModel):
    """One YAML file of the bank: a quiz with its questions."""

    title: NonEmptyText
    """The quiz's name as learners see it."""
    description: Text = ""
    """What the quiz covers (Markdown)."""
    topic: Slug | None = None
    """The topic of every question that names none itself."""
    questions: Annotated[tuple[Question, ...], *at_least(1, "question")]
    """The questions, in the order authored."""

    @model_validator(mode="before")
    @classmethod
    def _default_topic(cls, data: Any) -> Any:
        """Give questions without a ``topic`` the quiz's own before they are validated."""
        if not isinstance(data, dict):
            return data
        topic = data.get("topic")
        questions = data.get("questions")
        if topic is None or not isinstance(questions, list):
            return data
        filled = [
            {**question, "topic": topic}
            if isinstance(question, dict) and "topic" not in question
            else question
            for question in questions
        ]
        return {**data, "questions": filled}
