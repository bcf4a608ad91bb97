"""``assign --title`` is held to the Assignment model's rule, and to printable text, up front.

Measured before: ``assign --title ''`` (or a title of 201 characters, or ``$'\\xff\\xfe'``) ended
in a pydantic ValidationError traceback; a title holding ESC or a line break was stored raw.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizapp.cli.commands import main
from quizapp.core.records.assignments import Assignment, AssignmentError, read_assignment
from tests.paths import BANK

REFUSED = {
    "empty": ("", "this one has 0"),
    "201 characters": ("t" * 201, "this one has 201"),
    "not UTF-8": ("\udcff\udcfe", "this one is not valid UTF-8"),
    "escape": ("Week 1\x1b[2J", "this one holds U+001B"),
    "line break": ("Week 1\nWeek 2", "this one holds U+000A"),
    "carriage return and tab": ("a\rb\tc", "this one holds U+0009, U+000D"),
    "C1 control": ("Week\x9b1", "this one holds U+009B"),
}
"""Titles an assignment must not hold, with what the refusal says of each."""


def _assign(out: Path, title: str) -> Result:
    args = ["assign", "-o", str(out), "--title", title, "--question", "clipping-cures-vanishing"]
    return CliRunner().invoke(main, [*args, "--seed", "1", "--bank", str(BANK)])


@pytest.mark.parametrize(("title", "words"), REFUSED.values(), ids=REFUSED.keys())
def test_assign_refuses_a_title_with_a_usage_error(tmp_path: Path, title: str, words: str) -> None:
    out = tmp_path / "week.json"
    result = _assign(out, title)

    assert result.exit_code == 2, result.output
    assert "Invalid value for '--title'" in result.output
    assert "a title is 1 to 200 characters of valid text (UTF-8), with no control characters" in result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert "ValidationError" not in result.output
    assert not out.exists()


def test_the_longest_title_and_one_past_it(tmp_path: Path) -> None:
    longest = "é" * 200  # characters, not bytes, as the Assignment model counts them
    too_long = _assign(tmp_path / "too_long.json", longest + "é")
    written = _assign(tmp_path / "week.json", longest)

    assert too_long.exit_code == 2, too_long.output
    assert not (tmp_path / "too_long.json").exists()
    assert written.exit_code == 0, written.output
    assert json.loads((tmp_path / "week.json").read_text(encoding="utf-8"))["title"] == longest


def test_a_hand_made_assignment_file_with_a_control_character_in_its_title_is_refused(tmp_path: Path) -> None:
    good = Assignment(title="Week 1", mode="exam", seed=1, questions=("q",))
    path = tmp_path / "week.json"
    path.write_text(good.model_dump_json().replace('"Week 1"', '"Week\\u001b[31m 1\\nrow"'))

    with pytest.raises(AssignmentError, match="title: a title holds no control characters; this one holds U"):
        read_assignment(path)
