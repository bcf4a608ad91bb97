"""Tolerances and parameter ranges the bank cannot lie or crash with.

Measured before: a numeric question with ``rel_tol: .inf`` (or ``abs_tol: 1e308``) passed
``validate``, and ``take`` then scored any number right; a parameter range of
``{min: -.inf, max: .inf}`` (or one whose width overflows a float) made every command that
loads the bank end in an ``OverflowError`` traceback.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.exchange.gift_reader import read_gift
from quizapp.core.exchange.yaml_bank import quiz_files, write_quiz_files

WriteQuiz = Callable[[str], Path]
"""The ``write_quiz`` fixture: quiz text in, its file out."""

NUMERIC = """title: T
topic: t-topic
questions:
  - {{id: q-num, type: numeric, difficulty: beginner, prompt: "How much?", answer: {answer}, {field}: {value},
      explanation: e}}
"""

RANGED = """title: T
topic: t-topic
questions:
  - id: q-code
    type: code_output
    difficulty: beginner
    prompt: What prints for {{{{x}}}}?
    code: |
      print({{{{x}}}})
    parameters:
      x: {parameter}
    explanation: e
"""


@pytest.mark.parametrize(
    ("answer", "field", "value", "words"),
    [
        ("5", "rel_tol", ".inf", "should be a finite number"),
        ("5", "rel_tol", ".nan", "should be a finite number"),
        ("5", "rel_tol", "1.0", "should be less than 1"),
        ("6", "abs_tol", "1e308", "abs_tol 1e+308 accepts numbers of the other sign for a key of 6"),
        ("6", "abs_tol", ".inf", "should be a finite number"),
        ("-6", "abs_tol", "7", "abs_tol 7 accepts numbers of the other sign for a key of -6"),
        ("0", "abs_tol", "2", "abs_tol 2 accepts numbers as far as 2 from a key of 0"),
    ],
)
def test_a_tolerance_that_would_accept_anything_is_a_problem_at_its_field(
    write_quiz: WriteQuiz, answer: str, field: str, value: str, words: str
) -> None:
    path = write_quiz(NUMERIC.format(answer=answer, field=field, value=value))

    load = load_bank([path])

    assert load.bank.questions == ()
    [problem] = load.problems
    assert (problem.line, problem.field) == (4, f"questions[0].{field}")
    assert words in problem.message


@pytest.mark.parametrize(("answer", "abs_tol"), [("10", "10"), ("-3", "0.5"), ("0", "1"), ("0", "0.01")])
def test_a_window_that_reaches_zero_but_not_past_it_is_kept(
    write_quiz: WriteQuiz, answer: str, abs_tol: str
) -> None:
    """ "Between 0 and 20" is 10 within 10: lab predictions export their ranges so."""
    load = load_bank([write_quiz(NUMERIC.format(answer=answer, field="abs_tol", value=abs_tol))])

    assert load.problems == ()
    assert len(load.bank.questions) == 1


def test_a_code_output_tolerance_is_for_rounding(write_quiz: WriteQuiz) -> None:
    text = RANGED.format(parameter="{values: [1, 2]}").replace(
        "    explanation: e", "    compare: numbers\n    abs_tol: 1e308\n    explanation: e"
    )
    [problem] = load_bank([write_quiz(text)]).problems

    assert problem.field == "questions[0].abs_tol"
    assert "less than or equal to 1" in problem.message


@pytest.mark.parametrize(
    ("parameter", "field", "words"),
    [
        ("{min: -.inf, max: .inf}", "questions[0].parameters.x.min", "should be a finite number"),
        ("{min: 0, max: 1e308, step: 1e-308}", "questions[0].parameters.x", "more than 1000 values"),
        ("{min: 0, max: 1, step: .inf}", "questions[0].parameters.x.step", "should be a finite number"),
        ("{values: [1, .inf]}", "questions[0].parameters.x", "a value must be a finite number"),
    ],
)
def test_a_range_that_overflows_is_a_problem_in_every_command(
    write_quiz: WriteQuiz, parameter: str, field: str, words: str
) -> None:
    path = write_quiz(RANGED.format(parameter=parameter))

    problems = load_bank([path]).problems
    assert any(problem.field == field and words in problem.message for problem in problems), problems
    for command in (
        ["validate", str(path)],
        ["list", "--bank", str(path)],
        ["show", "--bank", str(path), "q-code"],
    ):
        result = CliRunner().invoke(main, command)
        assert result.exit_code != 0
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output


def test_an_imported_numeric_question_with_a_window_past_zero_is_left_out_with_its_reason(
    tmp_path: Path,
) -> None:
    items, _ = read_gift("::wide:: How much? {#0:5}\n\n::fine:: How much? {#10:10}\n")
    files, left_out = quiz_files(items)

    assert [str(item) for item in left_out] == [
        "wide: its tolerance is too wide to grade by: abs_tol 5 accepts numbers as far as 5 from a key of 0; "
        "keep it at most 1"
    ]
    load = load_bank(write_quiz_files(files, tmp_path), check_snippet_syntax=False)
    assert load.problems == ()
    assert [question.id for question in load.bank.questions] == ["fine"]
