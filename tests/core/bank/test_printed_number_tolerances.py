"""A ``compare: numbers`` key whose absolute tolerance swallows one of its numbers is refused.

Measured before: ``explode-and-vanish-together`` keys ``1469.8 9.1e-13`` with the default
``abs_tol`` of 1e-6, a million times the vanishing gradient, so "1469.8 0" and "1470 -5e-7"
(no gradient at all, or one of the wrong sign) scored full marks, and ``validate`` said nothing.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.grading.answer_rules import grade_answer
from quizapp.core.model.code_questions import CodeOutputQuestion, printed_tolerance_problem
from tests.paths import BANK

WriteQuiz = Callable[[str], Path]

QUIZ = """\
title: Tolerances
topic: t-topic
questions:
  - id: vanishing-default-tol
    type: code_output
    difficulty: advanced
    prompt: What prints?
    code: print(1469.8, 9.1e-13)
    answer: "1469.8 9.1e-13"
    compare: numbers
    explanation: e
  - id: tenth-too-wide
    type: code_output
    difficulty: advanced
    prompt: What prints?
    code: print(0.05)
    answer: "0.05"
    compare: numbers
    abs_tol: 0.01
    explanation: e
"""


def test_validate_names_the_file_line_and_field_and_says_what_to_set(write_quiz: WriteQuiz) -> None:
    path = write_quiz(QUIZ)

    problems = [str(problem) for problem in load_bank([path]).problems]

    assert problems == [
        f"{path}:4:5: questions[0].abs_tol: abs_tol 1e-06 is more than a tenth of the key's number "
        "9.1e-13: an answer of 0 there, or of the other sign, would count as right; set abs_tol to "
        "at most 9.1e-14 (a tenth of the smallest number other than 0 in the key), or to 0 to let "
        "rel_tol judge alone",
        f"{path}:19:14: questions[1].abs_tol: abs_tol 0.01 is more than a tenth of the key's number "
        "0.05: an answer 20% off would count as right; set abs_tol to at most 0.005 (a tenth of the "
        "smallest number other than 0 in the key), or to 0 to let rel_tol judge alone",
    ]


@pytest.mark.parametrize(
    ("key", "abs_tol"),
    [
        ("1469.8 9.1e-13", 0.0),  # rel_tol alone judges
        ("1469.8 9.1e-13", 9.1e-14),  # exactly a tenth of the smallest number
        ("0.0 -0.0 tensor([0., 0.])", 1.0),  # a key of 0 has no size: abs_tol (at most 1) is its window
        ("nan inf -inf 2.0", 0.2),
        ("no numbers at all", 1.0),
        ("tensor([0.8370, 1.0000], dtype=torch.float64)", 1e-3),  # the dtype's 64 is no number of the key
    ],
)
def test_keys_whose_numbers_stand_well_above_abs_tol_pass(key: str, abs_tol: float) -> None:
    assert printed_tolerance_problem(key, abs_tol) == ""


def test_exact_keys_and_keys_drawn_per_variant_are_not_held_to_it(write_quiz: WriteQuiz) -> None:
    path = write_quiz(
        QUIZ.replace("    compare: numbers\n    explanation", "    explanation", 1)
        .replace('    answer: "0.05"\n', "    parameters:\n      x: {values: [0.05]}\n")
        .replace("print(0.05)", "print({{x}})")
    )

    assert [str(problem) for problem in load_bank([path]).problems] == []


def test_every_numbers_key_of_the_shipped_bank_stands_well_above_its_tolerance() -> None:
    questions = load_bank([BANK], check_snippet_syntax=False).bank.questions
    written = [
        q for q in questions if isinstance(q, CodeOutputQuestion) and q.compare == "numbers" and q.answer
    ]

    assert written  # the check has something to check
    assert [q.id for q in written if printed_tolerance_problem(str(q.answer), q.abs_tol)] == []


@pytest.fixture(scope="module")
def vanishing() -> CodeOutputQuestion:
    questions = load_bank([BANK / "10-exploding-in-depth.yaml"], check_snippet_syntax=False).bank.questions
    question = next(q for q in questions if q.id == "explode-and-vanish-together")
    assert isinstance(question, CodeOutputQuestion)
    return question


@pytest.mark.parametrize(
    "answer",
    [
        "1469.8 0",  # no gradient at all
        "1470 -5e-7",  # a gradient of the wrong sign
        "1469.8 0.0000001",
        "1469.8 9.1e-12",  # ten times too large
        "1469.8 -9.1e-13",
        "1400 9.1e-13",
        "0 9.1e-13",
    ],
)
def test_the_vanishing_gradient_question_refuses_zero_and_the_wrong_sign(
    vanishing: CodeOutputQuestion, answer: str
) -> None:
    assert grade_answer(vanishing, answer).fraction == 0.0


@pytest.mark.parametrize(
    "answer",
    [
        "1469.8 9.1e-13",  # the key, as printed
        "1470 9.1e-13",
        "1469.77 9.09e-13",  # three significant figures
        "1469.7716 9.094947e-13",  # 1.2**40 and 0.5**40 in full
        "1.47e3 9.09e-13",
    ],
)
def test_the_vanishing_gradient_question_takes_its_key_and_fair_roundings(
    vanishing: CodeOutputQuestion, answer: str
) -> None:
    assert grade_answer(vanishing, answer).fraction == 1.0
