"""Explain: an idea said of the wrong function (a swapped definition) earns nothing (``Concept.about``)."""

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.grading.answer_rules import grade_explain
from quizapp.core.model.questions import ExplainQuestion
from tests.paths import BANK

QUESTION = next(
    question
    for question in load_bank([BANK]).bank.questions
    if isinstance(question, ExplainQuestion) and question.id == "explain-norm-vs-value"
)


def earned(answer: str) -> list[str]:
    found = set(grade_explain(QUESTION, answer).found)
    return [str(concept.id) for concept in QUESTION.concepts if concept.name in found]


@pytest.mark.parametrize(
    ("answer", "ideas"),
    [
        (  # measured: 2 of the 4 points for the two definitions swapped
            "clip_grad_value_ rescales all gradients by one factor, while clip_grad_norm_ clamps each "
            "element individually.",
            [],
        ),
        ("Value clipping rescales everything by one common factor. Norm clipping clamps each element.", []),
        (
            "clip_grad_norm_ rescales all gradients by one factor, while clip_grad_value_ clamps each "
            "element individually.",
            ["one-factor", "each-element"],
        ),
        (
            "Unlike clip_grad_value_, clip_grad_norm_ rescales every gradient by one common factor. "
            "Value clipping clamps each element.",
            ["one-factor", "each-element"],
        ),
        (  # a clause that names neither function is taken as meant
            "Norm clipping keeps the direction because it multiplies every gradient by one common factor. "
            "The other function clamps each element to a fixed range.",
            ["one-factor", "each-element", "direction"],
        ),
        (  # a clause naming both is not a swap
            "clip_grad_norm_ multiplies every gradient by one common factor, unlike clip_grad_value_, "
            "which clamps each element to a fixed range.",
            ["one-factor", "each-element"],
        ),
    ],
)
def test_an_idea_counts_only_where_it_is_said_of_its_own_function(answer: str, ideas: list[str]) -> None:
    assert earned(answer) == ideas
