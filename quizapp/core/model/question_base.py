"""The base classes of every question model: strict, frozen, self-documenting."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from quizapp.core.model.fields import NonEmptyText, Slug


class Difficulty(StrEnum):
    """How hard a question is."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class StrictModel(BaseModel):
    """Base of every schema model: unknown keys are errors and loaded values never change."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
        defer_build=True,
    )


class QuestionBase(StrictModel):
    """Fields every question has."""

    id: Slug
    """Unique across the whole bank; lowercase words joined by hyphens."""
    topic: Slug
    """The topic this question belongs to; defaults to the quiz file's ``topic``."""
    tags: tuple[Slug, ...] = ()
    """Free keywords for filtering, e.g. ``[norm-type, rnn]``."""
    difficulty: Difficulty
    """One of beginner, intermediate, advanced."""
    hints: tuple[NonEmptyText, ...] = ()
    """Hints shown one at a time, in this order (Markdown)."""
    explanation: NonEmptyText
    """Why the answer is what it is; shown after answering (Markdown)."""
    points: float = Field(default=1.0, gt=0, le=100)
    """What a fully correct answer is worth."""
    same_fact_as: tuple[Slug, ...] = Field(default=(), exclude=True)
    """Ids of questions that test the same fact: a quiz draws at most one of them. Not part of
    the question's content hash, so declaring it keeps learners' cards and graded answers."""


class PromptedQuestion(QuestionBase):
    """A question with a Markdown prompt."""

    prompt: NonEmptyText
    """The question as the learner sees it (Markdown)."""
