"""A learner name is held to the submission file's rule by every command that takes ``--learner``.

Measured before: ``take --learner ''`` (or a name of 201 characters) stored a session that
``submit`` then failed on with a pydantic traceback; a name that is not UTF-8 (``$'\\xff'``,
which Python keeps as ``'\\udcff'``) raised ``UnicodeEncodeError`` in take, stats, submit
and export.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pydantic import ValidationError

from quizapp.cli.commands import main
from quizapp.core.records.learner_names import learner_name_refused
from quizapp.core.records.submission_files import Submission
from tests.paths import BANK

BROKEN_NAMES = {"empty": "", "201 characters": "a" * 201, "not UTF-8": "\udcff"}
"""Names no submission file can carry, by what is wrong with them."""
TAKE = ["take", "--plain", "--count", "1", "--type", "true_false", "--seed", "1", "--bank", str(BANK)]


def _run(args: list[str], tmp_path: Path, stdin: str = "") -> Result:
    return CliRunner().invoke(main, [*args, "--db", str(tmp_path / "a.db")], input=stdin)


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that takes --learner, as it would be run (without the name)."""
    return {
        "take": TAKE,
        "submit": ["submit", "-o", str(tmp_path / "s.json")],
        "stats": ["stats"],
        "export": ["export", "--out", str(tmp_path / "e.csv")],
        "export --schedule": ["export", "--schedule", "--out", str(tmp_path / "e.json")],
    }


@pytest.mark.parametrize("command", ["take", "submit", "stats", "export", "export --schedule"])
@pytest.mark.parametrize("name", BROKEN_NAMES.values(), ids=BROKEN_NAMES.keys())
def test_every_learner_option_refuses_a_name_a_submission_cannot_carry(
    tmp_path: Path, command: str, name: str
) -> None:
    result = _run([*_commands(tmp_path)[command], "--learner", name], tmp_path, stdin="t\n")

    assert result.exit_code == 2, result.output
    assert "Invalid value for '--learner'" in result.output
    assert "a learner name is 1 to 200 characters of valid text (UTF-8)" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "a.db").exists()  # refused before anything was stored
    assert list(tmp_path.iterdir()) == []  # and no file written


@pytest.mark.parametrize("name", BROKEN_NAMES.values(), ids=BROKEN_NAMES.keys())
def test_show_and_the_app_refuse_the_same_names(name: str) -> None:
    shown = CliRunner().invoke(main, ["show", "clipping-cures-vanishing", "--learner", name])
    app = CliRunner().invoke(main, ["--learner", name])

    for result in (shown, app):
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--learner'" in result.output
        assert "a learner name is 1 to 200 characters" in result.output


def test_the_refusal_says_what_is_wrong_with_the_name(tmp_path: Path) -> None:
    said = {what: _run(["stats", "--learner", name], tmp_path).output for what, name in BROKEN_NAMES.items()}

    assert "this one is empty" in said["empty"]
    assert "this one has 201" in said["201 characters"]
    assert "this one is not valid UTF-8" in said["not UTF-8"]


def test_a_name_of_200_characters_is_taken_and_handed_in(tmp_path: Path) -> None:
    longest = "é" * 200  # characters, not bytes, as the submission file counts them
    too_long = _run([*TAKE, "--learner", longest + "é"], tmp_path, stdin="t\n")
    taken = _run([*TAKE, "--learner", longest], tmp_path, stdin="t\n")
    submitted = _run(["submit", "--learner", longest, "-o", str(tmp_path / "s.json")], tmp_path)

    assert too_long.exit_code == 2, too_long.output
    assert taken.exit_code == 0, taken.output
    assert submitted.exit_code == 0, submitted.output
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["learner"] == longest


def test_a_name_with_control_characters_is_still_taken_and_handed_in(tmp_path: Path) -> None:
    """The submission file allows them (every name is printed terminal-safe): they stay allowed."""
    name = "bob\x1b[31m\tred"
    refused = _run(["stats", "--learner", "\udcff"], tmp_path)
    taken = _run([*TAKE, "--learner", name], tmp_path, stdin="t\n")
    submitted = _run(["submit", "--learner", name, "-o", str(tmp_path / "s.json")], tmp_path)

    assert refused.exit_code == 2, refused.output
    assert taken.exit_code == 0, taken.output
    assert submitted.exit_code == 0, submitted.output
    assert "\x1b" not in submitted.output  # printed terminal-safe


EDGES = ["", "a", "a" * 200, "a" * 201, "é" * 200, "\udcff", "ok\udcff", "tab\there"]


@pytest.mark.parametrize("name", EDGES)
def test_the_option_and_the_submission_file_hold_one_rule(name: str) -> None:
    fields = {
        "format": "quizapp-submission",
        "version": 1,
        "app_version": "1",
        "mode": "exam",
        "seed": 1,
        "bank_fingerprint": "",
        "responses": [],
        "submitted_at": "2024-01-01T00:00:00+00:00",
    }
    try:
        Submission.model_validate({**fields, "learner": name})
    except ValidationError:
        file_refuses = True
    else:
        file_refuses = False

    assert bool(learner_name_refused(name)) == file_refuses
