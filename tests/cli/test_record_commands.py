"""The record commands as a grader runs them: submit, grade, export."""

import csv
import subprocess
import sys
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
TRUE_FALSE = [q for q in QUESTIONS if isinstance(q, TrueFalseQuestion)][:2]


def quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "QUIZAPP_BANK": str(BANK)},
    )


def finished_session(db: Path, learner: str) -> None:
    with AttemptStore(db) as store:
        session = QuizSession(
            TRUE_FALSE, mode=Mode.EXAM, learner=learner, seed=5, store=store, bank=bank_fingerprint(QUESTIONS)
        )
        session.answer(TRUE_FALSE[0].answer)
        session.next()
        session.answer(not TRUE_FALSE[1].answer)
        session.next()
        session.finish()


def test_submit_grade_and_export_from_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "attempts.sqlite3"
    finished_session(db, "ada")
    (tmp_path / "broken.json").write_text("{ this is not json")

    submitted = quizapp("submit", "--db", str(db), "--learner", "ada", "-o", "ada.json", cwd=tmp_path)
    graded = quizapp("grade", "ada.json", "broken.json", "--out", "scores.csv", cwd=tmp_path)
    exported = quizapp("export", "--db", str(db), "--out", "book.csv", "--wide", cwd=tmp_path)

    assert submitted.returncode == 0, submitted.stderr
    assert "2 answers by ada" in submitted.stdout
    assert graded.returncode == 1  # one submission was not gradable
    assert "ada.json: ada: 1.0/2.0" in graded.stdout
    assert "broken.json: not gradable: not a quizapp submission" in graded.stderr
    with (tmp_path / "scores.csv").open(newline="") as stream:
        assert [row["score"] for row in csv.DictReader(stream)] == ["1.0", "0.0"]
    assert exported.returncode == 0, exported.stderr
    with (tmp_path / "book.csv").open(newline="") as stream:
        [line] = list(csv.DictReader(stream))
    assert (line["learner"], line["total"], line["percentage"]) == ("ada", "1.0", "50.0")


def test_submit_without_a_finished_session_is_a_clear_error(tmp_path: Path) -> None:
    result = quizapp(
        "submit", "--db", str(tmp_path / "empty.sqlite3"), "--learner", "nobody", "-o", "x.json", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "quizapp: error: nobody has no finished session to submit"


def test_a_corrupt_database_is_reported_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "attempts.sqlite3"
    db.write_bytes(b"garbage" * 100)

    result = quizapp("export", "--db", str(db), "--out", "x.csv", cwd=tmp_path)

    assert result.returncode == 1
    assert "left untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == b"garbage" * 100


def test_stats_shows_history_weakest_topics_and_item_analysis(tmp_path: Path) -> None:
    db = tmp_path / "attempts.sqlite3"
    finished_session(db, "ada")
    finished_session(db, "grace")

    history = quizapp("stats", "--db", str(db), "--learner", "ada", cwd=tmp_path)
    items = quizapp("stats", "--db", str(db), "--items", cwd=tmp_path)

    assert history.returncode == 0, history.stderr
    assert "Sessions of ada:" in history.stdout
    assert " exam " in history.stdout
    assert "50%" in history.stdout
    assert "Topics, weakest first:" in history.stdout
    assert items.returncode == 0, items.stderr
    assert TRUE_FALSE[0].id in items.stdout
    assert TRUE_FALSE[1].id in items.stdout
