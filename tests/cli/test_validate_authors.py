"""``quizapp validate`` as an author meets it: each wrong key reported at the line to change."""

from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.grading.key_verification import _check, _jobs
from tests.cli.validate_runs import validate_run

WRONG_MESSAGE = """title: A wrong message
topic: clip-grad-norm
questions:
  - id: wrong-message
    type: code_error
    difficulty: beginner
    prompt: What does this raise?
    code: |
      raise ValueError("the norm is not finite")
    answer: ValueError
    message_contains: "is infinite"
    explanation: The snippet raises it itself.
"""


def test_a_wrong_message_contains_is_reported_at_its_own_line(tmp_path: Path) -> None:
    quiz = tmp_path / "wrong.yaml"
    quiz.write_text(WRONG_MESSAGE, encoding="utf-8")

    result, report = validate_run(quiz)

    assert result.returncode == 1, result.stderr
    [problem] = report["problems"]
    assert (problem["line"], problem["field"]) == (11, "questions[0].message_contains")
    assert "'the norm is not finite' does not contain 'is infinite'" in problem["message"]


def test_the_message_contains_problem_points_at_the_message_contains_line(tmp_path: Path) -> None:
    """The same check without a worker: what PyTorch raised, as the run reports it."""
    quiz = tmp_path / "wrong.yaml"
    quiz.write_text(WRONG_MESSAGE, encoding="utf-8")
    [loaded] = load_bank([quiz]).bank.quizzes
    [job] = _jobs(loaded, 0, loaded.quiz.questions[0], "cpu")  # type: ignore[arg-type]
    raised = RunResult(
        RunStatus.RAISED, exception_type="ValueError", exception_message="the norm is not finite"
    )

    problem = _check(job, raised)

    assert problem is not None
    assert (problem.line, problem.field) == (11, "questions[0].message_contains")
