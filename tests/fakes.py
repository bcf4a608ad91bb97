"""A fake code judge, for tests whose claim is about sessions or records, never about torch.

Tests whose claim is what torch does use the one real runner of the run (the
``shared_runner`` fixture in conftest.py) instead.
"""

from quizapp.core.grading.answer_rules import Grade
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value


class ScriptedJudge:
    """A ``CodeJudge`` that runs nothing: the reference solution passes, anything else fails.

    A variant's key is its values written out, so a test can compute it without torch;
    every call is recorded in ``calls``.
    """

    def __init__(self, device: str = "fake-device", torch_version: str = "0.0+fake") -> None:
        """Report ``device`` and ``torch_version`` as the environment code runs in."""
        self.device = device
        self.torch_version = torch_version
        self.calls: list[tuple[str, str]] = []

    def grade_code_task(self, question: CodeTaskQuestion, code: str) -> Grade:
        """Full credit exactly for the question's reference solution."""
        self.calls.append(("grade_code_task", question.id))
        passed = code == question.solution
        return Grade(1.0 if passed else 0.0, "" if passed else "check failed: not the reference")

    def variant_key(self, question: CodeOutputQuestion, values: dict[str, Value]) -> str:
        """The values, written as ``name=value`` pairs: a key a test can predict."""
        self.calls.append(("variant_key", question.id))
        return " ".join(f"{name}={value}" for name, value in sorted(values.items()))

    def environment(self) -> tuple[str, str]:
        """The made-up device and torch version given to the constructor."""
        return self.device, self.torch_version
