"""Grading tables: each question type turns raw answers into the credit a learner expects."""

from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.grading.answer_rules import (
    Grade,
    grade_code_error,
    grade_code_output,
    grade_explain,
    grade_flashcard,
    grade_multiple_select,
    grade_numeric,
    grade_short_text,
    grade_single_choice,
    grade_true_false,
    parse_number,
    score,
)
from quizapp.core.model.questions import Question

COMMON = "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\n"


def question(fields: str) -> Any:
    return TypeAdapter(Question).validate_python(read_yaml(COMMON + fields).value)


SINGLE = question(
    "type: single_choice\nprompt: p\nchoices:\n  - {id: a, text: A, feedback: Right.}\n"
    "  - {id: b, text: B, feedback: That clips values.}\nanswer: a\n"
)
MULTI = question(
    "type: multiple_select\nprompt: p\nchoices: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C},"
    " {id: d, text: D}]\nanswer: [a, b]\n"
)
TRUE = question("type: true_false\nprompt: p\nanswer: true\n")
NUMERIC = question("type: numeric\nprompt: p\nanswer: 10\nabs_tol: 0.01\n")
SHORT = question(
    "type: short_text\nprompt: p\naccepted: [clip_grad_norm_]\n"
    "pattern: '(torch\\.nn\\.utils\\.)?clip_grad_norm_'\n"
)
OUTPUT = question("type: code_output\nprompt: p\ncode: print(1)\nanswer: 'tensor([3.0000, 4.0000])'\n")
OUTPUT_NUMBERS = question(
    "type: code_output\nprompt: p\ncode: print(1)\nanswer: '[3, 4]'\ncompare: numbers\nabs_tol: 0.001\n"
)
ERROR = question("type: code_error\nprompt: p\ncode: x = 1\nanswer: RuntimeError\n")
NO_ERROR = question("type: code_error\nprompt: p\ncode: x = 1\nanswer: no error\n")
EXPLAIN = question(
    "type: explain\nprompt: p\nmodel_answer: m\nconcepts:\n"
    "  - {name: big gradients, phrases: [exploding, large gradient]}\n"
    "  - {name: capped update, phrases: [cap, limit, scale down]}\n"
    "  - {name: stability, phrases: [stable, diverge]}\n"
)
CARD = question("type: flashcard\nfront: F\nback: B\n")


@pytest.mark.parametrize(
    ("answer", "fraction", "feedback"),
    [("a", 1.0, "Right."), (" b ", 0.0, "That clips values."), ("z", 0.0, "not one")],
)
def test_single_choice(answer: str, fraction: float, feedback: str) -> None:
    grade = grade_single_choice(SINGLE, answer)
    assert grade.fraction == fraction
    assert feedback in grade.feedback


@pytest.mark.parametrize(
    ("picked", "fraction"),
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),
        (["a", "c"], 0.0),
        (["a", "b", "c"], 0.5),
        ([], 0.0),
        (["c", "d"], 0.0),
    ],
)
def test_multiple_select_gives_partial_credit(picked: list[str], fraction: float) -> None:
    assert grade_multiple_select(MULTI, picked).fraction == fraction


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [(True, 1.0), (False, 0.0), ("true", 1.0), ("Yes", 1.0), ("f", 0.0), ("maybe", 0.0)],
)
def test_true_false(answer: bool | str, fraction: float) -> None:
    assert grade_true_false(TRUE, answer).fraction == fraction


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        ("10", 1.0),
        ("10.0", 1.0),
        ("1e1", 1.0),
        (" 10.005 ", 1.0),
        ("10.02", 0.0),
        ("ten", 0.0),
        ("nan", 0.0),
        ("", 0.0),
    ],
)
def test_numeric_reads_ten_however_written(answer: str, fraction: float) -> None:
    assert grade_numeric(NUMERIC, answer).fraction == fraction


