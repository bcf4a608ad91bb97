"""Parameterized questions: reproducible variants, and authoring mistakes caught with their place."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.model.code_questions import CodeOutputQuestion
from quizapp.core.model.parameters import Parameter, draw, fill, placeholders
from tests.paths import BANK

PARAMETERS = {
    "a": Parameter(values=(3.0, 6.0, 9.0)),
    "max_norm": Parameter(min=0.5, max=2.0, step=0.5),
    "p": Parameter(values=("2.0", "float('inf')")),
}


def test_the_same_question_and_seed_always_draw_the_same_values() -> None:
    assert draw(PARAMETERS, "q", 7) == draw(PARAMETERS, "q", 7)
    assert draw(PARAMETERS, "q", "learner-1") == draw(PARAMETERS, "q", "learner-1")


def test_different_seeds_give_different_variants() -> None:
    variants = {tuple(draw(PARAMETERS, "q", seed).items()) for seed in range(30)}
    assert len(variants) > 5


def test_a_range_lists_its_values() -> None:
    assert PARAMETERS["max_norm"].choices() == (0.5, 1.0, 1.5, 2.0)
    assert Parameter(min=-2, max=2, step=2).choices() == (-2, 0, 2)


def test_fill_writes_values_as_python_reads_them() -> None:
    text = "clip({{a}}, max_norm={{ max_norm }}, norm_type={{p}})"
    assert (
        fill(text, {"a": 3.0, "max_norm": 1, "p": "float('inf')"})
        == "clip(3.0, max_norm=1, norm_type=float('inf'))"
    )
    assert placeholders(text) == {"a", "max_norm", "p"}


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"values": [1], "min": 0, "max": 1}, "either 'values' or a range"),
        ({}, "either 'values' or a range"),
        ({"min": 2, "max": 1}, "min <= max"),
        ({"min": 0, "max": 10, "step": 0.001}, "more than 1000 values"),
        ({"values": []}, "at least 1 item"),
    ],
)
def test_invalid_parameters_are_refused(fields: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        Parameter.model_validate(fields)


QUESTION = """title: T
topic: t
questions:
  - id: drill
    type: code_output
    difficulty: beginner
    prompt: "Norm of [{{a}}, 4]?"
    code: "print(({{a}} ** 2 + 16) ** 0.5)"
    explanation: e
"""


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("    parameters: {a: {values: [3]}}\n    answer: '5.0'\n", "has no written 'answer'"),
        ("", "missing required field 'answer'"),
        ("    parameters: {b: {values: [3]}}\n", "the placeholder {{a}} names no parameter"),
        ("    parameters: {a: {values: [3]}, unused: {values: [1]}}\n", "'unused' is never used in the code"),
    ],
)
def test_parameter_mistakes_are_located_problems(write_quiz, extra: str, words: str) -> None:  # type: ignore[no-untyped-def]
    loaded, problems = load_quiz_file(write_quiz(QUESTION + extra))

    assert loaded is None
    assert [(p.line, p.field) for p in problems] == [(4, "questions[0]")]
    assert words in problems[0].message


def test_the_shipped_bank_has_at_least_eight_parameterized_questions() -> None:
    questions = load_bank([BANK]).bank.questions
    parameterized = [q for q in questions if isinstance(q, CodeOutputQuestion) and q.parameters]
    assert len(parameterized) >= 8
    assert all(q.answer is None for q in parameterized)


def test_every_parameterized_prompt_fills_completely(tmp_path: Path) -> None:
    for question in load_bank([BANK]).bank.questions:
        if isinstance(question, CodeOutputQuestion) and question.parameters:
            values = draw(question.parameters, question.id, 0)
            assert "{{" not in fill(question.prompt, values)
            assert "{{" not in fill(question.code, values)
