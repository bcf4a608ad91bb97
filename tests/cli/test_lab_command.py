"""``quizapp lab --plain``: one line per step, readable from a pipe, and its CSV."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.cli.lab_command import step_line
from quizapp.core.execution.lab import CSV_HEADER, LabStep


def test_plain_prints_one_line_per_step_into_a_pipe_and_writes_the_csv(tmp_path: Path) -> None:
    csv = tmp_path / "run.csv"
    command = ["lab", "--plain", "--preset", "rnn-unclipped", "--steps", "8", "--csv", str(csv)]
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "lab: deep_rnn · no clipping · lr=0.2, 8 steps on cpu"
    steps = [line for line in lines if line.startswith("step=")]
    assert steps[0].startswith("step=1/8 loss=")
    assert all("clipped=no" in line for line in steps)
    # The unclipped deep RNN blows up: the run stops at its first non-finite loss.
    assert "loss=nan" in steps[-1] or "loss=inf" in steps[-1]
    assert lines[-1].startswith(f"lab: diverged at step {len(steps)}")
    rows = csv.read_text(encoding="utf-8").splitlines()
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + len(steps)


def test_a_value_the_lab_cannot_take_is_a_usage_error_before_any_worker_starts() -> None:
    result = CliRunner().invoke(main, ["lab", "--plain", "--max-norm", "-1"])
    assert result.exit_code == 2
    assert "max_norm must be a number above 0" in result.output
    result = CliRunner().invoke(main, ["lab", "--plain", "--norm-type", "big"])
    assert result.exit_code == 2
    assert "use 1, 2 or inf" in result.output
    # torch's generator takes no seed past 64 bits: that was a traceback from the worker
    result = CliRunner().invoke(main, ["lab", "--plain", "--seed", str(10**24)])
    assert result.exit_code == 2
    assert "the seed must be a whole number from 0 to 2**63-1" in result.output
    assert "Traceback" not in result.output


def test_without_plain_outside_a_terminal_it_says_to_use_plain() -> None:
    result = CliRunner().invoke(main, ["lab"])
    assert result.exit_code == 2
    assert "--plain" in result.output


@pytest.mark.parametrize(
    ("step", "line"),
    [
        (
            LabStep(3, 0.25, 4.0, 1.0, True, 4.0),
            "step=3/9 loss=0.25 norm_before=4 norm_after=1 clipped=yes returned=4",
        ),
        (LabStep(1, 2.0, 0.5, 0.5, False), "step=1/9 loss=2 norm_before=0.5 norm_after=0.5 clipped=no"),
    ],
)
def test_step_lines_name_every_number(step: LabStep, line: str) -> None:
    assert step_line(step, 9) == line
