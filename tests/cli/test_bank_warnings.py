"""take and show warn on stderr, as list does, when files of the bank are left out; stdout stays clean."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank

GOOD = """title: Good
topic: t
questions:
  - id: good-one
    type: true_false
    difficulty: beginner
    prompt: Is this fine?
    answer: true
    explanation: e
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "good.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "broken.yaml").write_text(GOOD.replace("good-one", "Bad Id"), encoding="utf-8")
    (folder / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    return folder


def test_a_broken_link_in_a_bank_is_a_problem_named_after_it(bank: Path) -> None:
    load = load_bank([bank])

    [link] = [p for p in load.problems if p.path.endswith("gone.yaml")]
    assert "broken symbolic link" in link.message
    assert "nowhere.yaml" in link.message
    assert [q.id for q in load.bank.questions] == ["good-one"]


def test_a_fifo_in_a_bank_is_reported_not_opened(tmp_path: Path) -> None:
    import os  # noqa: PLC0415 - only this test makes a FIFO

    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")

    load = load_bank([tmp_path])

    assert [(Path(p.path).name, p.message.split(" (")[0]) for p in load.problems] == [
        ("pipe.yaml", "not a regular file")
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["show", "good-one"],
        ["take", "--plain", "--seed", "1"],
        ["list"],
        ["grade"],
    ],
)
def test_commands_that_use_a_bank_warn_of_left_out_files(
    bank: Path, tmp_path: Path, command: list[str]
) -> None:
    extra = ["--db", str(tmp_path / "db.sqlite3")] if command[0] == "take" else []
    if command[0] == "grade":  # a file it cannot grade: the warning comes before any grading
        (tmp_path / "x.json").write_text("{}", encoding="utf-8")
        extra = [str(tmp_path / "x.json")]
    bank_option = [str(bank)] if command[0] == "list" else ["--bank", str(bank)]

    result = CliRunner().invoke(main, [*command, *bank_option, *extra], input="t\n")

    assert "quizapp: warning: 2 problems in the bank left out 2 files whole (" in result.stderr
    assert "gone.yaml" in result.stderr
    assert "broken.yaml" in result.stderr
    assert "warning" not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
