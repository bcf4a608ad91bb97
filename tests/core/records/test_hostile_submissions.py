"""Submission and assignment files a hostile learner (or a careless editor) could hand a grader."""

import codecs
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import SingleChoiceQuestion, TrueFalseQuestion
from quizapp.core.records.assignments import Assignment, AssignmentError, read_assignment, write_assignment
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.submissions import GradedSubmission, NotGradable, regrade_files, write_submission
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.session_starter import SessionStarter
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
SINGLE = next(
    q for q in QUESTIONS if isinstance(q, SingleChoiceQuestion) and not getattr(q, "parameters", None)
)
TRUE_FALSE = next(
    q for q in QUESTIONS if isinstance(q, TrueFalseQuestion) and not getattr(q, "parameters", None)
)
EXAM = Assignment(title="Week 1", mode="exam", seed=41, questions=(SINGLE.id, TRUE_FALSE.id))


def handed_in(tmp_path: Path, assignment: Assignment = EXAM, name: str = "ada") -> Path:
    """Ada takes ``assignment`` and answers every question rightly; her submission file."""
    with AttemptStore(tmp_path / f"{name}.sqlite3") as store:
        session = SessionStarter(QUESTIONS, learner="ada", store=store).start(
            QuizRequest.for_assignment(assignment), seed=0
        )
        session.answer(SINGLE.answer)
        session.next()
        session.answer(TRUE_FALSE.answer)
        session.finish()
        assert session.session_id is not None
        path = tmp_path / f"{name}.json"
        write_submission(store, session.session_id, path)
    return path


def test_a_byte_order_mark_before_a_submission_or_an_assignment_is_skipped(tmp_path: Path) -> None:
    # Measured: either file saved by a Windows editor gave "Invalid JSON: expected value at line 1 column 1".
    write_assignment(EXAM, tmp_path / "week1.json")
    marked_assignment = tmp_path / "week1-bom.json"
    marked_assignment.write_bytes(codecs.BOM_UTF8 + (tmp_path / "week1.json").read_bytes())
    path = handed_in(tmp_path)
    marked = tmp_path / "ada-bom.json"
    marked.write_bytes(codecs.BOM_UTF8 + path.read_bytes())

    assignment = read_assignment(marked_assignment)
    [graded] = regrade_files([marked], QUESTIONS, judge=None, assignment=assignment)

    assert assignment == EXAM
    assert isinstance(graded, GradedSubmission)
    assert sum(row.score for row in graded.rows) == 2.0


def edited(path: Path, change: Callable[[dict[str, Any]], object], name: str = "edited") -> Path:
    """A copy of the submission at ``path`` with ``change`` applied to its JSON."""
    data = json.loads(path.read_text())
    change(data)
    out = path.with_name(f"{name}-{path.name}")
    out.write_text(json.dumps(data))
    return out


def test_a_seed_no_session_could_have_is_not_gradable(tmp_path: Path) -> None:
    huge = edited(handed_in(tmp_path), lambda data: data.update(seed=2**70))

    [result] = regrade_files([huge], QUESTIONS, judge=None)

    assert isinstance(result, NotGradable)
    assert result.reason == "not a quizapp submission (seed: Input should be less than 9223372036854775808)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hints": "yes"}, "(hints: Input should be a valid boolean)"),
        ({"hints": 1}, "(hints: Input should be a valid boolean)"),
        ({"attempts": "3"}, "(attempts: Input should be a valid integer)"),
        ({"seed": "41"}, "(seed: Input should be a valid integer)"),
        ({"time_limit_s": "600"}, "(time_limit_s: Input should be a valid number)"),
        ({"rule": {"count": "3"}}, "(rule.count: Input should be a valid integer)"),
        (
            {"questions": [TRUE_FALSE.id] * 3},
            f"(questions: a question may be assigned once; named more than once: {TRUE_FALSE.id})",
        ),
    ],
)
def test_an_assignment_file_is_read_strictly(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    # Measured: "hints": "yes" turned hints on, and one question listed three times was asked three times.
    write_assignment(EXAM, tmp_path / "week1.json")
    data = json.loads((tmp_path / "week1.json").read_text())
    (tmp_path / "week1.json").write_text(json.dumps({**data, **change}))

    with pytest.raises(AssignmentError) as refused:
        read_assignment(tmp_path / "week1.json")

    assert str(refused.value) == f"{tmp_path / 'week1.json'} is not a quizapp assignment {message}"


def test_a_submission_is_read_strictly_too(tmp_path: Path) -> None:
    path = handed_in(tmp_path)
    texts = edited(path, lambda data: data["responses"][0].update(hints_used="0"), "texts")

    [result] = regrade_files([texts], QUESTIONS, judge=None)

    assert isinstance(result, NotGradable)
    assert (
        result.reason == "not a quizapp submission (responses.0.hints_used: Input should be a valid integer)"
    )


def test_an_assignment_submission_graded_without_the_assignment_is_refused(tmp_path: Path) -> None:
    # Measured: graded as self-study against its own question list, a file with the wrong
    # answers and their questions deleted scored 100% under the assignment's title.
    path = handed_in(tmp_path)
    trimmed = edited(
        path,
        lambda data: data.update(
            questions=[SINGLE.id], responses=[r for r in data["responses"] if r["question_id"] == SINGLE.id]
        ),
    )

    results = regrade_files([path, trimmed], QUESTIONS, judge=None)

    expected = (
        f"it was taken from assignment {EXAM.fingerprint}: grade it against that assignment "
        "(quizapp grade --assignment FILE), not as self-study"
    )
    assert [(type(r), getattr(r, "reason", "")) for r in results] == [(NotGradable, expected)] * 2
