"""Short text: an answer carrying a second, competing answer scores nothing; one plain answer scores all."""

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.grading.answer_rules import grade_short_text, score
from quizapp.core.grading.typed_text import hedge_words, plain_text
from quizapp.core.model.questions import ShortTextQuestion
from tests.paths import BANK

SHIPPED = {
    question.id: question
    for question in load_bank([BANK]).bank.questions
    if isinstance(question, ShortTextQuestion)
}


def open_question(pattern: str, *accepted: str) -> ShortTextQuestion:
    """A short_text question whose pattern is as open as an author might write it."""
    written = (
        "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\ntype: short_text\nprompt: p\n"
        f"accepted: [{', '.join(accepted)}]\npattern: '{pattern}'\n"
    )
    return TypeAdapter(ShortTextQuestion).validate_python(read_yaml(written).value)


OPEN_NAME = open_question(r"(?i).*clip_grad_value_.*", "clip_grad_value_")
OPEN_PLACE = open_question(r"(?i).*\bin[- ]?place\b.*", "in place")

HEDGES = [  # measured: each of these scored full marks
    ("value-function-name", "clip_grad_value_(wrong: it is clip_grad_norm_)"),
    ("value-function-name", "clip_grad_value_() / clip_grad_norm_()"),
    ("value-function-name", "clip_grad_value_(), clip_grad_norm_()"),
    ("trailing-underscore-meaning", "both in-place and out-place"),
    ("trailing-underscore-meaning", "in place + out place"),
    ("trailing-underscore-meaning", "outplace and in place"),
    # the same kinds, said otherwise
    ("value-function-name", "clip_grad_value_() clip_grad_norm_()"),
    ("value-function-name", "clip_grad_value_(clip_grad_norm_)"),
    ("value-function-name", "clip_grad_value_ (or the norm one)"),
    ("value-function-name", "torch.nn.utils.clip_grad_value_; clip_grad_norm_"),
    ("trailing-underscore-meaning", "in place, out place"),
    ("trailing-underscore-meaning", "in place & out-of-place"),
    ("trailing-underscore-meaning", "in place / out of place"),
    ("trailing-underscore-meaning", "it is wrong that it works in place"),
    ("trailing-underscore-meaning", "in place and a copy"),
    ("trailing-underscore-meaning", "in place or else a new tensor"),
    ("trailing-underscore-meaning", "in place (maybe)"),
]


@pytest.mark.parametrize(("question_id", "answer"), HEDGES)
def test_a_second_competing_answer_scores_nothing_on_the_shipped_bank(question_id: str, answer: str) -> None:
    question = SHIPPED[question_id]
    assert score(question.points, grade_short_text(question, answer)) == 0.0


@pytest.mark.parametrize(
    ("question", "answer", "cues"),
    [
        (OPEN_NAME, "clip_grad_value_(wrong: it is clip_grad_norm_)", '"wrong"'),
        (OPEN_NAME, "clip_grad_value_() / clip_grad_norm_()", '"/", "clip_grad_norm_"'),
        (OPEN_NAME, "clip_grad_value_(), clip_grad_norm_()", '",", "clip_grad_norm_"'),
        (OPEN_NAME, "clip_grad_value_() clip_grad_norm_()", '"clip_grad_norm_"'),
        (OPEN_NAME, "clip_grad_value_ is incorrect", '"incorrect"'),
        (OPEN_PLACE, "both in-place and out-place", '"both", "out-place"'),
        (OPEN_PLACE, "in place + out place", '"+", "out place"'),
        (OPEN_PLACE, "outplace and in place", '"outplace"'),
        (OPEN_PLACE, "in place, a copy", '","'),
        (OPEN_PLACE, "in place and/or a copy", '"/", "or"'),
        (OPEN_PLACE, "in place plus a copy", '"plus"'),
        (OPEN_PLACE, "a copy instead, not in place", '"instead", ",", "not"'),
    ],
)
def test_the_guard_sees_a_second_answer_that_an_open_pattern_lets_in(
    question: ShortTextQuestion, answer: str, cues: str
) -> None:
    grade = grade_short_text(question, answer)
    assert score(question.points, grade) == 0.0
    assert grade.feedback == f"Not counted: {cues} hedges or negates the answer; give one answer, plainly."


HONEST = [
    ("value-function-name", "clip_grad_value_"),
    ("value-function-name", "torch.nn.utils.clip_grad_value_"),
    ("value-function-name", "nn.utils.clip_grad_value_"),
    ("value-function-name", "clip_grad_value_()"),
    ("value-function-name", "CLIP_GRAD_VALUE_"),
    ("value-function-name", "clip_grad_value_(params, 1.0)"),
    ("value-function-name", "clip_grad_value_(model.parameters(), clip_value=0.5)"),
    ("value-function-name", "torch.nn.utils.clip_grad_value_(parameters, clip_value = 1e-3, foreach=True)"),
    ("trailing-underscore-meaning", "in place"),
    ("trailing-underscore-meaning", "In-place."),
    ("trailing-underscore-meaning", "inplace"),
    ("trailing-underscore-meaning", "it works in place"),
    ("trailing-underscore-meaning", "it's in place"),
    ("trailing-underscore-meaning", "an in-place operation"),
    ("trailing-underscore-meaning", "it is an in-place operation on the gradients"),
    ("trailing-underscore-meaning", "modifies the gradients in place"),
    ("trailing-underscore-meaning", "the gradients are modified in place"),
    ("trailing-underscore-meaning", "it overwrites the gradients in place"),
    ("trailing-underscore-meaning", "it modifies the .grad tensors in place"),
    ("trailing-underscore-meaning", "clip_grad_norm_ changes the grads in place"),
    ("trailing-underscore-meaning", "the .grad tensors are overwritten in place"),
    ("trailing-underscore-meaning", "in place modification of the gradients"),
    ("trailing-underscore-meaning", "  IN   PLACE "),
]


@pytest.mark.parametrize(("question_id", "answer"), HONEST)
def test_one_plain_answer_still_scores_full_marks(question_id: str, answer: str) -> None:
    question = SHIPPED[question_id]
    grade = grade_short_text(question, answer)
    assert score(question.points, grade) == question.points
    assert grade.feedback == ""


@pytest.mark.parametrize(
    ("answer", "cues"),
    [
        ("clip_grad_value_(params, 1.0)", ()),  # a call's arguments are not a list of answers
        ("scaler.unscale_(optimizer)", ()),
        ("torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=1.0)", ()),
        ("error_if_nonfinite=True", ()),
        ("torch.nn.utils.clip_grad_value_ or clip_grad_value_", ("or",)),  # one name, with its path
        ("scaler.unscale_() then optimizer.step()", ("step",)),
        ("in place, out-place, outplace", (",", "out-place", "outplace")),
        ("clip_grad_value_(a, b), clip_grad_norm_(a, b)", (",", "clip_grad_norm_")),
    ],
)
def test_hedge_words_read_lists_and_second_names_outside_brackets(answer: str, cues: tuple[str, ...]) -> None:
    assert hedge_words(plain_text(answer)) == cues


def test_a_mark_the_key_itself_uses_is_no_hedge() -> None:
    question = open_question(r"(?i)loss, then backward", "'loss, then backward'")
    assert grade_short_text(question, "Loss,  then backward").correct
