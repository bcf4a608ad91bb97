"""The record commands as a grader runs them: submit, grade, export."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from quizapp.core.model.questions import CodeTaskQuestion, FlashcardQuestion, Question, TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.submissions import write_submission
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
TRUE_FALSE = [q for q in QUESTIONS if isinstance(q, TrueFalseQuestion)][:2]


def quizapp(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=timeout,
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


FLASHCARD = next(q for q in QUESTIONS if isinstance(q, FlashcardQuestion))
HOSTILE = "mallory\x1b]0;pwned\x07\x1b[2J\r"


def submission(tmp_path: Path, name: str, learner: str, answers: list[tuple[Question, object]]) -> str:
    """A real submission file written from a finished session of a real attempt store."""
    with AttemptStore(tmp_path / f"{name}.sqlite3") as store:
        session = store.start_session(
            learner,
            mode="exam",
            bank_fingerprint=bank_fingerprint(QUESTIONS),
            seed=5,
            question_ids=[question.id for question, _ in answers],
            settings={"quiz": "Week 1"},
        )
        for question, answer in answers:
            store.record_response(
                session,
                question_id=question.id,
                question_hash=question_hash(question),
                answer=answer,
                score=0.0,
                max_score=question.points,
            )
        store.finish_session(session)
        write_submission(store, session, tmp_path / f"{name}.json")
    return f"{name}.json"


def test_grade_refuses_what_is_not_a_regular_file_and_never_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop.json").symlink_to("loop.json")
    task = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
    ada = submission(tmp_path, "ada", "ada", [(TRUE_FALSE[0], TRUE_FALSE[0].answer), (task, task.solution)])

    # Runs hide the folders of the files named: /dev among them once left runs without
    # /dev/null and every code answer of the batch failed; a symlink loop raised.
    result = quizapp("grade", "pipe", "folder", "/dev/null", "loop.json", ada, cwd=tmp_path, timeout=120)

    assert result.returncode == 1
    assert "pipe: not gradable: it is not a regular file but a FIFO (named pipe); refused" in result.stderr
    assert "folder: not gradable: it is not a regular file but a directory; refused" in result.stderr
    assert (
        "/dev/null: not gradable: it is not a regular file but a character device; refused" in result.stderr
    )
    assert "loop.json: not gradable: cannot read it: Too many levels of symbolic links" in result.stderr
    assert "Traceback" not in result.stderr
    assert "ada.json: ada: 2.0/2.0" in result.stdout  # the good file is still graded, its code too


def test_grade_gives_a_reason_for_every_score_below_full_and_shows_no_escape_codes(
    tmp_path: Path,
) -> None:
    right, wrong = TRUE_FALSE
    files = [
        submission(tmp_path, "evil", HOSTILE, [(right, right.answer), (wrong, not wrong.answer)]),
        submission(tmp_path, "ada", "ada", [(right, right.answer), (FLASHCARD, "easy")]),
    ]

    result = quizapp("grade", *files, "--out", "scores.csv", cwd=tmp_path)
    again = quizapp("grade", *files, "--out", "scores.json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    for forbidden in ("\x1b", "\x07", "\r"):
        assert forbidden not in result.stdout + result.stderr
    assert "pwned" not in result.stdout
    assert "evil.json: mallory : 1.0/2.0 [quiz Week 1, exam]" in result.stdout
    assert f"    {wrong.id}: 0.0/1.0: wrong answer" in result.stdout
    assert "ada.json: ada: 1.0/1.0 [quiz Week 1, exam]" in result.stdout  # the flashcard is not scored
    assert "    flashcards: 1 self-rated: 1.0 of 1.0 by own rating (not scored)" in result.stdout
    with (tmp_path / "scores.csv").open(newline="", encoding="utf-8") as stream:
        long = list(csv.DictReader(stream))
    assert [
        (r["learner"], r["quiz"], r["question_id"], r["score"], r["counted"], r["reason"]) for r in long
    ] == [
        (HOSTILE, "Week 1", right.id, "1.0", "yes", ""),
        (HOSTILE, "Week 1", wrong.id, "0.0", "yes", "wrong answer"),
        ("ada", "Week 1", right.id, "1.0", "yes", ""),
        ("ada", "Week 1", FLASHCARD.id, "", "no", "self-rated flashcard: self-assessment, not scored"),
    ]
    assert all(r["mode"] == "exam" and r["submitted_at"].startswith("20") for r in long)
    assert again.returncode == 0, again.stderr
    document = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert [r["reason"] for r in document["responses"]][1] == "wrong answer"
    assert [(line["learner"], line["total"], line["max"]) for line in document["gradebook"]["rows"]] == [
        (HOSTILE, 1.0, 2.0),
        ("ada", 1.0, 1.0),
    ]


def test_two_submissions_for_one_learner_are_reported_and_the_wide_totals_add_up(tmp_path: Path) -> None:
    right, wrong = TRUE_FALSE
    first = submission(tmp_path, "bob-first", "bob", [(right, right.answer), (wrong, wrong.answer)])
    forged = submission(tmp_path, "bob-forged", "bob", [(right, not right.answer), (wrong, wrong.answer)])
    ada = submission(tmp_path, "ada", "ada", [(right, right.answer), (FLASHCARD, "good")])

    result = quizapp("grade", first, forged, ada, "--out", "book.csv", "--wide", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert (
        "2 submissions name bob for quiz Week 1: bob-first.json, bob-forged.json; only bob-forged.json counts"
        " (submitted last)"
    ) in result.stdout
    assert (
        "bob-first.json: bob: 2.0/2.0 [quiz Week 1, exam] (not counted: another submission of this learner"
    ) in result.stdout
    assert "bob-forged.json: bob: 1.0/2.0 [quiz Week 1, exam]\n" in result.stdout
    with (tmp_path / "book.csv").open(newline="", encoding="utf-8") as stream:
        book = list(csv.DictReader(stream))
    assert [(line["learner"], line["session"], line["quiz"]) for line in book] == [
        ("bob", "bob-forged.json", "Week 1"),  # one line for bob: nothing merged
        ("ada", "ada.json", "Week 1"),
    ]
    questions = [column for column in book[0] if column in {right.id, wrong.id}]
    for line in book:
        cells = [float(line[column]) for column in questions if line[column]]
        assert float(line["total"]) == round(sum(cells), 2)
    assert FLASHCARD.id not in book[0]
    assert book[1]["self_rated_flashcards"].startswith("1 self-rated")


def test_an_exported_gradebooks_totals_are_the_sums_of_its_cells(tmp_path: Path) -> None:
    db = tmp_path / "attempts.sqlite3"
    finished_session(db, "ada")
    finished_session(db, "ada")

    exported = quizapp("export", "--db", str(db), "--out", "book.csv", "--wide", cwd=tmp_path)

    assert exported.returncode == 0, exported.stderr
    with (tmp_path / "book.csv").open(newline="", encoding="utf-8") as stream:
        book = list(csv.DictReader(stream))
    assert [(line["learner"], line["mode"]) for line in book] == [("ada", "exam"), ("ada", "exam")]
    assert book[0]["session"] != book[1]["session"]
    for line in book:
        cells = [float(line[question.id]) for question in TRUE_FALSE]
        assert float(line["total"]) == round(sum(cells), 2) == 1.0


def test_a_submission_whose_file_name_is_not_utf8_is_graded_and_exported(tmp_path: Path) -> None:
    db = tmp_path / "attempts.sqlite3"
    finished_session(db, "ada")
    submitted = quizapp("submit", "--db", str(db), "--learner", "ada", "-o", "ada.json", cwd=tmp_path)
    assert submitted.returncode == 0, submitted.stderr
    name = os.fsdecode(b"ada-\xff.json")  # a name in Latin-1, say, from an unzipped archive
    (tmp_path / "ada.json").rename(tmp_path / name)

    for out in ("scores.csv", "scores.json"):
        done = subprocess.run(
            [sys.executable, "-m", "quizapp", "grade", name, "--out", out],
            capture_output=True,  # bytes: the report names the file as its bytes are, like ls
            check=False,
            cwd=tmp_path,
            timeout=300,
            env={"PATH": "/usr/bin:/bin", "QUIZAPP_BANK": str(BANK)},
        )
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
        assert b"ada-\xff.json: ada: 1.0/2.0" in done.stdout
    with (tmp_path / "scores.csv").open(newline="", encoding="utf-8") as stream:
        sessions = {row["session"] for row in csv.DictReader(stream)}
    assert sessions == {"ada-\\udcff.json"}  # the odd byte shown, the file valid UTF-8
    document = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert {row["session"] for row in document["responses"]} == {name}  # JSON's \udcff escape reads back


def test_grade_says_how_many_points_a_machine_read_and_where_each_is_explained(tmp_path: Path) -> None:
    explain = next(q for q in QUESTIONS if q.id == "explain-why-clipping-helps")
    honest = "Huge gradients give huge weight updates, and training can diverge. Clipping caps the norm."
    submission(tmp_path, "ada", "ada", [(explain, honest), (TRUE_FALSE[0], TRUE_FALSE[0].answer)])
    submission(tmp_path, "bob", "bob", [(explain, "rnn, exploding, cap, diverge")])

    graded = quizapp("grade", "ada.json", "bob.json", "--out", "scores.json", cwd=tmp_path)

    assert graded.returncode == 0, graded.stderr
    # ada's 0.75 is read from her sentences; bob's list of key words earned nothing to confirm.
    assert "0.75 points, in 1 explain answer, come from a machine's reading of free text" in graded.stdout
    [ada, _, bob] = json.loads((tmp_path / "scores.json").read_text())["responses"]
    assert ada["evidence"].startswith('concepts credited: "Large gradients cause oversized weight updates", ')
    assert bob["evidence"].startswith("concepts credited: none")


def test_grade_says_nothing_of_machine_reading_where_no_point_came_from_it(tmp_path: Path) -> None:
    submission(tmp_path, "ada", "ada", [(TRUE_FALSE[0], TRUE_FALSE[0].answer)])

    graded = quizapp("grade", "ada.json", cwd=tmp_path)

    assert graded.returncode == 0, graded.stderr
    assert "machine" not in graded.stdout
