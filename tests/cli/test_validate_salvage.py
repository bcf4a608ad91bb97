"""``quizapp validate`` reports every problem of every file in one run, schema errors or not."""

import json

from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from tests.cli.validate_runs import validate_run
from tests.paths import BROKEN, FIXTURES

SALVAGE = FIXTURES / "salvage"
BROKEN_FILE = SALVAGE / "duplicate_id" / "b_broken.yaml"
WRONG_KEY = SALVAGE / "wrong_key.yaml"


def test_a_schema_error_does_not_hide_a_duplicate_id_in_another_question() -> None:
    result = CliRunner().invoke(main, ["validate", str(SALVAGE / "duplicate_id")])

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{BROKEN_FILE}:6:17: questions[0].difficulty: the text 'hard' is not allowed here; "
        "use 'beginner', 'intermediate' or 'advanced'",
        f"{BROKEN_FILE}:10:9: questions[1].id: the id 'shared-id' is already used at "
        f"{SALVAGE / 'duplicate_id' / 'a_first.yaml'}:4",
        f"{BROKEN_FILE}:21:12: questions[2].code: the Python code does not compile: "
        "'(' was never closed (line 1 of the code)",
        "2 files, 1 valid question",
        "  single_choice 0, multiple_select 0, true_false 1, numeric 0, short_text 0, code_output 0, "
        "code_error 0, explain 0, flashcard 0, lab_prediction 0, code_task 0",
        "3 problems in 1 file.",
    ]


def test_the_broken_fixtures_report_no_more_than_their_own_problems() -> None:
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(BROKEN)])

    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["problems"] == [problem.to_json() for problem in load_bank([BROKEN]).problems]
    assert report["questions"] == 0


def test_validate_run_reports_a_schema_error_and_the_wrong_keys_of_the_same_file() -> None:
    result, report = validate_run(WRONG_KEY)

    assert result.returncode == 1, result.stderr
    assert [(p["line"], p["field"]) for p in report["problems"]] == [
        (12, "questions[1].front"),
        (15, "questions[1].prompt"),
        (10, "questions[0].answer"),
        (32, "questions[3].answer"),
    ]
    messages = [p["message"] for p in report["problems"]]
    assert messages[2] == "wrong-sum: the key says '5' but PyTorch printed '4'"
    assert messages[3].startswith("wrong-exception: the key says 'ValueError' but the snippet gave KeyError")
    assert report["keys"] == {**report["keys"], "questions": 3, "wrong": 2}
    assert report["questions"] == 0  # the file still never reaches learners
