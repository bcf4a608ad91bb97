"""The results screen's detail of a parameterized question shows the learner's variant."""

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeOutputQuestion
from quizapp.core.session.quiz_session import Mode, QuizSession
from quizapp.tui.screens.answer_detail import detail_markdown
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
PARAMETERIZED = [q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and q.parameters]


@pytest.fixture(scope="module")
def judge(shared_runner: SnippetRunner) -> RunnerJudge:
    return RunnerJudge(shared_runner)


def test_no_placeholder_reaches_the_answer_detail(judge: RunnerJudge) -> None:
    session = QuizSession(PARAMETERIZED, mode=Mode.EXAM, learner="ada", seed=5, judge=judge)
    while session.current is not None:
        session.answer("tensor(1.)")
        session.next()

    results = session.finish()

    assert len(results.questions) == len(PARAMETERIZED) >= 8
    for result in results.questions:
        detail = detail_markdown(result)
        assert "{{" not in detail, result.question.id
        assert result.key
        assert result.key in detail