def test_parse_number() -> None:
    assert parse_number("1_000") == 1000.0
    assert parse_number("inf") is None


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        ("clip_grad_norm_", 1.0),
        ("  CLIP_GRAD_NORM_ ", 1.0),
        ("torch.nn.utils.clip_grad_norm_", 1.0),
        ("clip_grad_value_", 0.0),
        ("clip grad norm", 0.0),
    ],
)
def test_short_text_normalises_and_matches_the_pattern(answer: str, fraction: float) -> None:
    assert grade_short_text(SHORT, answer).fraction == fraction


@pytest.mark.parametrize(
    ("grading", "answer", "fraction"),
    [
        (OUTPUT, "tensor([3.0000, 4.0000])", 1.0),
        (OUTPUT, "tensor([3., 4.])", 0.0),
        (OUTPUT, "tensor( [3.0000,  4.0000] )", 1.0),  # alignment spaces are not the learner's to type
        (OUTPUT, "tensor([3.0000,4.0000])", 1.0),  # nor any space inside brackets (issue 11, point 6)
        (OUTPUT, "tensor([3.0000, 4.0000]) ", 1.0),
        (OUTPUT, "tensor ([3.0000, 4.0000])", 0.0),  # outside brackets a space is part of the print
        (OUTPUT, "tensor([3.0000, 4.0000])\nmore", 0.0),
        (OUTPUT_NUMBERS, "tensor([3.0000, 4.0000])", 1.0),
        (OUTPUT_NUMBERS, "3 4", 1.0),
        (OUTPUT_NUMBERS, "3 5", 0.0),
    ],
)
def test_code_output_compares_as_the_question_says(grading: Any, answer: str, fraction: float) -> None:
    assert grade_code_output(grading, answer).fraction == fraction


def test_code_output_of_a_variant_uses_the_variants_key() -> None:
    assert grade_code_output(OUTPUT, "10.0", key="10.0").correct


@pytest.mark.parametrize(
    ("grading", "answer", "fraction"),
    [
        (ERROR, "RuntimeError", 1.0),
        (ERROR, " torch.RuntimeError ", 1.0),
        (ERROR, "TypeError", 0.0),
        (NO_ERROR, "no error", 1.0),
        (NO_ERROR, "None", 1.0),
        (NO_ERROR, "RuntimeError", 0.0),
    ],
)
def test_code_error_by_exception_type(grading: Any, answer: str, fraction: float) -> None:
    assert grade_code_error(grading, answer).fraction == fraction


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        (
            "Exploding gradients make huge steps; clipping caps them so training stays stable.",
            ("big gradients", "capped update", "stability"),
        ),
        ("A large   gradient is scaled down.", ("big gradients", "capped update")),
        ("It captures the unstable capacity.", ()),
        (
            "Gradients were capped, then clipping kept it from diverging.",
            ("capped update", "stability"),
        ),  # no whole-word phrase: not 'cap', not 'stable'
    ],
)
def test_explain_scores_concepts_found_over_concepts(answer: str, found: tuple[str, ...]) -> None:
    grade = grade_explain(EXPLAIN, answer)
    assert grade.found == found
    assert grade.fraction == pytest.approx(len(found) / 3)
    assert grade.feedback == f"{len(found)}/3 concepts"
    assert set(grade.found) | set(grade.missed) == {"big gradients", "capped update", "stability"}


@pytest.mark.parametrize(
    ("rating", "fraction"), [("again", 0.0), ("Hard", 0.5), ("good", 1.0), ("easy", 1.0), ("meh", 0.0)]
)
def test_flashcard_self_rating(rating: str, fraction: float) -> None:
    assert grade_flashcard(CARD, rating).fraction == fraction


@pytest.mark.parametrize(
    ("points", "fraction", "hints", "timed_out", "expected"),
    [
        (1, 1.0, 0, False, 1.0),
        (2, 1.0, 1, False, 1.8),
        (1, 0.5, 2, False, 0.4),
        (1, 1.0, 9, False, 0.5),
        (1, 1.0, 0, True, 0.0),
        (3, 0.0, 0, False, 0.0),
    ],
)
def test_the_scoring_policy(
    points: float, fraction: float, hints: int, timed_out: bool, expected: float
) -> None:
    assert score(points, Grade(fraction), hints_used=hints, timed_out=timed_out) == expected
