"""What a grader sees from ``quizapp grade`` when a learner's file is not what the session wrote."""

import csv
import json
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import TrueFalseQuestion
from tests.cli.command_line import run_quizapp
from tests.paths import BANK

QUESTIONS = [q for q in load_bank([BANK]).bank.questions if isinstance(q, TrueFalseQuestion)][:2]


def quizapp(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_quizapp(*args, cwd=cwd, stdin=stdin, bank=BANK)


@pytest.fixture(scope="module")
def week1_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """week1.json (two true/false questions, a 600 s exam) and ada.json, all right: made once."""
    tmp_path = tmp_path_factory.mktemp("week1")
    questions = [arg for q in QUESTIONS for arg in ("--question", q.id)]
    assigned = quizapp(
        "assign", "-o", "week1.json", "--title", "Week 1", *questions, "--time-limit", "600", cwd=tmp_path
    )
    assert assigned.returncode == 0, assigned.stderr
    answers = "".join(("t" if q.answer else "f") + "\n" for q in QUESTIONS)
    taken = quizapp(
        "take", "--plain", "--assignment", "week1.json", "--learner", "ada", cwd=tmp_path, stdin=answers
    )
    assert taken.returncode == 0, taken.stderr
    submitted = quizapp("submit", "--learner", "ada", "-o", "ada.json", cwd=tmp_path)
    assert submitted.returncode == 0, submitted.stderr
    return tmp_path


@pytest.fixture
def week1(week1_made: Path, tmp_path: Path) -> Path:
    """A folder of this test's own with a copy of week1.json, ada.json and ada's database."""
    folder = tmp_path / "week1"
    shutil.copytree(week1_made, folder)
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as stream:
        return list(csv.DictReader(stream))


def test_an_assignment_submission_without_assignment_is_refused_and_left_out(week1: Path) -> None:
    data = json.loads((week1 / "ada.json").read_text())
    fingerprint = data["assignment"]
    graded = quizapp("grade", "ada.json", "--out", "book.csv", "--wide", cwd=week1)

    assert graded.returncode == 1
    assert (
        f"ada.json: not gradable: it was taken from assignment {fingerprint}: grade it against that "
        "assignment (quizapp grade --assignment FILE), not as self-study"
    ) in graded.stderr
    assert rows(week1 / "book.csv") == []
    with_it = quizapp("grade", "--assignment", "week1.json", "ada.json", cwd=week1)
    assert with_it.returncode == 0, with_it.stderr
    assert "ada.json: ada: 2.0/2.0" in with_it.stdout


def test_grade_gives_nothing_for_an_answer_after_the_time_limit_and_says_so(week1: Path) -> None:
    data = json.loads((week1 / "ada.json").read_text())
    started = datetime.fromisoformat(data["started_at"]) - timedelta(days=2)  # a day past the limit
    data["started_at"] = started.isoformat()
    data["responses"][0]["answered_at"] = (started + timedelta(seconds=60)).isoformat()
    data["responses"][1]["answered_at"] = (started + timedelta(days=1)).isoformat()
    data["submitted_at"] = (started + timedelta(days=1, seconds=5)).isoformat()
    (week1 / "ada.json").write_text(json.dumps(data))

    graded = quizapp("grade", "--assignment", "week1.json", "ada.json", "--out", "long.csv", cwd=week1)

    assert graded.returncode == 0, graded.stderr
    assert "ada.json: ada: 1.0/2.0" in graded.stdout
    reasons = {row["question_id"]: (row["score"], row["reason"]) for row in rows(week1 / "long.csv")}
    assert reasons[QUESTIONS[1].id][0] == "0.0"
    assert reasons[QUESTIONS[1].id][1].startswith("answered after the time limit: 864")
    assert reasons[QUESTIONS[1].id][1].endswith(" s after the start, the limit is 600 s")
