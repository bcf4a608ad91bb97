"""Submissions are re-graded from raw answers; exports are inert in spreadsheets."""

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.explain_question import ExplainQuestion
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from quizapp.core.model.questions import SingleChoiceQuestion, TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.exports import safe_cell, write_json, write_long_csv, write_wide_csv
from quizapp.core.records.submissions import (
    GradedSubmission,
    NotGradable,
    SubmissionError,
    read_submission,
    regrade,
    regrade_files,
    write_submission,
)
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
SINGLE = next(q for q in QUESTIONS if isinstance(q, SingleChoiceQuestion))
TRUE_FALSE = next(q for q in QUESTIONS if isinstance(q, TrueFalseQuestion))
TASK = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
EXPLAIN = next(
    q for q in QUESTIONS if isinstance(q, ExplainQuestion) and q.id == "explain-why-clipping-helps"
)


def submission_file(tmp_path: Path, name: str, responses: list[dict[str, Any]], learner: str = "ada") -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(
        json.dumps(
            {
                "format": "quizapp-submission",
                "version": 1,
                "app_version": "0.1.0",
                "learner": learner,
                "quiz": "q",
                "mode": "exam",
                "seed": 1,
                "bank_fingerprint": bank_fingerprint(QUESTIONS),
                "responses": responses,
                "submitted_at": "2026-01-05T10:00:00+00:00",
            }
        )
    )
    return path


def response(question: Any, answer: Any, **extra: Any) -> dict[str, Any]:
    return {
        "question_id": question.id,
        "question_hash": question_hash(question),
        "answer": answer,
        "answered_at": "2026-01-05T09:59:00+00:00",
        **extra,
    }


def test_a_finished_session_round_trips_through_a_submission_file(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = QuizSession(
            [SINGLE, TRUE_FALSE],
            mode=Mode.EXAM,
            learner="ada",
            seed=3,
            store=store,
            bank=bank_fingerprint(QUESTIONS),
        )
        session.answer(SINGLE.answer)
        session.next()
        session.answer(not TRUE_FALSE.answer)
        session.next()
        session.finish()
        assert session.session_id is not None
        written = write_submission(store, session.session_id, tmp_path / "ada.json")

    read = read_submission(tmp_path / "ada.json")
    graded = regrade(read, QUESTIONS, judge=None)

    assert read == written
    assert [(row.question_id, row.score) for row in graded.rows] == [(SINGLE.id, 1.0), (TRUE_FALSE.id, 0.0)]
    assert not graded.bank_differs


def test_an_unfinished_session_cannot_be_submitted(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = QuizSession([SINGLE], mode=Mode.EXAM, learner="ada", seed=3, store=store)
        assert session.session_id is not None
        with pytest.raises(SubmissionError, match="not finished"):
            write_submission(store, session.session_id, tmp_path / "ada.json")


def test_a_submission_claiming_full_marks_gets_what_its_answers_earn(tmp_path: Path) -> None:
    wrong = next(c.id for c in SINGLE.choices if c.id != SINGLE.answer)
    path = submission_file(tmp_path, "cheat", [response(SINGLE, wrong, score=1.0, max_score=1.0)])

    [graded] = regrade_files([path], QUESTIONS, judge=None)

    assert isinstance(graded, GradedSubmission)
    assert [row.score for row in graded.rows] == [0.0]


def test_a_changed_question_and_a_missing_one_are_reported(tmp_path: Path) -> None:
    path = submission_file(
        tmp_path,
        "old",
        [
            {**response(SINGLE, SINGLE.answer), "question_hash": "0" * 16},
            {**response(SINGLE, "a"), "question_id": "gone-from-the-bank", "question_hash": "x"},
        ],
    )
    graded = regrade(read_submission(path), QUESTIONS, judge=None)

    assert graded.changed == (SINGLE.id,)
    assert graded.missing == ("gone-from-the-bank",)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not a quizapp submission"),
        (b'{"format": "something-else"}', "not a quizapp submission (format"),
        (b"\xff\xfe\x00garbage", "not a quizapp submission"),
        (b"[]", "not a quizapp submission"),
    ],
)
def test_a_broken_file_is_not_gradable_and_the_batch_goes_on(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(content)
    good = submission_file(tmp_path, "good", [response(TRUE_FALSE, TRUE_FALSE.answer)])

    results = regrade_files([broken, good, tmp_path / "missing.json"], QUESTIONS, judge=None)

    assert isinstance(results[0], NotGradable)
    assert reason in results[0].reason
    assert isinstance(results[1], GradedSubmission)
    assert isinstance(results[2], NotGradable)
    assert "cannot read it" in results[2].reason


@pytest.fixture(scope="module")
def judge(shared_runner: SnippetRunner) -> RunnerJudge:
    return RunnerJudge(shared_runner)


def test_a_hostile_code_answer_fails_without_harming_the_batch(tmp_path: Path, judge: RunnerJudge) -> None:
    hostile = submission_file(
        tmp_path, "hostile", [response(TASK, "import os\nwhile True:\n    os.fork()")], "mallory"
    )
    endless = submission_file(tmp_path, "endless", [response(TASK, "while True:\n    pass")], "eve")
    honest = submission_file(tmp_path, "honest", [response(TASK, TASK.solution)], "ada")

    results = regrade_files([hostile, endless, honest], QUESTIONS, judge=judge, workers=3)

    assert all(isinstance(result, GradedSubmission) for result in results)
    scores = {
        result.learner: result.rows[0].score for result in results if isinstance(result, GradedSubmission)
    }
    assert scores == {"mallory": 0.0, "eve": 0.0, "ada": TASK.points}


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-2, -2),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formulas_and_keeps_numbers(value: Any, safe: Any) -> None:
    assert safe_cell(value) == safe


