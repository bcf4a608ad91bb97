"""Loading one quiz file: the author gets what they wrote, whichever reader reads it."""

from pathlib import Path

import pytest

from quizapp.core.bank.loaded_bank import find_quiz_files
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.yaml_fast_path import _NOT_PRINTABLE, read_plain_yaml
from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.model.questions import CodeOutputQuestion, SingleChoiceQuestion
from tests.paths import BANK

HEADER = "title: T\ntopic: clip-grad-norm\nquestions:\n"
OUTPUT_QUESTION = """  - id: prints-a-number
    type: code_output
    difficulty: beginner
    prompt: What does this print?
    code: print('0.10')
    answer: {answer}
    explanation: e
"""


@pytest.mark.parametrize(
    ("written", "expected"),
    [("0.10", "0.10"), ("1e1", "1e1"), ("10", "10"), ("'0.10'", "0.10"), ("!!str 0.10", "0.10")],
)
def test_a_number_in_a_text_field_keeps_its_spelling(write_quiz, written: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    loaded, problems = load_quiz_file(write_quiz(HEADER + OUTPUT_QUESTION.format(answer=written)))

    assert problems == []
    assert loaded is not None
    question = loaded.quiz.questions[0]
    assert isinstance(question, CodeOutputQuestion)
    assert question.answer == expected


def test_a_number_as_a_choice_id_and_text_is_read_as_text(write_quiz) -> None:  # type: ignore[no-untyped-def]
    text = (
        HEADER
        + """  - id: pick-a-number
    type: single_choice
    difficulty: beginner
    prompt: Which max_norm leaves grads [6, 8] exactly unchanged?
    explanation: Anything above the total norm 10 (plus its tiny epsilon).
    choices:
      - {id: 1, text: 10}
      - {id: 2, text: 20.0}
    answer: 2
"""
    )
    loaded, problems = load_quiz_file(write_quiz(text))

    assert problems == []
    assert loaded is not None
    question = loaded.quiz.questions[0]
    assert isinstance(question, SingleChoiceQuestion)
    assert [(c.id, c.text) for c in question.choices] == [("1", "10"), ("2", "20.0")]
    assert question.answer == "2"


def test_locate_finds_a_field_of_a_quiz_read_by_the_fast_path(write_quiz) -> None:  # type: ignore[no-untyped-def]
    loaded, _ = load_quiz_file(write_quiz(HEADER + OUTPUT_QUESTION.format(answer='"x"')))

    assert loaded is not None
    assert loaded.locate("questions", 0, "code") == (8, 11)


TRICKY_BUT_VALID = [
    "a: no\nb: yes\nc: 1e-6\nd: 0.10\ne: ~\nf: ''\ng: .inf\nh: 2001-12-14\n",
    "a: |\n  x\n   y\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  stripped\nd: |+\n  kept\n\n",
    "a: \"esc\\taped \\u00e9 \\x41\"\nb: 'it''s'\nc: plain\n  continued\n",
    "a: [1, -2, +3, 012, -0.5, .5]\nb: {x: 1, y: [true, false, null]}\n",
    "a: 'Careful! It raises.'\nb: x != y\nc: f'{v!r}'\nd: 2 * x\ne: 'a: b'\n",
    "# comment\na: 1 # trailing\nb:\n  - - nested\n    - seq\n  - {k: v}\n",
    "code: |\n  f([*params, p])\n  g(*args, **kw)\nwhy: 'raised (\"Expected !nested\")'\n",
    "a: text that says !important and & co.\nb: [x, y*z]\n",
]


@pytest.mark.parametrize("text", TRICKY_BUT_VALID)
def test_the_fast_reader_agrees_with_the_exact_reader(text: str) -> None:
    fast = read_plain_yaml(text)
    exact = read_yaml(text).value
    assert fast is not None, "expected the fast path to take this plain file"
    assert fast == exact
    assert _types(fast) == _types(exact)


def test_the_fast_reader_agrees_on_every_shipped_file() -> None:
    taken = 0
    for path in sorted(BANK.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast = read_plain_yaml(text)
        if fast is not None:
            taken += 1
            assert fast == read_yaml(text).value, path
    assert taken >= 1


@pytest.mark.parametrize(
    "text",
    [
        "a:\n\t- x\n",
        "a: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: &x 1\nb: *x\n",
        "a: [*x]\n",
        "a: *x\n",
        "- !custom x\n",
        "a: [1, !!str 2]\n",
        "a:\n  !tag x\n",
        "a: {k: !t v}\n",
        "a: &x [1]\n",
        "b: &b {x: 1}\nm:\n  <<: *b\n",
        "a: 1\n---\nb: 2\n",
        "? [a, b]\n: 1\n",
        "a: 1_000\n",
        "a: 0b101\n",
        "a: 0X1F\n",
        "a: 0x1f\n",
        "a: b\x00c\n",
        "a: |\n  no line break at the end",
        "a: b\x07c\n",
        "a: 1\na: 2\n",
        "- a\n- b\n",
        "",
    ],
)
def test_the_fast_reader_defers_whatever_it_might_read_differently(text: str) -> None:
    assert read_plain_yaml(text) is None


def _types(value: object) -> object:
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    for kind in (bool, int, float):
        if isinstance(value, kind):
            return kind
    return type(value)


def test_the_loader_finds_every_quiz_file_of_the_bank_and_nothing_else() -> None:
    found = find_quiz_files([BANK])
    assert sorted(found) == sorted(BANK.glob("*.yaml"))
    assert len(found) == 18  # the parametrized test below runs once for each of them
    assert not any(path.name == "README.md" for path in found)


@pytest.mark.parametrize("path", sorted(BANK.glob("*.yaml")), ids=lambda path: path.name)
def test_both_readers_load_the_same_questions_from_each_shipped_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, _ = load_quiz_file(path)
    monkeypatch.setattr("quizapp.core.bank.yaml_fast_path.yaml_rs", None)  # as on a machine without yaml_rs
    exact, problems = load_quiz_file(path)

    assert problems == []
    assert fast is not None
    assert exact is not None
    assert fast.quiz == exact.quiz


def test_the_fast_reader_defers_exactly_the_characters_yaml_does_not_allow() -> None:
    printable = [(0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0x85, 0x85), (0xA0, 0xD7FF), (0xE000, 0xFFFD)]
    printable.append((0x10000, 0x10FFFF))  # YAML 1.2's c-printable, section 5.1
    allowed = {code for low, high in printable for code in range(low, high + 1)}
    every = "".join(map(chr, range(0x110000)))

    refused = {match.start() for match in _NOT_PRINTABLE.finditer(every)}

    assert refused == set(range(0x110000)) - allowed
