"""A time limit is a number of seconds above 0 and at most a day, wherever one is given.

Measured before: ``take --plain --mode exam --time-limit nan`` (or ``inf``, or ``1e300``)
printed "Time is up." before the first question and scored the learner 0.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.records.assignments import Assignment, AssignmentError, read_assignment
from quizapp.core.session.session_rules import MAX_TIME_LIMIT_S, time_limit_refused
from tests.paths import BANK

ODD = ["nan", "inf", "-inf", "1e300", "0", "-5", str(MAX_TIME_LIMIT_S + 1)]


@pytest.mark.parametrize("limit", ODD)
def test_take_and_assign_refuse_a_limit_that_is_not_seconds_in_a_day(tmp_path: Path, limit: str) -> None:
    take = ["take", "--plain", "--mode", "exam", "--count", "1", "--type", "true_false"]
    taken = CliRunner().invoke(
        main, [*take, "--time-limit", limit, "--bank", str(BANK), "--db", str(tmp_path / "a.db")], input="t\n"
    )
    out = tmp_path / "week.json"
    assigned = CliRunner().invoke(
        main, ["assign", "-o", str(out), "--title", "W", "--mode", "exam", "--time-limit", limit]
    )

    for result in (taken, assigned):
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--time-limit'" in result.output
        assert "Time is up" not in result.output
    assert not out.exists()
    assert not (tmp_path / "a.db").exists()  # refused before any session was stored


def test_a_limit_under_a_second_or_not_a_number_says_so() -> None:
    for limit, words in [("0.5", "at least 1 second"), ("soon", "'soon' is not a number of seconds")]:
        result = CliRunner().invoke(main, ["take", "--plain", "--mode", "exam", "--time-limit", limit])
        assert result.exit_code == 2
        assert words in result.output


def test_a_real_limit_is_kept_for_the_exam(tmp_path: Path) -> None:
    take = ["take", "--plain", "--mode", "exam", "--count", "1", "--type", "true_false", "--bank", str(BANK)]
    result = CliRunner().invoke(
        main, [*take, "--time-limit", "90", "--db", str(tmp_path / "a.db")], input="t\n"
    )

    assert result.exit_code == 0, result.output
    assert "Time is up" not in result.output
    assert "Score:" in result.output


@pytest.mark.parametrize("limit", ["Infinity", "NaN", "1e300", "0"])
def test_an_assignment_file_with_an_odd_limit_is_refused_at_its_field(tmp_path: Path, limit: str) -> None:
    good = Assignment(title="W", mode="exam", seed=1, questions=("q",), time_limit_s=60.0)
    data = json.loads(good.model_dump_json())
    path = tmp_path / "week.json"
    path.write_text(json.dumps(data).replace('"time_limit_s": 60.0', f'"time_limit_s": {limit}'))

    with pytest.raises(AssignmentError, match="time_limit_s"):
        read_assignment(path)


def test_the_rule_takes_a_second_to_a_day() -> None:
    assert time_limit_refused(1) == time_limit_refused(MAX_TIME_LIMIT_S) == ""
    assert "at most 86400" in time_limit_refused(float("inf"))
