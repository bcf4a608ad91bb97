"""``validate --run`` blames a code task's check, at its probe, when the failure is the probe's own."""

import subprocess
import sys
from pathlib import Path

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.protocol import HANDED_DATA_ERROR
from quizapp.core.execution.worker.handed_data import HandedDataError
from quizapp.core.grading.code_judge import grade_code_task
from quizapp.core.model.code_questions import CodeTaskQuestion

TASK = """  - id: {id}
    type: code_task
    difficulty: beginner
    prompt: Clip the gradient to norm 1.
    starter: |
      import torch
      p = torch.nn.Parameter(torch.ones(2))
      p.grad = torch.tensor([6.0, 8.0])
    check:
      probe: {probe}
      verify: "assert True"
    solution: |
      import torch
      p = torch.nn.Parameter(torch.ones(2))
      p.grad = torch.tensor([6.0, 8.0])
      def norm_of(p):
          return {returns}
    explanation: e
"""
TASKS = "title: Tasks\ntopic: clip\nquestions:\n" + "".join(
    TASK.format(id=qid, probe=probe, returns=returns)
    for qid, probe, returns in [
        ("cannot-hand-over", "\"result['x'] = object()\"", "1.0"),  # probe at line 13
        (
            "probe-raises",
            "|\n        result['n'] = norm_of(p)\n        result['m'] = 1 / 0",
            "1.0",
        ),  # probe at line 31
        ("solution-raises", "\"result['n'] = norm_of(p)\"", "1 / 0"),  # solution at line 53
    ]
)


def test_a_broken_probe_is_reported_at_the_probe_for_an_author_and_a_failing_solution_at_the_solution(
    tmp_path: Path,
) -> None:
    quiz = tmp_path / "task.yaml"
    quiz.write_text(TASKS, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", "--run", str(quiz)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    problems = [line for line in result.stdout.splitlines() if line.startswith(str(quiz))]
    assert problems == [
        f"{quiz}:13:14: questions[0].check.probe: cannot-hand-over: the check's probe cannot hand over "
        "its result: a value of type object cannot be handed over to the check; result may hold only "
        "None, booleans, numbers, strings, lists, tuples, dicts, dense CPU tensors and torch dtypes",
        f"{quiz}:31:14: questions[1].check.probe: probe-raises: the check's probe raised "
        "ZeroDivisionError: division by zero (line 2 of the probe), after the reference solution ran "
        "without error",
        f"{quiz}:53:15: questions[2].solution: solution-raises: the reference solution fails its "
        "check: ZeroDivisionError: division by zero",
    ]
    assert "quizapp.core" not in result.stdout + result.stderr
    assert result.returncode == 1


def test_the_name_of_the_handed_data_error_is_the_one_a_run_reports() -> None:
    assert f"{HandedDataError.__module__}.{HandedDataError.__qualname__}" == HANDED_DATA_ERROR


def test_a_learner_whose_return_value_is_not_data_is_told_so_without_our_module_path(
    shared_runner: SnippetRunner,
) -> None:
    question = CodeTaskQuestion.model_validate(
        {
            "id": "returns-data",
            "type": "code_task",
            "topic": "clip",
            "difficulty": "beginner",
            "prompt": "Write norm_of().",
            "starter": "def norm_of():\n    return 0.0\n",
            "check": {"probe": "result['n'] = norm_of()", "verify": "assert result['n'] == 5.0"},
            "solution": "def norm_of():\n    return 5.0\n",
            "explanation": "e",
        }
    )

    verdict = grade_code_task(
        question, "class Five:\n    pass\ndef norm_of():\n    return Five()\n", shared_runner
    )

    assert not verdict.passed
    assert verdict.reason == (
        "The check could not read what your code gave it: "
        "a value of type Five cannot be handed over to the check."
    )
    assert "quizapp." not in verdict.reason
