"""``Variant``: one question as one learner meets it, with its values drawn and its texts filled.

A parameterized question's ``{{name}}`` placeholders, a shuffled question's choice order and
a variant's key all depend on the learner and the session's seed. They are worked out once,
here, and the value is carried everywhere the question is shown, graded or re-graded, so
no second place can derive them differently.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import assert_never

from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value, draw, fill
from quizapp.core.model.questions import (
    Choice,
    ExplainQuestion,
    FlashcardQuestion,
    LabPredictionQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    Question,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    lab_choices,
)


@dataclass(frozen=True, slots=True)
class Variant:
    """A question as one learner sees it in one session."""

    question: Question
    """The question as written in the bank."""
    values: Mapping[str, Value]
    """The drawn value of each parameter (empty for a question without parameters)."""
    prompt: str
    """The prompt with the values filled in."""
    code: str | None
    """The snippet shown with the question (filled in); None for a question without one
    (a code task's starter is the learner's answer, not a snippet to read)."""
    hints: tuple[str, ...]
    """The hints with the values filled in."""
    explanation: str
    """The explanation with the values filled in."""
    choices: tuple[Choice, ...]
    """The choices in the order this learner sees them (empty without choices)."""
    key: str | None
    """What the snippet of a parameterized question prints, once it has been run; the
    written ``answer`` of a code_output question without parameters; None otherwise."""

    @property
    def needs_key_run(self) -> bool:
        """Whether the key is still unknown and must come from running the snippet."""
        return isinstance(self.question, CodeOutputQuestion) and self.key is None

    def with_key(self, key: str) -> "Variant":
        """This variant with its key, as its snippet printed it."""
        return replace(self, key=key)


def variant_seed(learner: str, seed: int) -> str:
    """The seed that draws a learner's variants in a session: the same pair, the same variants."""
    return f"{learner}|{seed}"


def make_variant(question: Question, *, learner: str, seed: int) -> Variant:
    """Draw ``question``'s values for ``learner`` in a session seeded ``seed``, and fill its texts.

    The same question, learner and seed always give the same variant: a session resumed,
    a submission re-graded and a result shown later all see what the learner saw.
    """
    values: dict[str, Value] = {}
    if isinstance(question, CodeOutputQuestion) and question.parameters:
        values = draw(question.parameters, question.id, variant_seed(learner, seed))
    return Variant(
        question=question,
        values=values,
        prompt=fill(question.prompt, values),
        code=_code(question, values),
        hints=tuple(fill(hint, values) for hint in question.hints),
        explanation=fill(question.explanation, values),
        choices=_choice_order(question, learner=learner, seed=seed),
        key=question.answer if isinstance(question, CodeOutputQuestion) else None,
    )


def _code(question: Question, values: dict[str, Value]) -> str | None:
    match question:
        case CodeOutputQuestion():
            return fill(question.code, values)
        case CodeErrorQuestion():
            return question.code
        case (
            CodeTaskQuestion()
            | SingleChoiceQuestion()
            | MultipleSelectQuestion()
            | TrueFalseQuestion()
            | NumericQuestion()
            | ShortTextQuestion()
            | ExplainQuestion()
            | FlashcardQuestion()
            | LabPredictionQuestion()
        ):
            return None
        case _:
            assert_never(question)


def _choice_order(question: Question, *, learner: str, seed: int) -> tuple[Choice, ...]:
    """The choices in the order to show them: shuffled reproducibly when the question asks."""
    if isinstance(question, LabPredictionQuestion):
        order = list(lab_choices(question))
    elif isinstance(question, (SingleChoiceQuestion, MultipleSelectQuestion)):
        order = list(question.choices)
    else:
        return ()
    if question.shuffle:
        random.Random(f"{learner}|{seed}|{question.id}").shuffle(order)
    return tuple(order)
