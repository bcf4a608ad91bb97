"""The question model accepts what authors mean and refuses what they mistype."""

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.model.questions import NO_ERROR, Question

QUESTION: TypeAdapter[Any] = TypeAdapter(Question)
COMMON = "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\nhints: [h]\n"


def load(yaml_text: str) -> Any:
    return QUESTION.validate_python(read_yaml(COMMON + yaml_text).value)


@pytest.mark.parametrize("written", ["10", "10.0", "1e1", "'10'"])
def test_numeric_answer_reads_ten_however_written(written: str) -> None:
    question = load(f"type: numeric\nprompt: p\nanswer: {written}\n")
    assert question.answer == 10.0


@pytest.mark.parametrize("written", ["no error", "No Error", "  no error "])
def test_code_error_no_error_is_normalised(written: str) -> None:
    question = load(f"type: code_error\nprompt: p\ncode: x = 1\nanswer: '{written}'\n")
    assert question.answer == NO_ERROR


def test_code_error_options_must_hold_the_answer() -> None:
    with pytest.raises(ValidationError, match="not among the options"):
        load(
            "type: code_error\nprompt: p\ncode: x = 1\nanswer: TypeError\noptions: [RuntimeError, no error]\n"
        )


def test_short_text_answer_no_stays_text() -> None:
    question = load("type: short_text\nprompt: p\naccepted: [no, off]\n")
    assert question.accepted == ("no", "off")


def test_flashcard_front_is_its_prompt() -> None:
    question = load("type: flashcard\nfront: F\nback: B\n")
    assert question.prompt == "F"


def test_loaded_questions_are_immutable() -> None:
    question = load("type: true_false\nprompt: p\nanswer: true\n")
    with pytest.raises(ValidationError):
        question.answer = False


def test_code_task_starter_may_be_unfinished() -> None:
    question = load(
        "type: code_task\nprompt: p\nstarter: 'x = '\n"
        "check: {probe: \"result['x'] = x\", verify: \"assert result['x'] == 1\"}\n"
        "solution: x = 1\n"
    )
    assert question.starter == "x = "


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ("type: numeric\nprompt: p\nanswer: .nan\n", "finite"),
        ("type: numeric\nprompt: p\nanswer: 1\nabs_tol: -1\n", "greater than or equal to 0"),
        ("type: true_false\nprompt: p\nanswer: true\npoints: 0\n", "greater than 0"),
        ("type: single_choice\nprompt: p\nchoices: [{id: a, text: A}]\nanswer: a\n", "at least 2 choices"),
        (
            "type: multiple_select\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}]\n"
            "answer: [a, a]\n",
            "listed twice",
        ),
        ("type: explain\nprompt: p\nmodel_answer: m\nconcepts: []\n", "at least 1 concept, found 0"),
        (
            "type: explain\nprompt: p\nmodel_answer: m\nconcepts: [{name: n, phrases: []}]\n",
            "at least 1 phrase, found 0",
        ),
        ("type: true_false\nprompt: '   '\nanswer: true\n", "should match pattern"),
        ("type: code_output\nprompt: p\ncode: x\nanswer: a\ncompare: fuzzy\n", "'exact' or 'numbers'"),
    ],
)
def test_invalid_questions_are_refused(fields: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        load(fields)
