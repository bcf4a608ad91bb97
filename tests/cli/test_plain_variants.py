"""Plain mode shows every parameterized question as the learner's variant: no placeholder left."""

import io

import pytest

from quizapp.cli.plain_quiz import LineQuiz
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeOutputQuestion
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
PARAMETERIZED = [q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and q.parameters]


@pytest.fixture(scope="module")
def judge(shared_runner: SnippetRunner) -> RunnerJudge:
    return RunnerJudge(shared_runner)


def test_prompts_snippets_hints_and_explanations_are_filled_in(judge: RunnerJudge) -> None:
    lines = iter(["?", "?", "?", "?", "a wrong answer", "n"] * len(PARAMETERIZED))
    out = io.StringIO()
    session = QuizSession(PARAMETERIZED, mode=Mode.PRACTICE, learner="ada", seed=5, judge=judge)

    results = LineQuiz(session, lambda: next(lines, None), out).run()

    assert results is not None, "the session ended before its last question"
    shown = out.getvalue()
    assert len(results.questions) == len(PARAMETERIZED) >= 8
    assert shown.count("Hint:") >= len(PARAMETERIZED)
    assert shown.count("Why:") == len(PARAMETERIZED)
    assert "{{" not in shown
