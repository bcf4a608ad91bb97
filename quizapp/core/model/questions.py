"""The question model: one pydantic class per question type, joined on ``type``."""

import re
from typing import Annotated, Literal, get_args

from pydantic import Field, StrictBool, ValidationInfo, field_validator

from quizapp.core.model.code_questions import (
    NO_ERROR,
    CodeErrorQuestion,
    CodeOutputQuestion,
    CodeTaskQuestion,
    ExecutableQuestion,
)
from quizapp.core.model.explain_question import Concept, ConceptSample, ExplainQuestion
from quizapp.core.model.fields import (
    NonEmptyText,
    RelativeTolerance,
    Slug,
    Text,
    Tolerance,
    at_least,
    tolerance_problem,
)
from quizapp.core.model.lab_prediction import LabPredictionQuestion, LabRun
from quizapp.core.model.pattern_safety import pattern_problem
from quizapp.core.model.question_base import Difficulty, PromptedQuestion, QuestionBase, StrictModel

__all__ = [
    "NO_ERROR",
    "CodeErrorQuestion",
    "CodeOutputQuestion",
    "CodeTaskQuestion",
    "Concept",
    "ConceptSample",
    "Difficulty",
    "ExecutableQuestion",
    "ExplainQuestion",
    "LabPredictionQuestion",
    "LabRun",
    "PromptedQuestion",
    "QuestionBase",
    "StrictModel",
]


class Choice(StrictModel):
    """One option of a choice question."""

    id: Slug
    """A short name the key refers to, e.g. ``a`` or ``after-backward``."""
    text: NonEmptyText
    """What the learner reads (Markdown)."""
    feedback: Text | None = None
    """Shown when the learner picks this choice: why it is right or wrong."""


def _check_choice_ids(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    seen: set[str] = set()
    for choice in choices:
        if choice.id in seen:
            raise ValueError(f"choice id {choice.id!r} is used twice")
        seen.add(choice.id)
    return choices


def _known_choice(answer: str, info: ValidationInfo) -> str:
    choices: tuple[Choice, ...] | None = info.data.get("choices")
    if choices is None:  # the choices themselves failed; that error is reported already
        return answer
    ids = [choice.id for choice in choices]
    if answer not in ids:
        raise ValueError(f"{answer!r} names no choice; the choices are {', '.join(ids)}")
    return answer


class SingleChoiceQuestion(PromptedQuestion):
    """Pick exactly one of several choices."""

    type: Literal["single_choice"]
    """The question type."""
    choices: Annotated[tuple[Choice, ...], *at_least(2, "choice")]
    """The options, at least two."""
    answer: Slug
    """The id of the one correct choice."""
    shuffle: StrictBool = True
    """Show the choices in a random order."""

    _choice_ids = field_validator("choices")(_check_choice_ids)

    @field_validator("answer")
    @classmethod
    def _answer_names_a_choice(cls, answer: str, info: ValidationInfo) -> str:
        return _known_choice(answer, info)


class MultipleSelectQuestion(PromptedQuestion):
    """Pick every choice that applies; partial credit for partly right answers."""

    type: Literal["multiple_select"]
    """The question type."""
    choices: Annotated[tuple[Choice, ...], *at_least(2, "choice")]
    """The options, at least two."""
    answer: Annotated[tuple[Slug, ...], *at_least(1, "choice id")]
    """The ids of all correct choices."""
    shuffle: StrictBool = True
    """Show the choices in a random order."""

    _choice_ids = field_validator("choices")(_check_choice_ids)

    @field_validator("answer")
    @classmethod
    def _answers_name_choices(cls, answer: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if len(set(answer)) != len(answer):
            raise ValueError("the same choice is listed twice")
        for choice_id in answer:
            _known_choice(choice_id, info)
        return answer


class TrueFalseQuestion(PromptedQuestion):
    """Decide whether a statement is true."""

    type: Literal["true_false"]
    """The question type."""
    answer: StrictBool
    """``true`` or ``false``."""


class NumericQuestion(PromptedQuestion):
    """Answer with a number; "10", "10.0" and "1e1" all read as ten."""

    type: Literal["numeric"]
    """The question type."""
    answer: float = Field(allow_inf_nan=False)
    """The correct value."""
    abs_tol: Tolerance = 0.0
    """Accept answers within this absolute distance of the key: at most the key's own size
    (at most 1 for a key of 0), so that no number of the other sign is right."""
    rel_tol: RelativeTolerance = 1e-9
    """Accept answers within this fraction of the key's magnitude (below 1)."""

    @field_validator("abs_tol")
    @classmethod
    def _tolerance_smaller_than_the_key(cls, abs_tol: float, info: ValidationInfo) -> float:
        answer = info.data.get("answer")
        if not isinstance(answer, (int, float)) or isinstance(answer, bool):
            return abs_tol  # the answer's own error is reported
        if problem := tolerance_problem(answer, abs_tol):
            raise ValueError(problem)
        return abs_tol


class ShortTextQuestion(PromptedQuestion):
    """Type a word or a short phrase."""

    type: Literal["short_text"]
    """The question type."""
    accepted: Annotated[tuple[NonEmptyText, ...], *at_least(1, "answer")]
    """Every answer that counts as right; the first is shown as the key."""
    pattern: str | None = None
    """A Python regular expression that also counts as right when it matches the whole answer.

    Patterns that can backtrack for minutes on a long answer, such as ``(a+)+`` or ``(a|aa)+``,
    are refused; an answer is matched only when it is at most 1,000 characters long."""
    case_sensitive: StrictBool = False
    """Compare letter case too."""
    normalize_whitespace: StrictBool = True
    """Trim the answer and treat any run of spaces as one."""

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
            if problem := pattern_problem(pattern):
                raise ValueError(problem)
        return pattern


class FlashcardQuestion(QuestionBase):
    """A card to recall and then rate yourself on."""

    type: Literal["flashcard"]
    """The question type."""
    front: NonEmptyText
    """The side shown first (Markdown)."""
    back: NonEmptyText
    """The side revealed on request (Markdown)."""

    @property
    def prompt(self) -> str:
        """The front of the card, so every question has a prompt."""
        return self.front


GradableQuestion = (
    SingleChoiceQuestion
    | MultipleSelectQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | ShortTextQuestion
    | CodeOutputQuestion
    | CodeErrorQuestion
    | ExplainQuestion
    | FlashcardQuestion
    | LabPredictionQuestion
)
"""Every question type graded without running code (all but code_task)."""

AnyQuestion = GradableQuestion | CodeTaskQuestion
"""Every question type, as a plain union (the list of types is written once, here)."""

Question = Annotated[AnyQuestion, Field(discriminator="type")]
"""Any question, told apart by its ``type``."""


def _type_name(model: type[QuestionBase]) -> str:
    """The ``type`` a question class declares (its ``Literal`` value)."""
    (name,) = get_args(model.model_fields["type"].annotation)
    return str(name)


QUESTION_CLASSES: dict[str, type[QuestionBase]] = {
    _type_name(model): model for model in get_args(AnyQuestion)
}
"""Each question type's name and model class, in the order the guide presents them."""

EXECUTABLE_TYPES = frozenset({"code_output", "code_error", "code_task"})
"""The types whose keys are verified by running code."""


def lab_choices(question: LabPredictionQuestion) -> tuple[Choice, ...]:
    """The runs of a lab question that picks one, as the choices the learner reads (none for a range)."""
    if question.answer is None:
        return ()
    return tuple(Choice(id=run.id, text=run.text or run.id, feedback=run.feedback) for run in question.runs)
