"""The base classes of every question model: strict, frozen, self-documenting."""

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from quizapp.core.model.fields import NonEmptyText, Slug
from quizapp.core.model.refused_characters import holds_refused, refused_characters


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

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Build the model's schema: numbers refuse booleans, texts refuse control characters.

        ``points: true`` is an error, and so is a text holding an escape a terminal would obey
        (``refused_characters``).

        pydantic's lax mode reads a boolean as 1 or 0 wherever a number is expected; in a quiz
        file that is always a slip. Strict mode would also refuse a quoted number (``'10'``),
        which authors may write, so a small check runs before each written number instead.
        """
        schema = handler(source)
        _add_checks(schema)
        return schema


_WRAPPED = "quizapp_checked"


def _add_checks(node: Any) -> None:
    """Put a check that refuses booleans in front of every int and float schema under ``node``.

    And one that refuses control characters behind every str schema (``refused_characters``).
    """
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            kind = item.get("type")
            if kind in ("int", "float", "str") and not item.get("metadata", {}).get(_WRAPPED):
                # marked, because a model's schema may be walked again as part of another's
                inner = {**item, "metadata": {**item.get("metadata", {}), _WRAPPED: True}}
                item.clear()
                if kind == "str":
                    item.update(core_schema.no_info_after_validator_function(_no_refused_characters, inner))
                else:
                    check = _not_a_boolean_int if kind == "int" else _not_a_boolean_float
                    item.update(core_schema.no_info_before_validator_function(check, inner))
                continue
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)


def _no_refused_characters(value: str) -> str:
    if holds_refused(value) is not None:
        shown = refused_characters(value)
        raise PydanticCustomError(
            "refused_character",
            "holds {shown}, which would act on the learner's terminal or reorder what they read; "
            "delete it (code that needs one writes it as Python does: '\\x1b')",
            {"shown": shown},
        )
    return value


def _not_a_boolean_int(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _not_a_boolean_float(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


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
