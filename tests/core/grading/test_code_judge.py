"""A learner's code_task answer is run with the hidden check; a variant's key comes from torch."""

from collections.abc import Iterator

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.run_result import RunStatus
from quizapp.core.grading.code_judge import grade_code_task, variant_key
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
TASK = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
DRILL = next(
    q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and q.id == "drill-returned-total-norm"
)


@pytest.fixture(scope="module")
def runner() -> Iterator[SnippetRunner]:
    with SnippetRunner(slots=2) as started:
        yield started


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


def test_a_variants_key_is_what_torch_prints_for_its_values(runner: SnippetRunner) -> None:
    values, result = variant_key(DRILL, "learner-42", runner)
    again, _ = variant_key(DRILL, "learner-42", runner)

    expected = round((float(values["a"]) ** 2 + float(values["b"]) ** 2) ** 0.5, 2)
    assert values == again
    assert result.status is RunStatus.OK
    assert float(result.stdout) == pytest.approx(expected, abs=0.01)
