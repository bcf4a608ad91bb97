"""A boolean written where a number belongs is an error, never read as 1 or 0."""

import pytest

from quizapp.core.bank.quiz_file_loader import load_quiz_file

HEADER = "title: T\ntopic: t\nquestions:\n"
NUMERIC = """  - id: n
    type: numeric
    difficulty: beginner
    prompt: p
    answer: {answer}
    abs_tol: {abs_tol}
    points: {points}
    explanation: e
"""
PARAMETERS = """  - id: c
    type: code_output
    difficulty: beginner
    prompt: p
    code: print({{{{a}}}})
    parameters:
      a: {a}
    explanation: e
"""


@pytest.mark.parametrize("field", ["answer", "abs_tol", "points"])
@pytest.mark.parametrize("boolean", ["true", "false"])
def test_a_boolean_number_field_is_refused(write_quiz, field: str, boolean: str) -> None:  # type: ignore[no-untyped-def]
    values = {"answer": "2", "abs_tol": "0.1", "points": "3", field: boolean}

    _, problems = load_quiz_file(write_quiz(HEADER + NUMERIC.format(**values)))

    assert [(p.field, p.message) for p in problems] == [
        (f"questions[0].{field}", f"expected a number, found the boolean {boolean}")
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "{values: [true]}",
            "questions[0].parameters.a.values[0]: expected a number or text, found the boolean true",
        ),
        (
            "{min: 1, max: 5, step: true}",
            "questions[0].parameters.a.step: expected a number, found the boolean true",
        ),
    ],
)
def test_a_boolean_parameter_value_is_refused(write_quiz, written: str, message: str) -> None:  # type: ignore[no-untyped-def]
    _, problems = load_quiz_file(write_quiz(HEADER + PARAMETERS.format(a=written)))

    assert [f"{p.field}: {p.message}" for p in problems] == [message]


@pytest.mark.parametrize("answer", ["2", "2.0", "'2'", "2e0"])
def test_numbers_however_written_are_still_numbers(write_quiz, answer: str) -> None:  # type: ignore[no-untyped-def]
    loaded, problems = load_quiz_file(write_quiz(HEADER + NUMERIC.format(answer=answer, abs_tol=0, points=2)))

    assert problems == []
    assert loaded is not None
    assert loaded.quiz.questions[0].points == 2.0
