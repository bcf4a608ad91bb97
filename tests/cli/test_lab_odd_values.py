"""``quizapp lab --plain`` with odd values: refused as usage errors, or a CSV path refused before training."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lr", "1e39"], "the learning rate must be at most 3.403e+38"),
        (["--lr", "1e308"], "the learning rate must be at most 3.403e+38"),
        (["--clipping", "value", "--clip-value", "1e39"], "clip_value must be at most 3.403e+38"),
        (["--max-norm", "1e39"], "max_norm must be at most 3.403e+38"),
        (["--norm-type", "1e-320"], "norm_type must be a number from 1 to 10, or inf, not 1e-320"),
        (["--norm-type", "0.5"], "norm_type must be a number from 1 to 10, or inf, not 0.5"),
        (["--norm-type", "1e400"], "'1e400' is too large to be a number (use 1, 2 or inf)"),
    ],
)
def test_a_value_torch_cannot_take_is_a_usage_error_before_training(options: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["lab", "--plain", "--steps", "3", *options])
    assert result.exit_code == 2
    assert message in result.output
    assert "lab: " not in result.output  # no run was started
    assert "Traceback" not in result.output


def _lab(*options: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "lab", "--plain", "--model", "shallow_mlp", *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("nodir/x.csv", "quizapp: error: cannot write nodir/x.csv: No such file or directory"),
        ("", "quizapp: error: cannot write .: Is a directory"),
    ],
)
def test_a_csv_path_that_cannot_be_written_is_refused_before_training(
    tmp_path: Path, csv: str, message: str
) -> None:
    result = _lab("--steps", "3", "--csv", csv, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert result.stdout == ""  # refused before the run, not after it
    assert not (tmp_path / "nodir").exists()


@pytest.mark.parametrize(
    "options",
    [
        ["--max-norm", "3.4028234663852886e38"],
        ["--clipping", "value", "--clip-value", "3.4028234663852886e38"],
        ["--norm-type", "10"],
        ["--norm-type", "inf"],
    ],
)
def test_the_largest_values_taken_run_to_the_end_in_torch(tmp_path: Path, options: list[str]) -> None:
    result = _lab("--steps", "2", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stdout.splitlines() if line.startswith("step=")]
    assert len(steps) == 2
    assert all("norm_before=inf" not in line and "nan" not in line for line in steps)
    assert result.stdout.splitlines()[-1].startswith("lab: 2 steps in ")
    assert "clipping cannot" not in result.stdout  # said only of a norm past any clipping


@pytest.mark.parametrize(
    ("clipping", "said"),
    [
        ("norm", "gradient norm nan, which clipping cannot make finite); 2 of 2 steps clipped"),
        ("none", "gradient norm nan); 0 of 2 steps clipped"),
    ],
)
def test_a_run_that_blows_up_says_its_norm_was_not_finite_and_that_clipping_cannot_fix_that(
    tmp_path: Path, clipping: str, said: str
) -> None:
    """Measured: "diverged at step 2 (loss inf); 2 of 2 steps clipped", as if clipping had done its work."""
    result = _lab("--clipping", clipping, "--lr", "1e30", "--steps", "10", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    *steps, summary = result.stdout.strip().splitlines()
    assert "norm_before=nan" in steps[-1]
    assert summary == f"lab: diverged at step 2 (loss inf, {said}"
