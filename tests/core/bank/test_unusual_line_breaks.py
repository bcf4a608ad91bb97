"""U+0085, U+2028 and U+2029 are text: both readers agree, and lines are counted as an editor does."""

import json
from typing import Any

import pytest
import yaml_rs

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.yaml_fast_path import read_plain_yaml
from quizapp.core.bank.yaml_reader import read_yaml

BREAKS = ["\u0085", "\u2028", "\u2029"]
QUIZ = """title: Line separators
topic: ls-topic
description: pasted{brk}here
questions:
  - id: ls-one
    type: true_false
    difficulty: beginner
    prompt: {prompt}
    answer: true
    explanation: e
    hint: [h]
"""


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize(
    "written", ["a: x{b}y\n", 'a: "x{b}y"\n', "a: 'x{b}y'\n", "a: |\n  x{b}y\n", "a: [x{b}y]\n", "x{b}y: 1\n"]
)
def test_both_readers_read_them_as_text(brk: str, written: str) -> None:
    text = written.format(b=brk)
    expected: Any = yaml_rs.loads(text)

    assert read_yaml(text).value == expected
    assert brk in json.dumps(expected, ensure_ascii=False)  # read as text, not as a break


@pytest.mark.parametrize("brk", BREAKS)
def test_the_fast_path_leaves_them_to_the_exact_reader(brk: str) -> None:
    assert read_plain_yaml(f"a: x{brk}y\n") is None


def test_an_escaped_private_use_character_is_not_taken_for_a_stand_in() -> None:
    text = 'a: "\\ue000\\U0000E001\u2028\u0085"\nb: "\ue002"\n'
    assert read_yaml(text).value == {"a": "\ue000\ue001\u2028\u0085", "b": "\ue002"}


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize("prompt", ["Is this pasted{b}text fine?", '"Is this pasted{b}text fine?"'])
def test_a_typo_after_one_is_reported_at_the_line_an_editor_shows(write_quiz, brk: str, prompt: str) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(QUIZ.format(brk=brk, prompt=prompt.format(b=brk)))

    _, problems = load_quiz_file(path)

    assert [(p.line, p.column, p.field) for p in problems] == [(11, 5, "questions[0].hint")]


@pytest.mark.parametrize("brk", BREAKS)
def test_places_found_after_loading_count_editor_lines(write_quiz, brk: str) -> None:  # type: ignore[no-untyped-def]
    text = QUIZ.format(brk=brk, prompt="p").replace("    hint: [h]\n", "")
    loaded, problems = load_quiz_file(write_quiz(text))

    assert problems == []
    assert loaded is not None
    assert loaded.quiz.description == f"pasted{brk}here"
    assert loaded.locate("questions", 0, "answer") == (9, 13)


def test_a_snippet_syntax_error_after_one_is_at_its_editor_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "q.yaml").write_text(
        "title: T\ntopic: t\ndescription: a\u2028b\u2029c\u0085d\nquestions:\n"
        "  - id: broken\n    type: code_output\n    difficulty: beginner\n    prompt: p\n"
        "    code: |\n      x = 1\n      print(1 +\n    answer: '2'\n    explanation: e\n",
        encoding="utf-8",
    )

    load = load_bank([tmp_path])

    assert [(p.line, p.field) for p in load.problems] == [(11, "questions[0].code")]
