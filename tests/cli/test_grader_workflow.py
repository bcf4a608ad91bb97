"""The grader's workflow end to end with real files and commands: assign, take, submit, grade, export."""

import csv
import json
import subprocess
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import TrueFalseQuestion
from tests.cli.command_line import run_quizapp
from tests.paths import BANK

QUESTIONS = {question.id: question for question in load_bank([BANK]).bank.questions}


def quizapp(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_quizapp(*args, cwd=cwd, stdin=stdin)


def typed(question_id: str, *, right: bool = True) -> str:
    question = QUESTIONS[question_id]
    assert isinstance(question, TrueFalseQuestion)
    return "t" if question.answer == right else "f"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as stream:
        return list(csv.DictReader(stream))


def test_assign_take_submit_grade_export(tmp_path: Path) -> None:
    # The grader sets an exam: four true/false questions drawn now, hints off, one attempt.
    assigned = quizapp(
        "assign", "-o", "week1.json", "--title", "Week 1", "--type", "true_false", "--count", "4",
        "--seed", "5", "--time-limit", "900", cwd=tmp_path,
    )  # fmt: skip
    assert assigned.returncode == 0, assigned.stderr
    assert "4 questions, exam, 900 s, hints off, 1 attempt, seed 5" in assigned.stdout
    assignment = json.loads((tmp_path / "week1.json").read_text())
    ids = assignment["questions"]
    assert (assignment["mode"], assignment["hints"], len(ids)) == ("exam", False, 4)

    # Ada answers all four rightly (asking for a hint first); Bob answers one and skips three.
    ada_input = "?\n" + "".join(typed(qid) + "\n" for qid in ids)
    ada = quizapp(
        "take", "--plain", "--assignment", "week1.json", "--learner", "ada", cwd=tmp_path, stdin=ada_input
    )
    bob = quizapp(
        "take", "--plain", "--assignment", "week1.json", "--learner", "bob", cwd=tmp_path,
        stdin=typed(ids[0]) + "\n\n\n\n",
    )  # fmt: skip
    assert ada.returncode == 0, ada.stderr
    assert "No hints: they are off in this assignment." in ada.stdout
    assert "Score: 4 / 4 (100%)" in ada.stdout
    assert bob.returncode == 0, bob.stderr
    assert "Score: 1 / 4 (25%)" in bob.stdout
    for learner in ("ada", "bob"):
        submitted = quizapp("submit", "--learner", learner, "-o", f"{learner}.json", cwd=tmp_path)
        assert submitted.returncode == 0, submitted.stderr
    bob_file = json.loads((tmp_path / "bob.json").read_text())
    assert bob_file["questions"] == ids  # skipped questions are listed too
    assert bob_file["assignment"] == assigned.stdout.split("assignment ")[1].split(",")[0]

    # Carol edits her seed (other variants would be hers); another grader's file differs.
    (tmp_path / "carol.json").write_text(json.dumps({**bob_file, "learner": "carol", "seed": 6}))
    other = quizapp("assign", "-o", "other.json", "--title", "Week 1", "--question", ids[0], cwd=tmp_path)
    assert other.returncode == 0, other.stderr

    graded = quizapp(
        "grade", "--assignment", "week1.json", "ada.json", "bob.json", "carol.json",
        "--out", "book.csv", "--wide", cwd=tmp_path,
    )  # fmt: skip
    assert graded.returncode == 1  # carol's is not gradable
    assert "ada.json: ada: 4.0/4.0" in graded.stdout
    assert "bob.json: bob: 1.0/4.0" in graded.stdout
    assert graded.stdout.count("not answered") == 3
    assert "carol.json: not gradable: not an attempt at this assignment: its seed 6" in graded.stderr
    book = {line["learner"]: line for line in rows(tmp_path / "book.csv")}
    assert set(book) == {"ada", "bob"}
    assert (book["ada"]["quiz"], book["ada"]["percentage"]) == ("Week 1", "100.0")
    assert (book["bob"]["total"], book["bob"]["max"], book["bob"]["percentage"]) == ("1.0", "4.0", "25.0")

    long = quizapp("grade", "--assignment", "week1.json", "bob.json", "--out", "bob.csv", cwd=tmp_path)
    assert long.returncode == 0, long.stderr
    bob_rows = rows(tmp_path / "bob.csv")
    assert [row["question_id"] for row in bob_rows] == ids
    assert {row["hints_source"] for row in bob_rows if row["answered_at"]} == {"hints off"}

    mismatched = quizapp("grade", "--assignment", "other.json", "ada.json", cwd=tmp_path)
    assert mismatched.returncode == 1
    assert "it was taken from another assignment" in mismatched.stderr

    # The learners' own machine exports the same totals the grader computed.
    exported = quizapp("export", "--out", "local.csv", "--wide", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    local = {line["learner"]: line for line in rows(tmp_path / "local.csv")}
    assert (local["ada"]["total"], local["ada"]["max"]) == ("4.0", "4.0")
    assert (local["bob"]["total"], local["bob"]["max"]) == ("1.0", "4.0")
