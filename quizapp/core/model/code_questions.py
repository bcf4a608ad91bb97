"""The executable question types, whose keys are checked by running Python with PyTorch."""

import math
import re
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from quizapp.core.model.fields import (
    OUTPUT_ABS_TOL_MAX,
    Code,
    NonEmptyText,
    RelativeTolerance,
    Text,
    Tolerance,
)
from quizapp.core.model.parameters import Parameter, placeholders
from quizapp.core.model.printed_numbers import numbers_in
from quizapp.core.model.question_base import PromptedQuestion, StrictModel

NO_ERROR = "no error"
"""The ``answer`` of a code_error question whose snippet raises nothing."""

_EXCEPTION_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_OUTCOME_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "pattern": r"^(?:\s*[Nn][Oo] [Ee][Rr][Rr][Oo][Rr]\s*|" + _EXCEPTION_NAME.pattern + ")$",
    }
)
"""What an editor is told a code_error ``answer`` may be: the same rule as the validator's."""
DottedPath = Annotated[str, Field(pattern=r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")]
"""A function by its importable dotted path, e.g. ``torch.nn.utils.clip_grad_norm_``."""


KEY_TO_ABS_TOL = 10
"""How many times ``abs_tol`` every number other than 0 in a ``compare: numbers`` key must be."""


def printed_tolerance_problem(key: str, abs_tol: float) -> str:
    """Why ``abs_tol`` makes a number of the printed ``key`` meaningless ("" if it does not).

    Numbers are compared within ``max(rel_tol * size, abs_tol)``, so an ``abs_tol`` as large as
    a number of the key accepts 0 there, and one larger accepts numbers of the other sign: a
    vanishing gradient printed as ``9.1e-13`` would be "right" as 0 or -5e-7 with the default
    1e-6. Each number other than 0 must be at least ``KEY_TO_ABS_TOL`` times ``abs_tol``, so an
    answer the tolerance lets through is within a tenth of it. The numbers are read as grading
    reads them (``numbers_in``); nan and inf are compared as themselves.

    Args:
        key: The printed output the key says, as written.
        abs_tol: The question's absolute tolerance.
    """
    sizes = [abs(number) for number in numbers_in(key) if math.isfinite(number) and number != 0]
    if not sizes or abs_tol * KEY_TO_ABS_TOL <= min(sizes) * (1 + 1e-9):  # slack for float rounding
        return ""
    smallest = min(sizes)
    passes = (
        "an answer of 0 there, or of the other sign, would count as right"
        if abs_tol >= smallest
        else f"an answer {abs_tol / smallest:.0%} off would count as right"
    )
    return (
        f"abs_tol {abs_tol:g} is more than a tenth of the key's number {smallest:g}: {passes}; set "
        f"abs_tol to at most {smallest / KEY_TO_ABS_TOL:g} (a tenth of the smallest number other "
        "than 0 in the key), or to 0 to let rel_tol judge alone"
    )


class ExecutableQuestion(PromptedQuestion):
    """A question whose key is checked by running Python with real PyTorch."""

    timeout: float | None = Field(default=None, gt=0, le=120)
    """Seconds the snippet may run before it is stopped; the app default when unset."""
    devices: tuple[Literal["cpu", "cuda"], ...] = ("cpu", "cuda")
    """The devices the key must hold on; the snippet sees its device as ``DEVICE``."""


class CodeOutputQuestion(ExecutableQuestion):
    """Say what a snippet prints."""

    type: Literal["code_output"]
    """The question type."""
    code: Code
    """The snippet shown to the learner and run to verify the key."""
    answer: Text | None = None
    """What the snippet prints (trailing whitespace on each line is ignored). Leave it out
    when the question has ``parameters``: each variant's key is what its snippet prints."""
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    """Values drawn per learner that fill ``{{name}}`` placeholders in the prompt and code."""
    compare: Literal["exact", "numbers"] = "exact"
    """``exact``: the text must match; ``numbers``: every number must match within tolerance."""
    abs_tol: Annotated[Tolerance, Field(le=OUTPUT_ABS_TOL_MAX, validate_default=True)] = 1e-6
    """With ``compare: numbers``, the absolute tolerance (for rounding: at most 1, and at most a
    tenth of every number in the key other than 0, so that neither 0 nor a number of the other
    sign counts as right; 0 leaves the judging to ``rel_tol``)."""
    rel_tol: RelativeTolerance = 1e-5
    """With ``compare: numbers``, the relative tolerance (below 1)."""

    @field_validator("abs_tol")
    @classmethod
    def _tolerance_well_below_the_key(cls, abs_tol: float, info: ValidationInfo) -> float:
        answer = info.data.get("answer")
        if info.data.get("compare") != "numbers" or not isinstance(answer, str):
            return abs_tol  # exact text, a key drawn per variant, or an error reported already
        if problem := printed_tolerance_problem(answer, abs_tol):
            raise ValueError(problem)
        return abs_tol

    @model_validator(mode="after")
    def _key_or_parameters(self) -> "CodeOutputQuestion":
        if self.parameters and self.answer is not None:
            raise ValueError(
                "a question with parameters has no written 'answer': each variant's key is what its "
                "snippet prints; remove 'answer'"
            )
        if not self.parameters and self.answer is None:
            raise ValueError("missing required field 'answer' (what the snippet prints)")
        texts = (self.prompt, self.code, self.explanation, *self.hints)
        used = set().union(*(placeholders(text) for text in texts))
        if unknown := sorted(used - set(self.parameters)):
            raise ValueError(f"the placeholder {{{{{unknown[0]}}}}} names no parameter")
        if unused := sorted(set(self.parameters) - placeholders(self.code)):
            raise ValueError(f"the parameter {unused[0]!r} is never used in the code")
        return self


class CodeErrorQuestion(ExecutableQuestion):
    """Say which exception a snippet raises, or that it raises none."""

    type: Literal["code_error"]
    """The question type."""
    code: Code
    """The snippet shown to the learner and run to verify the key."""
    answer: Annotated[NonEmptyText, _OUTCOME_SCHEMA]
    """The exception's class name (e.g. ``RuntimeError``) or ``no error``."""
    message_contains: Text | None = None
    """Text the exception's message must contain when the key is verified."""
    options: tuple[NonEmptyText, ...] = ()
    """Outcomes offered to the learner; empty means the learner types the name."""

    @field_validator("answer")
    @classmethod
    def _answer_is_an_outcome(cls, answer: str) -> str:
        if answer.strip().casefold() == NO_ERROR:
            return NO_ERROR
        if not _EXCEPTION_NAME.fullmatch(answer):
            raise ValueError(
                f"{answer!r} is neither an exception class name (e.g. RuntimeError) nor {NO_ERROR!r}"
            )
        return answer

    @field_validator("options")
    @classmethod
    def _options_hold_answer(cls, options: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        answer = info.data.get("answer")
        if options and answer is not None and answer not in options:
            raise ValueError(f"the answer {answer!r} is not among the options")
        return options


class CodeTaskCheck(StrictModel):
    """A code task's hidden check, in three parts that meet only through data.

    ``setup`` and ``verify`` run in a checker process that never runs a learner's code;
    ``probe`` runs in the learner's sandboxed process, after the learner's code. What crosses
    between them is data only (dense tensors, numbers, strings, booleans, ``None``, dtypes,
    lists, tuples and dicts with string or integer keys, read by a reader that builds nothing
    else), so nothing the learner's code does (exiting, patching torch or builtins, writing to
    descriptors) can make ``verify`` pass a wrong result.
    """

    setup: Code = "cases = None"
    """Author code run in the checker before the learner's code, in a fresh namespace and
    from fresh randomness (``torch`` and ``random`` are seeded anew for every check). It sets
    ``cases``: the inputs, as data, that the probe receives (e.g. tensors drawn now, so no
    answer can be known in advance). Import what it uses."""
    probe: Code
    """Author code run in the learner's process right after the learner's code, in the same
    namespace, with ``cases`` (a copy of the setup's) and an empty dict ``result``. It calls
    the learner's function or reads the learner's variables and puts what it finds in
    ``result``, as data (tensors: ``.detach().clone()``; numbers; lists; dicts). If the
    learner's code or the probe raises, exits or hangs, no result is handed over."""
    forbid: tuple[DottedPath, ...] = ()
    """Functions the learner's code must not call, by dotted path (e.g.
    ``torch.nn.utils.clip_grad_norm_``). Calling one ends the run and fails the answer; code
    that names one (strings included) or reaches for what could get around the rule
    (``eval``, ``importlib``, ``gc``, frames, ``__closure__``…) is refused before it runs.
    See ``quizapp.core.execution.worker.call_rules``."""
    require: tuple[DottedPath, ...] = ()
    """Functions the learner's code must call at least once while the probe runs it, by
    dotted path; noted by stand-ins put in place before the learner's code runs, out of
    its reach. Naming them is allowed; the same code is refused as for ``forbid``."""
    verify: Code
    """Author code run in the checker after the run, in the setup's namespace, with
    ``cases`` (the checker's own copy) and ``result`` (the data the probe handed over, read
    as data only; it may be anything a learner could forge, so check its shape and types
    first). It computes the expected values itself (e.g. with the real
    ``clip_grad_norm_``) and asserts; an assertion's message is what the learner is told."""

    @model_validator(mode="after")
    def _forbid_and_require_apart(self) -> "CodeTaskCheck":
        """No function may be both forbidden and required."""
        if both := sorted(set(self.forbid) & set(self.require)):
            raise ValueError(f"{', '.join(both)} cannot be both forbidden and required")
        return self


class CodeTaskQuestion(ExecutableQuestion):
    """Complete starter code so that a hidden check passes."""

    type: Literal["code_task"]
    """The question type."""
    starter: Code
    """The code the learner starts from and edits."""
    check: CodeTaskCheck
    """The hidden check (``setup``, ``probe``, ``verify``); see ``CodeTaskCheck``."""
    solution: Code
    """A reference solution; it must pass the check and is shown after answering."""
