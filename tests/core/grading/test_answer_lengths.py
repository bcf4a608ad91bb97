"""An answer of megabytes is refused by its length, live and re-graded, and no message quotes it whole.

Measured before: a 5 MB explanation took 4 s to match and was stored whole; a 50 MB line piped
to plain mode took 14 s and 655 MB and was written back twice; "not a number" feedback
quoted the whole answer.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.answer_rules import Grade, grade_answer
from quizapp.core.grading.answer_size import MOST_ANSWER_CHARS, MOST_QUOTED_CHARS
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value
from quizapp.core.model.questions import (
    ExplainQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.submissions import GradedSubmission, regrade_files, write_submission
from quizapp.core.session.quiz_session import Mode, QuizSession, SessionError
from quizapp.core.session.session_starter import SessionStarter
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def first(kind: type[Any]) -> Any:
    return next(q for q in QUESTIONS if isinstance(q, kind) and not getattr(q, "parameters", None))


EXPLAIN: ExplainQuestion = first(ExplainQuestion)
NUMERIC: NumericQuestion = first(NumericQuestion)
SINGLE: SingleChoiceQuestion = first(SingleChoiceQuestion)
MULTIPLE: MultipleSelectQuestion = first(MultipleSelectQuestion)
TASK: CodeTaskQuestion = first(CodeTaskQuestion)
TRUE_FALSE: TrueFalseQuestion = first(TrueFalseQuestion)


class NeverRuns:
    """A judge that fails the test if asked to run anything: a refused answer must not run."""

    def grade_code_task(self, question: CodeTaskQuestion, code: str) -> Grade:
        raise AssertionError(f"{question.id}: code of {len(code):,} characters was run")

    def variant_key(self, question: CodeOutputQuestion, values: dict[str, Value]) -> str:
        raise AssertionError("nothing is run for a refused answer")

    def environment(self) -> tuple[str, str]:
        return ("cpu", "none")


def session_over(store: AttemptStore, question: Question, judge: Any) -> QuizSession:
    starter = SessionStarter(QUESTIONS, learner="ada", store=store, judge=judge)
    return starter.start_over([question], mode=Mode.PRACTICE, title="Lengths", seed=0)


def padded(text: str, chars: int) -> str:
    """``text`` followed by a comment (code) or spaces that make it ``chars`` characters long."""
    return text + "\n#" + "x" * (chars - len(text) - 2)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (EXPLAIN, "Clipping caps the norm so training is stable. " * 1_000),
        (NUMERIC, "1" * (MOST_ANSWER_CHARS + 1)),
        (SINGLE, "a" * 5_000_000),
        (MULTIPLE, ["a"] * (MOST_ANSWER_CHARS // 2 + 1)),  # many picks, each short
        (TASK, padded("pass", MOST_ANSWER_CHARS + 1)),
    ],
    ids=["explain", "numeric", "choice", "picks", "code"],
)
def test_a_live_answer_over_the_limit_is_refused_unstored_and_the_question_stays_open(
    tmp_path: Path, question: Question, answer: object
) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = session_over(store, question, NeverRuns())

        with pytest.raises(SessionError) as refused:
            session.answer(answer)

        assert f"an answer may be at most {MOST_ANSWER_CHARS:,}" in str(refused.value)
        assert "characters long" in str(refused.value)
        assert session.answered == 0  # not an attempt: the learner may shorten it and answer
        assert session.session_id is not None
        assert store.responses(session.session_id) == []


def test_an_answer_at_the_limit_is_graded_and_earns_its_points(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    """The limit is generous: the solution with a comment making it 20,000 characters still passes."""
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = session_over(store, TASK, RunnerJudge(shared_runner))
        code = padded(TASK.solution, MOST_ANSWER_CHARS)
        assert len(code) == MOST_ANSWER_CHARS

        outcome = session.answer(code)

        assert outcome.points == TASK.points


def handed_in_with(tmp_path: Path, question: Question, first: str, edited: object) -> Path:
    """Ada's submission of one answer, ``first``, then edited (by hand, or an older version) to ``edited``."""

    class WrongAtOnce(NeverRuns):  # her code is judged without running it: only the file matters here
        def grade_code_task(self, question: CodeTaskQuestion, code: str) -> Grade:
            return Grade(0.0, "wrong")

    with AttemptStore(tmp_path / "ada.sqlite3") as store:
        session = session_over(store, question, WrongAtOnce())
        session.answer(first)
        session.finish()
        assert session.session_id is not None
        write_submission(store, session.session_id, tmp_path / "ada.json")
    data = json.loads((tmp_path / "ada.json").read_text())
    data["responses"][0]["answer"] = edited
    (tmp_path / "ada.json").write_text(json.dumps(data))
    return tmp_path / "ada.json"


def test_a_submitted_answer_over_the_limit_scores_0_with_its_reason_and_never_runs(tmp_path: Path) -> None:
    path = handed_in_with(tmp_path, TASK, "pass", "x" * 1_000_000)

    [graded] = regrade_files([path], QUESTIONS, judge=NeverRuns())

    assert isinstance(graded, GradedSubmission)
    [row] = [row for row in graded.rows if row.question_id == TASK.id]
    assert row.score == 0.0
    assert row.reason.startswith("not graded: this answer is 1,000,000 characters long")


@pytest.mark.parametrize("depth", [10, 100_000])
def test_an_answer_nested_as_deep_as_a_file_allows_is_measured_without_recursion(
    tmp_path: Path, depth: int
) -> None:
    nested: list[Any] = []
    for _ in range(depth):
        nested = [nested]
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = session_over(store, MULTIPLE, NeverRuns())
        if depth > MOST_ANSWER_CHARS:
            with pytest.raises(SessionError, match="characters long"):
                session.answer(nested)
        else:  # a pick that is no choice id earns nothing
            assert session.answer(nested).points == 0.0


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (NUMERIC, "ten " * 4_000),
        (SINGLE, "z" * 10_000),
        (MULTIPLE, ["q" * 10_000, "r" * 10_000]),
    ],
    ids=["numeric", "choice", "picks"],
)
def test_feedback_quotes_a_few_words_of_an_answer_never_all_of_it(question: Question, answer: object) -> None:
    grade = grade_answer(question, answer)  # type: ignore[arg-type]

    assert grade.fraction == 0.0
    assert len(grade.feedback) < 4 * MOST_QUOTED_CHARS + 100
    assert "characters)" in grade.feedback  # it says how long the answer was


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("t" * 30_000, "not graded: this answer is 30,000 characters long; an answer may be at most 20,000"),
        (["t"], "the answer has the wrong shape for this question"),
    ],
    ids=["too-long", "wrong-shape"],
)
def test_a_choice_answer_that_was_not_graded_says_why_in_the_export_not_wrong_answer(
    tmp_path: Path, answer: object, reason: str
) -> None:
    """Measured: a true/false answer of 30,000 characters was exported as "wrong answer"."""
    path = handed_in_with(tmp_path, TRUE_FALSE, "t", answer)

    [graded] = regrade_files([path], QUESTIONS, judge=NeverRuns())

    assert isinstance(graded, GradedSubmission)
    [row] = graded.rows
    assert (row.score, row.reason) == (0.0, reason)
