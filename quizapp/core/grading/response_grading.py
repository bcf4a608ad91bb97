"""The one function that grades a learner's response, for live sessions and re-grading alike.

A session grading an answer as it is given and ``quizapp grade`` re-grading a submission
call :func:`grade_response` with the same :class:`~quizapp.core.model.variant.Variant`,
so the two cannot disagree: code tasks go to the judge, a parameterized question is
graded against its variant's key, everything else by the pure rules of ``answer_rules``,
and points come from the one scoring policy, :func:`~quizapp.core.grading.answer_rules.score`.
"""

from dataclasses import dataclass
from typing import Protocol

from quizapp.core.errors import QuizAppError
from quizapp.core.grading.answer_rules import Grade, grade_answer, score
from quizapp.core.grading.answer_size import too_long
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value
from quizapp.core.model.variant import Variant


class NoCodeJudgeError(QuizAppError):
    """A question that must run code was graded without an execution backend."""


class AnswerShapeError(QuizAppError):
    """An answer is not of the kind its question takes (a list for a number, say)."""


class AnswerTooLongError(AnswerShapeError):
    """An answer is longer than any answer is graded (``answer_size.MOST_ANSWER_CHARS``)."""


class CodeJudge(Protocol):
    """What grading needs for questions that run code (the execution backend)."""

    def grade_code_task(self, question: CodeTaskQuestion, code: str) -> Grade:
        """Run the learner's code and judge it with the hidden check."""
        ...

    def variant_key(self, question: CodeOutputQuestion, values: dict[str, Value]) -> str:
        """What the snippet of this variant prints."""
        ...

    def environment(self) -> tuple[str, str]:
        """The device and torch version code runs with, to store with executed answers."""
        ...


@dataclass(frozen=True, slots=True)
class GradedResponse:
    """A response graded: how right it was, and the points it earns."""

    grade: Grade
    points: float
    max_points: float
    variant: Variant
    """The variant graded against, with its key known once it was run."""
    not_graded: str = ""
    """Why the answer was not graded at all (too long, the wrong shape, nothing to run it); "" if it was."""


def with_known_key(variant: Variant, judge: CodeJudge | None) -> Variant:
    """The variant with its key: a parameterized question's snippet is run (once) for it.

    Raises:
        NoCodeJudgeError: The key must be run and there is no judge.
    """
    if not variant.needs_key_run:
        return variant
    question = variant.question
    assert isinstance(question, CodeOutputQuestion)  # needs_key_run says so
    if judge is None:
        raise NoCodeJudgeError(f"{question.id}: a parameterized question needs the execution backend")
    return variant.with_key(judge.variant_key(question, dict(variant.values)))


def grade_response(
    variant: Variant, raw: object, *, hints_used: int, judge: CodeJudge | None
) -> GradedResponse:
    """Grade one raw answer to one variant, as a session and a re-grade both must.

    Args:
        variant: The question as this learner met it.
        raw: The answer as given: a choice id, a list of ids, a bool or text.
        hints_used: Hints the learner revealed before answering.
        judge: The execution backend, for code tasks and parameterized questions.

    Returns:
        The grade, the points after the hint penalty, and the variant with its key known.

    Raises:
        AnswerTooLongError: The answer is longer than any is graded; it is not looked at.
        AnswerShapeError: The answer is not of the kind the question takes.
        NoCodeJudgeError: The question runs code and ``judge`` is None.
        ExecutionError: A parameterized question's snippet would not run.
    """
    question = variant.question
    if (why := too_long(raw)) is not None:  # before anything runs or matches over it
        raise AnswerTooLongError(why)
    if isinstance(question, CodeTaskQuestion):
        if judge is None:
            raise NoCodeJudgeError(f"{question.id}: a code task needs the execution backend")
        if not isinstance(raw, str):
            raise AnswerShapeError("a code_task answer is code")
        grade = judge.grade_code_task(question, raw)
    else:
        variant = with_known_key(variant, judge)
        try:
            grade = grade_answer(question, raw, key=variant.key)
        except TypeError as error:
            raise AnswerShapeError(str(error)) from None
    points = score(question.points, grade, hints_used=hints_used)
    return GradedResponse(grade, points, question.points, variant)
