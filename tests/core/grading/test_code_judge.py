"""A learner's code_task answer is run with the hidden check; a variant's key comes from torch."""

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.snippet import ExecutionError
from quizapp.core.grading.code_judge import (
    WORKER_ERROR_REASON,
    CodeTaskVerdict,
    RunnerJudge,
    VerdictCache,
    grade_code_task,
)
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.variant import make_variant
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
TASK = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
DRILL = next(
    q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and q.id == "drill-returned-total-norm"
)


@pytest.fixture(scope="module")
def runner(shared_runner: SnippetRunner) -> SnippetRunner:
    return shared_runner


def test_the_reference_solution_passes(runner: SnippetRunner) -> None:
    verdict = grade_code_task(TASK, TASK.solution, runner)
    assert verdict.passed
    assert verdict.reason == "Your code passes the check."


def test_the_starter_code_fails_with_the_checks_own_words(runner: SnippetRunner) -> None:
    verdict = grade_code_task(TASK, TASK.starter, runner)
    assert not verdict.passed
    assert verdict.reason.startswith(("A check failed: ", "Your code raised "))


def test_a_hostile_answer_fails_cleanly(runner: SnippetRunner) -> None:
    verdict = grade_code_task(TASK, "import os\nwhile True:\n    os.fork()", runner)
    assert not verdict.passed
    assert verdict.result.status in {RunStatus.RAISED, RunStatus.TIMED_OUT}


def test_an_endless_answer_is_stopped_and_said_so(runner: SnippetRunner) -> None:
    task = TASK.model_copy(update={"timeout": 1.0})
    verdict = grade_code_task(task, "while True:\n    pass", runner)
    assert not verdict.passed
    assert "did not finish" in verdict.reason


def test_a_variants_key_is_what_torch_prints_for_the_learners_values(runner: SnippetRunner) -> None:
    judge = RunnerJudge(runner)
    variant = make_variant(DRILL, learner="learner-42", seed=3)

    key = judge.variant_key(DRILL, dict(variant.values))

    a, b = (float(variant.values[name]) for name in ("a", "b"))
    assert float(key) == pytest.approx((a * a + b * b) ** 0.5, abs=0.01)
    assert judge.variant_key(DRILL, dict(variant.values)) == key  # the same values, the same print


def test_a_variant_that_does_not_run_is_an_error_not_a_key(runner: SnippetRunner) -> None:
    judge = RunnerJudge(runner)
    with pytest.raises(ExecutionError, match="did not run"):
        judge.variant_key(DRILL, {"a": "1/0", "b": 1, "max_norm": 1.0})


def test_an_identical_run_is_judged_once_and_anything_that_differs_runs(runner: SnippetRunner) -> None:
    cache = VerdictCache()
    first = grade_code_task(TASK, TASK.solution, runner, cache=cache)
    again = grade_code_task(TASK, TASK.solution, runner, cache=cache)
    assert (cache.runs, cache.hits) == (1, 1)
    assert again == first
    assert again.passed

    wrong = grade_code_task(TASK, TASK.starter, runner, cache=cache)  # other code
    assert not wrong.passed
    stricter = TASK.model_copy(
        update={"check": TASK.check.model_copy(update={"verify": "assert False, 'no'"})}
    )
    refused = grade_code_task(stricter, TASK.solution, runner, cache=cache)  # the same code, another check
    assert not refused.passed
    assert "no" in refused.reason
    assert (cache.runs, cache.hits) == (3, 1)


def test_a_run_that_was_never_judged_is_not_kept(runner: SnippetRunner) -> None:
    cache = VerdictCache()
    result = RunResult(RunStatus.WORKER_ERROR, stderr="the worker fell over")
    cache.put("k", CodeTaskVerdict(False, WORKER_ERROR_REASON, result))
    assert cache.get("k") is None
    cache.put("k", CodeTaskVerdict(False, "Your code raised ValueError: x", result))
    assert cache.get("k") is not None
