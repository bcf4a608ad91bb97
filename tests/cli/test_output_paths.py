"""A command never writes its output over a file it reads: the database, a submission, the bank.

Each case was a one-character slip that replaced the file and reported success (exit 0).
"""

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.cli.test_record_commands import finished_session, quizapp
from tests.paths import BANK

ONE_QUIZ_FILE = sorted(BANK.glob("*.yaml"))[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "attempts.sqlite3"
    finished_session(path, "ada")
    return path


@pytest.mark.parametrize("command", ["submit", "export"])
def test_the_attempt_database_is_never_the_output(command: str, db: Path, tmp_path: Path) -> None:
    (tmp_path / "link.csv").symlink_to(db)  # the database under another name is refused too
    before = digest(db)
    option = "-o" if command == "submit" else "--out"

    for out in (str(db), "link.csv"):
        result = quizapp(command, "--db", str(db), "--learner", "ada", option, out, cwd=tmp_path)

        assert result.returncode == 2
        assert "is the attempt database, which this command reads" in result.stderr
        assert "Traceback" not in result.stderr
    assert digest(db) == before
    assert quizapp("stats", "--db", str(db), "--learner", "ada", cwd=tmp_path).returncode == 0


def test_grade_never_writes_over_a_submission_or_a_quiz_file(db: Path, tmp_path: Path) -> None:
    assert (
        quizapp("submit", "--db", str(db), "--learner", "ada", "-o", "ada.json", cwd=tmp_path).returncode == 0
    )
    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copy(ONE_QUIZ_FILE, bank / "quiz.yaml")
    (tmp_path / "scores.json").symlink_to(bank / "quiz.yaml")
    submission, quiz_file = digest(tmp_path / "ada.json"), digest(bank / "quiz.yaml")

    over_submission = quizapp("grade", "ada.json", "--out", "ada.json", cwd=tmp_path)
    over_quiz_file = quizapp("grade", "--bank", "bank", "ada.json", "--out", "scores.json", cwd=tmp_path)

    assert over_submission.returncode == 2
    assert "is a file given to grade, which this command reads" in over_submission.stderr
    assert over_quiz_file.returncode == 2
    assert "is a quiz file of the bank, which this command reads" in over_quiz_file.stderr
    assert digest(tmp_path / "ada.json") == submission
    assert digest(bank / "quiz.yaml") == quiz_file


def test_an_output_whose_name_gives_no_format_is_refused_before_any_work(db: Path, tmp_path: Path) -> None:
    exported = quizapp("export", "--db", str(db), "--out", "scores.db", cwd=tmp_path)
    graded = quizapp("grade", "missing.json", "--out", "scores.yaml", cwd=tmp_path)

    for result, name in ((exported, "scores.db"), (graded, "scores.yaml")):
        assert result.returncode == 2
        assert f"give a name ending in .csv or .json, not {name}" in result.stderr
    assert not (tmp_path / "scores.db").exists()
    assert not (tmp_path / "scores.yaml").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("assign", "--title", "Week 1", "--question", "norm-returns-total", "--bank", "bank", "-o"),
        ("export-bank", "--format", "gift", "--bank", "bank", "--out"),
    ],
)
def test_writing_from_the_bank_never_writes_over_one_of_its_files(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copy(ONE_QUIZ_FILE, bank / "quiz.yaml")
    before = digest(bank / "quiz.yaml")

    result = quizapp(*command, str(bank / "quiz.yaml"), cwd=tmp_path)

    assert result.returncode == 2
    assert "is a quiz file of the bank, which this command reads" in result.stderr
    assert digest(bank / "quiz.yaml") == before
