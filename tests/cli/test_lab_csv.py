"""A lab run as CSV: ``quizapp lab --plain --csv`` writes the steps it printed, and they read back."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.cli.lab_command import step_line
from quizapp.core.execution.lab import CSV_HEADER, LabSettingsError, LabStep, steps_csv, steps_from_csv


def test_the_csv_holds_exactly_the_steps_plain_mode_printed(tmp_path: Path) -> None:
    csv = tmp_path / "run.csv"
    command = ["lab", "--plain", "--preset", "rnn-clipped", "--steps", "6", "--csv", str(csv)]
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    steps = steps_from_csv(csv.read_text(encoding="utf-8"))
    printed = [line for line in result.stdout.splitlines() if line.startswith("step=")]
    assert [step_line(step, 6) for step in steps] == printed
    assert [step.step for step in steps] == [1, 2, 3, 4, 5, 6]
    assert all(step.returned == step.norm_before for step in steps)  # what clip_grad_norm_ returned


def test_steps_round_trip_through_csv_non_finite_numbers_included() -> None:
    steps = [
        LabStep(1, 1.5, 3.0, 1.0, True, 3.0),
        LabStep(2, float("inf"), float("nan"), float("nan"), False),
    ]
    text = steps_csv(steps)
    assert text.splitlines()[0] == CSV_HEADER == "step,loss,norm_before,norm_after,clipped,returned"
    back = steps_from_csv(text)
    assert back[0] == steps[0]
    assert (back[1].loss, back[1].clipped, back[1].returned) == (float("inf"), False, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "starts with the line"), (f"{CSV_HEADER}\n1,2,3\n", "line 2 of the lab CSV is not a step")],
)
def test_a_file_that_is_not_a_lab_csv_says_why(text: str, message: str) -> None:
    with pytest.raises(LabSettingsError, match=message):
        steps_from_csv(text)


def test_csv_without_plain_says_where_the_screen_exports() -> None:
    result = CliRunner().invoke(main, ["lab", "--csv", "run.csv"])
    assert result.exit_code == 2
    assert "Ctrl+E" in result.output
