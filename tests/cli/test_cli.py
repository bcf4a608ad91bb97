"""The author's commands: validate, schema and list, as a user runs them."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli.commands import main
from tests.paths import BANK, BROKEN

VALID = """title: Tiny
topic: clip-grad-norm
questions:
  - id: tiny-true-false
    type: true_false
    difficulty: beginner
    prompt: "`clip_grad_value_` returns None."
    answer: true
    hints: [It works in place.]
    explanation: It clamps the gradients in place.
"""


def run_quizapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args], capture_output=True, text=True, check=False, timeout=60
    )


def test_validate_clean_file_exits_0(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(VALID)

    result = run_quizapp("validate", str(tmp_path))

    assert result.returncode == 0, result.stdout
    assert "1 file, 1 valid question" in result.stdout
    assert "true_false 1" in result.stdout
    assert "No problems found." in result.stdout
    assert result.stderr == ""


def test_validate_problems_exit_1_listing_all_without_traceback() -> None:
    result = run_quizapp("validate", str(BROKEN))

    assert result.returncode == 1
    assert f"{BROKEN / 'unknown_key.yaml'}:12:5: questions[0].anwser: unknown field 'anwser'" in result.stdout
    assert f"{BROKEN / 'alias_bomb.yaml'}:8:32:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_missing_path_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    result = run_quizapp("validate", str(tmp_path / "nope"))

    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_unknown_option_is_a_usage_error_exit_2() -> None:
    assert run_quizapp("validate", "--frmat", "json").returncode == 2


def test_validate_json_report(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(VALID)
    (tmp_path / "bad.yaml").write_text(VALID.replace("answer: true", "anwser: true"))

    result = CliRunner().invoke(main, ["validate", "--format", "json", str(tmp_path)])

    report = json.loads(result.output)
    assert result.exit_code == 1
    assert report["ok"] is False
    assert report["questions"] == 1
    assert report["by_type"]["true_false"] == 1
    assert [(p["line"], p["field"]) for p in report["problems"]] == [
        (4, "questions[0].answer"),
        (8, "questions[0].anwser"),
    ]


def test_validate_defaults_to_the_shipped_bank() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate"],
        capture_output=True,
        text=True,
        check=False,
        cwd=BANK.parent,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
    assert "No problems found." in result.stdout


def test_schema_describes_every_type_and_lets_questions_inherit_the_topic() -> None:
    result = CliRunner().invoke(main, ["schema"])

    schema = json.loads(result.output)
    assert result.exit_code == 0
    mapping = schema["properties"]["questions"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {
        "single_choice",
        "multiple_select",
        "true_false",
        "numeric",
        "short_text",
        "code_output",
        "code_error",
        "explain",
        "flashcard",
        "code_task",
        "lab_prediction",
    }
    for definition in schema["$defs"].values():
        assert "topic" not in definition.get("required", [])
    assert schema["$defs"]["SingleChoiceQuestion"]["additionalProperties"] is False
    assert "docstring" not in json.dumps(schema)
    assert schema["$defs"]["SingleChoiceQuestion"]["properties"]["answer"]["description"]


def test_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "quiz.schema.json"

    result = CliRunner().invoke(main, ["schema", "--output", str(target)])

    assert result.exit_code == 0
    assert json.loads(target.read_text())["title"] == "QuizFile"


def test_schema_to_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    result = run_quizapp("schema", "--output", str(tmp_path / "missing-dir" / "s.json"))

    assert result.returncode == 1
    assert result.stderr.startswith("quizapp: error: cannot write")


def test_list_groups_by_topic_and_filters(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(VALID)

    listed = CliRunner().invoke(main, ["list", str(tmp_path)])
    filtered = CliRunner().invoke(main, ["list", "--type", "numeric", str(tmp_path)])

    assert listed.exit_code == 0
    assert listed.output.splitlines() == [
        "clip-grad-norm (1)",
        "  tiny-true-false  true_false       beginner",
    ]
    assert filtered.output == "No questions match.\n"


def test_list_of_an_empty_bank_says_so_instead_of_blaming_filters(tmp_path: Path) -> None:
    listed = CliRunner().invoke(main, ["list", str(tmp_path)])
    filtered = CliRunner().invoke(main, ["list", "--type", "numeric", str(tmp_path)])

    assert listed.output.endswith("The bank has no questions.\n")
    assert filtered.output.endswith("The bank has no questions.\n")


def test_list_warns_on_stderr_about_broken_files(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(VALID)
    (tmp_path / "bad.yaml").write_text("title: [")

    result = run_quizapp("list", str(tmp_path))

    assert result.returncode == 0
    assert "tiny-true-false" in result.stdout
    assert "warning: 1 problem in the bank left out 1 file whole" in result.stderr


def test_no_command_shows_help_and_exits_0() -> None:
    result = run_quizapp()

    assert result.returncode == 0
    assert "validate" in result.stdout
    assert "Usage:" in result.stdout


def test_an_error_quoting_a_path_with_escapes_writes_them_out(tmp_path: Path) -> None:
    folder = tmp_path / "d\x1b]0;pwned\x07\x1b[2J"  # a name that sets the window title, then clears
    folder.mkdir()
    (folder / "a.db").write_bytes(b"not a database")

    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "stats", "--db", str(folder / "a.db")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert r"d\x1b]0;pwned\x07\x1b[2J/a.db is not a usable quizapp database" in result.stderr