def test_a_hyperlink_learner_exports_inertly(tmp_path: Path) -> None:
    learner = '=HYPERLINK("http://x","y")'
    path = submission_file(tmp_path, "evil", [response(TRUE_FALSE, "-1+2")], learner)
    graded = regrade(read_submission(path), QUESTIONS, judge=None)

    write_long_csv(graded.rows, tmp_path / "long.csv")
    write_wide_csv(graded.rows, tmp_path / "wide.csv")
    write_json(graded.rows, tmp_path / "scores.json")

    with (tmp_path / "long.csv").open(newline="") as stream:
        [row] = list(csv.DictReader(stream))
    with (tmp_path / "wide.csv").open(newline="") as stream:
        [line] = list(csv.DictReader(stream))
    assert row["learner"] == "'" + learner
    assert row["answer"] == "'-1+2"
    assert row["score"] == "0.0"  # a number, written as a number
    assert line["learner"] == "'" + learner
    assert line["percentage"] == "0.0"
    assert json.loads((tmp_path / "scores.json").read_text())["responses"][0]["learner"] == learner


def test_an_answer_too_long_for_a_spreadsheet_cell_is_cut_in_csv_and_whole_in_json(tmp_path: Path) -> None:
    answer = "=" + "x" * 39_999  # hand-edited: the app takes at most 20,000 characters
    path = submission_file(tmp_path, "long", [response(TRUE_FALSE, answer)])
    graded = regrade(read_submission(path), QUESTIONS, judge=None)

    write_long_csv(graded.rows, tmp_path / "long.csv")
    write_json(graded.rows, tmp_path / "scores.json")

    with (tmp_path / "long.csv").open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 1  # nothing spilled into a row of its own
    cell = rows[0]["answer"]
    assert len(cell) <= 32_767
    assert cell.startswith("'=xxx")
    assert cell.endswith("[cut: 40,000 characters in all; the JSON export has it whole]")
    assert json.loads((tmp_path / "scores.json").read_text())["responses"][0]["answer"] == answer


def test_an_explain_score_says_which_concepts_it_rests_on_in_every_export(tmp_path: Path) -> None:
    explain = EXPLAIN
    [big, unstable, clipping, deep] = [concept.name for concept in explain.concepts]
    answer = "Huge gradients give huge weight updates, and training can diverge. Clipping caps the norm."
    path = submission_file(tmp_path, "ada", [response(explain, answer), response(TRUE_FALSE, "true")])
    graded = regrade(read_submission(path), QUESTIONS, judge=None)

    write_long_csv(graded.rows, tmp_path / "long.csv")
    write_json(graded.rows, tmp_path / "scores.json")

    with (tmp_path / "long.csv").open(newline="") as stream:
        rows = {row["question_id"]: row for row in csv.DictReader(stream)}
    expected = f'concepts credited: "{big}", "{unstable}", "{clipping}"; not credited: "{deep}"'
    assert rows[explain.id]["score"] == "0.75"
    assert rows[explain.id]["evidence"] == expected
    assert rows[TRUE_FALSE.id]["evidence"] == ""  # a key decided it: nothing to confirm by reading
    [first, _] = json.loads((tmp_path / "scores.json").read_text())["responses"]
    assert first["evidence"] == expected


def test_an_explain_answer_of_key_words_alone_is_shown_to_rest_on_nothing(tmp_path: Path) -> None:
    explain = EXPLAIN
    path = submission_file(tmp_path, "ada", [response(explain, "rnn, exploding, cap, diverge")])

    [row] = regrade(read_submission(path), QUESTIONS, judge=None).rows

    assert row.score == 0.0
    assert row.evidence.startswith("concepts credited: none; not credited: ")
