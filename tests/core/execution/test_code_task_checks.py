"""A code task's verdict comes from the slot's checker: no trick of the learner's code earns a pass."""

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import grade_code_task
from quizapp.core.model.code_questions import CodeTaskQuestion
from tests.paths import BANK

TASKS = {q.id: q for q in load_bank([BANK]).bank.questions if isinstance(q, CodeTaskQuestion)}
_MANUAL = TASKS["task-manual-clip-norm"]
FUNCTION_TASK = _MANUAL.model_copy(update={"check": _MANUAL.check.model_copy(update={"forbid": ()})})
"""The manual clipping task with its call rules set aside: the cheats below are about the
checker's data, which the call rules would refuse before it (see test_call_rules.py)."""
SCRIPT_TASK = TASKS["task-clip-by-value"]

FORGED_VERDICT = """import os
for fd in range(21):
    try:
        os.write(fd, b'{"ok": true}')
    except OSError:
        pass
"""

CHEATS = {
    "exit()": ("exit()", "exited before the check"),
    "sys.exit(0)": ("import sys\nsys.exit(0)", "exited before the check"),
    "raise SystemExit": ("raise SystemExit", "exited before the check"),
    "os._exit(0)": ("import os\nos._exit(0)", "exited before the check"),
    "SIGKILL itself": ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", ""),
    "forged verdict, exit": (FORGED_VERDICT + "os._exit(0)", ""),
    "forged verdict, hang": (FORGED_VERDICT + "import time\ntime.sleep(1000)", ""),
    "forged verdict, fork": (FORGED_VERDICT + "if os.fork() == 0:\n    os._exit(0)\nos._exit(0)", ""),
    "patched torch.allclose and torch.equal": (
        "import torch\ntorch.allclose = lambda *a, **k: True\ntorch.equal = lambda *a, **k: True\n"
        "torch.isclose = lambda *a, **k: torch.tensor(True)\n",
        "",
    ),
    "patched builtins": (
        "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.len = lambda *a: 5\n"
        "builtins.all = lambda *a: True\n",
        "",
    ),
    "fake torch in sys.modules": (
        "import sys, types\nfake = types.ModuleType('torch')\nfake.allclose = lambda *a, **k: True\n"
        "sys.modules['torch'] = fake\n",
        "",
    ),
    "a forged result with the wrong numbers": (
        "import os, torch\nfrom quizapp.core.execution.worker import handed_data\n"
        "case = {'returned': torch.tensor(1.0), 'grads': [], 'no_grad_kept_none': True}\n"
        "os.write(4, handed_data.encode({'cases': [case], 'grads': {}}))\nos._exit(0)",
        "A check failed: ",
    ),
    "a pickle that would run code": (
        "import os, pickle\nclass Evil:\n    def __reduce__(self):\n        return (print, ('pwned',))\n"
        "os.write(4, pickle.dumps({'cases': Evil()}))\nos._exit(0)",
        "could not read what your code handed over",
    ),
}


@pytest.fixture
def runner(shared_runner: SnippetRunner) -> SnippetRunner:
    """The test session's warm runner (two slots): a worker of its own costs a torch warm-up."""
    return shared_runner


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_every_shipped_reference_passes_and_starter_fails_through_the_checker(
    runner: SnippetRunner, task_id: str
) -> None:
    task = TASKS[task_id]
    assert grade_code_task(task, task.solution, runner).passed
    assert not grade_code_task(task, task.starter, runner).passed


@pytest.mark.parametrize("name", sorted(CHEATS))
@pytest.mark.parametrize("task", [FUNCTION_TASK, SCRIPT_TASK], ids=lambda task: task.id)
def test_a_cheat_earns_nothing_and_says_why(runner: SnippetRunner, task: CodeTaskQuestion, name: str) -> None:
    cheat, expected_reason = CHEATS[name]
    verdict = grade_code_task(task.model_copy(update={"timeout": 3.0}), cheat, runner)

    assert not verdict.passed
    assert verdict.result.check_passed is False
    assert verdict.reason != "Your code passes the check."
    assert expected_reason in verdict.reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("patched torch.allclose and torch.equal", "A check failed: "),
        ("fake torch in sys.modules", "Your code raised AttributeError: module 'torch' has no attribute"),
    ],
)
def test_patching_before_the_real_solution_cannot_make_a_wrong_answer_pass(
    runner: SnippetRunner, name: str, reason: str
) -> None:
    wrong = FUNCTION_TASK.starter  # returns 0 and scales nothing
    verdict = grade_code_task(FUNCTION_TASK, CHEATS[name][0] + wrong, runner)

    assert not verdict.passed
    assert verdict.reason.startswith(reason)


def test_emptying_named_parameters_cannot_hide_unclipped_gradients(runner: SnippetRunner) -> None:
    cheat = SCRIPT_TASK.starter + "\nmodel.named_parameters = lambda *a, **k: iter(())\n"
    verdict = grade_code_task(SCRIPT_TASK, cheat, runner)

    assert not verdict.passed
    assert "Linear(4, 2)" in verdict.reason


def test_a_learner_error_is_reported_as_raised(runner: SnippetRunner) -> None:
    code = "def clip_by_total_norm(params, max_norm):\n    raise ValueError('not yet')\n"
    verdict = grade_code_task(FUNCTION_TASK, code, runner)

    assert not verdict.passed
    assert verdict.reason == "Your code raised ValueError: not yet"


def test_a_hanging_answer_did_not_finish(runner: SnippetRunner) -> None:
    verdict = grade_code_task(
        FUNCTION_TASK.model_copy(update={"timeout": 1.0}), "while True:\n    pass", runner
    )

    assert not verdict.passed
    assert "did not finish" in verdict.reason


def test_plain_snippets_still_run_as_before(runner: SnippetRunner) -> None:
    result = runner.run("print(2 + 2)")

    assert result.stdout == "4\n"
    assert result.check_passed is None
