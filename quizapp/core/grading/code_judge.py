"""Judge code by running it: a learner's code_task answer, and the key of a question's variant."""

from dataclasses import dataclass

from quizapp.core.execution.client import Device, ExecutionError, SnippetRunner
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.grading.answer_rules import Grade
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value, draw, fill


@dataclass(frozen=True, slots=True)
class CodeTaskVerdict:
    """Whether a learner's code passed the hidden check, and why not, in words for them."""

    passed: bool
    reason: str
    result: RunResult


def grade_code_task(
    question: CodeTaskQuestion, learner_code: str, runner: SnippetRunner, *, device: Device = "cpu"
) -> CodeTaskVerdict:
    """Run the learner's code followed by the question's hidden check, in the sandbox.

    The check runs in the same namespace right after the learner's code; the answer passes
    when the whole run ends without an exception.
    """
    result = runner.run(f"{learner_code}\n{question.check}", device=device, timeout_s=question.timeout)
    return CodeTaskVerdict(result.status is RunStatus.OK, _reason(result), result)


def _reason(result: RunResult) -> str:
    if result.status is RunStatus.OK:
        return "Your code passes the check."
    if result.status is RunStatus.TIMED_OUT:
        return f"Your code did not finish within {result.duration_s:.0f} s, so it was stopped."
    if result.status is RunStatus.KILLED:
        return f"Your code was stopped for using too much {result.killed_for}."
    if result.status is RunStatus.CANCELLED:
        return "The run was cancelled before your code finished, so it was not checked."
    if result.status is RunStatus.WORKER_ERROR:
        return "The code could not be run (a problem on our side, not in your code); try again."
    if result.exception_type == "AssertionError":
        detail = result.exception_message or "an assertion without a message"
        return f"A check failed: {detail}"
    return f"Your code raised {result.exception_type}: {result.exception_message}"


def variant_key(
    question: CodeOutputQuestion, seed: int | str, runner: SnippetRunner, *, device: Device = "cpu"
) -> tuple[dict[str, Value], RunResult]:
    """Draw the variant for ``seed`` and run it; its printed output is the variant's key."""
    values = draw(question.parameters, question.id, seed)
    return values, runner.run(fill(question.code, values), device=device, timeout_s=question.timeout)


class RunnerJudge:
    """The session engine's ``CodeJudge``, backed by the real execution backend."""

    def __init__(self, runner: SnippetRunner, device: Device = "cpu") -> None:
        """Judge code with ``runner`` on ``device``."""
        self.runner = runner
        self.device: Device = device

    def grade_code_task(self, question: CodeTaskQuestion, code: str) -> Grade:
        """Full credit when the learner's code passes the hidden check; the reason as feedback."""
        verdict = grade_code_task(question, code, self.runner, device=self.device)
        return Grade(1.0 if verdict.passed else 0.0, verdict.reason)

    def variant_key(self, question: CodeOutputQuestion, values: dict[str, Value]) -> str:
        """What this variant's snippet prints on the real backend."""
        result = self.runner.run(fill(question.code, values), device=self.device, timeout_s=question.timeout)
        if result.status is not RunStatus.OK:
            raise ExecutionError(f"{question.id}: the variant {values} did not run: {result.outcome}")
        return result.stdout

    def environment(self) -> tuple[str, str]:
        """The device runs use here, and the worker's torch version."""
        info = self.runner.wait_ready()
        return self.runner.resolve_device(self.device), str(info.get("torch_version", ""))
