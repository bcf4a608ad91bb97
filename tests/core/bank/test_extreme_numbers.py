"""Numbers too long, too large or too small to read are problems at their place, never a crash."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.yaml_fast_path import read_plain_yaml
from quizapp.core.bank.yaml_reader import read_yaml

HEADER = "title: T\ntopic: clip-grad-norm\nquestions:\n"
NUMERIC = """  - id: q-{index}
    type: numeric
    difficulty: beginner
    prompt: How much?
    answer: {answer}
    explanation: e
"""
LONG = "1" * 4301


def _quiz(*answers: str) -> str:
    return HEADER + "".join(NUMERIC.format(index=i, answer=a) for i, a in enumerate(answers))


@pytest.mark.parametrize(
    ("written", "words"),
    [
        (LONG, "number too long"),
        ("-" + LONG, "number too long"),
        ("!!int " + LONG, "number too long"),
        ("!!float " + LONG, "number too long"),
        ("1e99999", "number too large"),
        ("1" * 400 + ".5", "number too large"),
        ("!!float 1e400", "number too large"),
        ("1e-400", "number too small"),
        ("1" * 400, "number too large"),  # an int that no float can hold
    ],
)
def test_an_unreadable_number_is_a_problem_at_its_place(write_quiz, written: str, words: str) -> None:  # type: ignore[no-untyped-def]
    loaded, problems = load_quiz_file(write_quiz(_quiz("1.5", written)))

    assert loaded is None
    assert [(p.line, p.column, p.field) for p in problems] == [(14, 13, "questions[1].answer")]
    assert words in problems[0].message
    assert len(problems[0].message) < 200  # the number is shown by its ends


def test_every_unreadable_number_of_a_file_is_reported(write_quiz) -> None:  # type: ignore[no-untyped-def]
    _, problems = load_quiz_file(write_quiz(_quiz(LONG, "1e999", "oops", "2")))

    assert [(p.field, p.message.split(":")[0]) for p in problems] == [
        ("questions[0].answer", "number too long"),
        ("questions[1].answer", "number too large"),
        ("questions[2].answer", "expected a number, found the text 'oops'"),
    ]


def test_the_fast_path_leaves_extreme_numbers_to_the_exact_reader() -> None:
    for written in (LONG, "1e999", "1e-400", "1" * 400 + ".0", "0." + "0" * 400 + "1"):
        assert read_plain_yaml(f"a: {written}\n") is None
    assert read_plain_yaml("a: 1e10\nb: type123\n") == {"a": 1e10, "b": "type123"}


def test_small_and_subnormal_numbers_still_read() -> None:
    value = read_yaml("a: 1e-310\nb: 0.0e-500\nc: 1e308\n").value
    assert value == {"a": 1e-310, "b": 0.0, "c": 1e308}


def test_one_file_with_a_huge_number_leaves_the_rest_of_the_bank(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_quiz("1"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f"title: {LONG}\n", encoding="utf-8")

    load = load_bank([tmp_path])

    assert [q.id for q in load.bank.questions] == ["q-0"]
    assert any("number too long" in p.message and p.path.endswith("b.yaml") for p in load.problems)


def test_validate_reports_a_huge_number_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(f"title: {LONG}\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["validate", str(tmp_path / "big.yaml")])

    assert result.exit_code != 0
    assert "big.yaml:1:8: title: number too long" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
