"""Keys and raw answers as text a learner reads: one table per function, every question type."""

from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.grading.answer_display import answer_text, key_text
from quizapp.core.model.questions import Question

COMMON = "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\n"


def question(fields: str) -> Any:
    return TypeAdapter(Question).validate_python(read_yaml(COMMON + fields).value)


SINGLE = question(
    "type: single_choice\nprompt: p\nchoices: [{id: a, text: Before step}, {id: b, text: After step}]\n"
    "answer: b\n"
)
MULTI = question(
    "type: multiple_select\nprompt: p\nchoices: [{id: a, text: Alpha}, {id: b, text: Beta},"
    " {id: c, text: Gamma}]\nanswer: [c, a]\n"
)
FALSE = question("type: true_false\nprompt: p\nanswer: false\n")
NUMERIC = question("type: numeric\nprompt: p\nanswer: 10.0\n")
SMALL = question("type: numeric\nprompt: p\nanswer: 0.000125\n")
SHORT = question("type: short_text\nprompt: p\naccepted: [clip_grad_norm_, clip_grad_norm]\n")
OUTPUT = question('type: code_output\nprompt: p\ncode: print(1)\nanswer: "tensor(5.)\\n"\n')
DRILL = question("type: code_output\nprompt: p\ncode: print({{a}})\nparameters: {a: {values: [1, 2]}}\n")
ERROR = question("type: code_error\nprompt: p\ncode: x = 1\nanswer: RuntimeError\n")
EXPLAIN = question(
    "type: explain\nprompt: p\nmodel_answer: It caps the update.\nconcepts: [{name: cap, phrases: [cap]}]\n"
)
CARD = question("type: flashcard\nfront: What does clip_grad_norm_ return?\nback: The total norm.\n")
TASK = question(
    "type: code_task\nprompt: p\nstarter: 'x = 0'\n"
    "check: {probe: \"result['x'] = x\", verify: \"assert result['x'] == 1\"}\n"
    "solution: 'x = 1'\n"
)


@pytest.mark.parametrize(
    ("subject", "key", "expected"),
    [
        (SINGLE, None, "After step"),
        (MULTI, None, "Gamma; Alpha"),
        (FALSE, None, "false"),
        (NUMERIC, None, "10"),
        (SMALL, None, "0.000125"),
        (SHORT, None, "clip_grad_norm_"),
        (OUTPUT, None, "tensor(5.)"),
        (OUTPUT, "tensor(7.)\n", "tensor(7.)"),
        (DRILL, None, ""),
        (DRILL, "2\n", "2"),
        (ERROR, None, "RuntimeError"),
        (EXPLAIN, None, "It caps the update."),
        (CARD, None, "The total norm."),
        (TASK, None, "x = 1"),
    ],
)
def test_the_key_reads_as_a_learner_expects(subject: Question, key: str | None, expected: str) -> None:
    assert key_text(subject, key) == expected


@pytest.mark.parametrize(
    ("subject", "answer", "expected"),
    [
        (SINGLE, None, "(no answer)"),
        (SINGLE, "a", "Before step"),
        (SINGLE, " b ", "After step"),
        (SINGLE, "z", "z"),
        (MULTI, ["b", "c"], "Beta; Gamma"),
        (MULTI, ["a", "zz"], "Alpha; zz"),
        (MULTI, [], ""),
        (FALSE, True, "true"),
        (FALSE, False, "false"),
        (FALSE, " yes ", "yes"),
        (NUMERIC, " 1e1 ", "1e1"),
        (SHORT, "clip_grad_norm_\n", "clip_grad_norm_"),
        (CARD, "Good", "good"),
        (CARD, "maybe", "maybe"),
        (ERROR, "ValueError", "ValueError"),
        (TASK, "x = 1\n", "x = 1"),
    ],
)
def test_a_raw_answer_reads_as_given(subject: Question, answer: object, expected: str) -> None:
    assert answer_text(subject, answer) == expected
