"""Problems are worded for an author: no raw pydantic text, no suggestion of the name already written."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.loaded_bank import find_quiz_files
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.errors import BankError

HEADER = "title: T\ntopic: t\nquestions:\n"
LAB = """  - id: lab
    type: lab_prediction
    difficulty: beginner
    prompt: Which ends lower?
    measure: final_loss
    runs:
      - {{id: a, preset: rnn-unclipped, text: A{extra}}}
      - {{id: b, preset: rnn-clipped, text: B}}
    answer: a
    pick: lowest
    explanation: e
"""
CHOICE = """  - id: pick
    type: single_choice
    difficulty: beginner
    prompt: p
    choices:
      - {{id: a, text: A}}
      - {{id: b, text: B}}
    answer: a
    explanation: e
{extra}"""


def _messages(write_quiz, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    _, problems = load_quiz_file(write_quiz(text))
    return [f"{p.field}: {p.message}" for p in problems]


def test_a_field_of_the_question_written_in_a_run_says_where_it_belongs(write_quiz) -> None:  # type: ignore[no-untyped-def]
    [message] = _messages(write_quiz, HEADER + LAB.format(extra=", answer: x"))

    assert message == (
        "questions[0].runs[0].answer: unknown field 'answer' in an item of 'runs'; "
        "'answer' belongs to the lab_prediction question, not to an item of 'runs'"
    )
    assert "did you mean 'answer'" not in message


def test_a_field_of_a_choice_written_on_the_question_says_where_it_belongs(write_quiz) -> None:  # type: ignore[no-untyped-def]
    [message] = _messages(write_quiz, HEADER + CHOICE.format(extra="    feedback: f\n"))

    assert message.endswith("'feedback' belongs inside 'choices', not to the single_choice question itself")


def test_a_near_miss_still_gets_a_suggestion(write_quiz) -> None:  # type: ignore[no-untyped-def]
    [message] = _messages(write_quiz, HEADER + CHOICE.format(extra="    hint: [h]\n"))

    assert message.endswith("(did you mean 'hints'?)")


def test_an_empty_list_says_how_many_items_it_needs(write_quiz) -> None:  # type: ignore[no-untyped-def]
    text = HEADER + (
        "  - id: c\n    type: code_output\n    difficulty: beginner\n    prompt: p\n"
        "    code: print({{a}})\n    parameters:\n      a: {values: []}\n    explanation: e\n"
    )

    assert _messages(write_quiz, text) == ["questions[0].parameters.a.values: needs at least 1 item, found 0"]


@pytest.mark.parametrize(
    ("written", "found"), [("7", "the number 7"), ("hello", "the text 'hello'"), ("[a]", "a list")]
)
def test_a_question_that_is_not_a_mapping_says_so(write_quiz, written: str, found: str) -> None:  # type: ignore[no-untyped-def]
    assert _messages(write_quiz, HEADER + f"  - {written}\n") == [
        f"questions[0]: a question must be a mapping of fields (id, type, ...); found {found}"
    ]


def test_a_fifo_is_not_called_missing(tmp_path: Path) -> None:
    fifo = tmp_path / "quiz.yaml"
    os.mkfifo(fifo)

    with pytest.raises(BankError, match="not a regular file"):
        find_quiz_files([fifo])
    result = CliRunner().invoke(main, ["validate", str(fifo)])
    assert result.exit_code != 0
    assert "not a regular file" in result.stderr
    assert "no such file" not in result.stderr


def test_a_broken_link_named_on_its_own_is_called_one(tmp_path: Path) -> None:
    link = tmp_path / "quiz.yaml"
    link.symlink_to(tmp_path / "gone.yaml")

    with pytest.raises(BankError, match="broken symbolic link"):
        find_quiz_files([link])


def test_loading_nothing_names_no_empty_file() -> None:
    [problem] = load_bank([]).problems
    assert problem.path != ""


def test_an_import_with_nothing_importable_says_so(tmp_path: Path) -> None:
    source = tmp_path / "empty.gift"
    source.write_text("// only a comment\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["import-bank", str(source), "--out", str(tmp_path / "out")])

    assert result.exit_code != 0
    assert "nothing to import" in result.stderr
    assert ":1:1:" not in result.stderr
