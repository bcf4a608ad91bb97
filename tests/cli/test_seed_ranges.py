"""``--seed`` of ``assign`` and ``take`` takes only what the attempt database can store (0 to 2**63-1)."""

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import TrueFalseQuestion
from tests.cli.command_line import run_quizapp
from tests.paths import BANK

TRUE_FALSE = next(q for q in load_bank([BANK]).bank.questions if isinstance(q, TrueFalseQuestion))
TOO_BIG = str(2**70)  # measured: accepted, and every learner's `take --assignment` then crashed


def quizapp(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_quizapp(*args, cwd=cwd, stdin=stdin, bank=BANK)


@pytest.mark.parametrize("seed", [TOO_BIG, "-1"])
def test_assign_and_take_refuse_a_seed_the_database_cannot_hold(tmp_path: Path, seed: str) -> None:
    assigned = quizapp(
        "assign",
        "-o",
        "week1.json",
        "--title",
        "W",
        "--question",
        TRUE_FALSE.id,
        "--seed",
        seed,
        cwd=tmp_path,
    )
    taken = quizapp("take", "--plain", "--seed", seed, "--count", "1", cwd=tmp_path, stdin="t\n")

    for result in (assigned, taken):
        assert result.returncode == 2
        assert "Invalid value for '--seed'" in result.stderr
        assert "0<=x<=9223372036854775807" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "week1.json").exists()


def test_the_largest_seed_is_assigned_and_taken(tmp_path: Path) -> None:
    top = str(2**63 - 1)
    assigned = quizapp(
        "assign", "-o", "week1.json", "--title", "W", "--question", TRUE_FALSE.id, "--seed", top, cwd=tmp_path
    )
    assert assigned.returncode == 0, assigned.stderr
    taken = quizapp("take", "--plain", "--assignment", "week1.json", cwd=tmp_path, stdin="t\n")
    assert taken.returncode == 0, taken.stderr


def test_an_assignment_file_with_a_huge_seed_is_refused_before_the_quiz(tmp_path: Path) -> None:
    assigned = quizapp(
        "assign", "-o", "week1.json", "--title", "W", "--question", TRUE_FALSE.id, cwd=tmp_path
    )
    assert assigned.returncode == 0, assigned.stderr
    data = json.loads((tmp_path / "week1.json").read_text())
    (tmp_path / "week1.json").write_text(json.dumps({**data, "seed": 2**70}))

    taken = quizapp("take", "--plain", "--assignment", "week1.json", cwd=tmp_path, stdin="t\n")

    assert taken.returncode == 1
    assert "is not a quizapp assignment (seed: Input should be less than 9223372036854775808)" in taken.stderr
    assert "OverflowError" not in taken.stderr


@pytest.mark.parametrize("seed", [TOO_BIG, "-1"])
def test_show_refuses_a_seed_outside_the_same_range(seed: str) -> None:
    result = CliRunner().invoke(main, ["show", TRUE_FALSE.id, "--bank", str(BANK), "--seed", seed])

    assert result.exit_code == 2
    assert "0<=x<=9223372036854775807" in result.output


def test_show_draws_the_variant_of_the_largest_seed() -> None:
    result = CliRunner().invoke(main, ["show", TRUE_FALSE.id, "--bank", str(BANK), "--seed", str(2**63 - 1)])

    assert result.exit_code == 0, result.output
    assert TRUE_FALSE.id in result.output
