"""Printed output compared with a key: the same print as real torch makes it, or number by number."""

import json
import subprocess
import sys
from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.grading.answer_rules import grade_answer
from quizapp.core.grading.printed_output import outputs_match, prints_same, same_exception
from quizapp.core.model.printed_numbers import numbers_in
from quizapp.core.model.questions import Question

_TORCH_PRINTS = """
import json, sys, torch
def clipped(grad, max_norm):
    weight = torch.zeros(len(grad), requires_grad=True)
    weight.grad = torch.tensor(grad)
    torch.nn.utils.clip_grad_norm_([weight], max_norm)
    return weight.grad
nan, inf = float("nan"), float("inf")
json.dump({snippet: str(eval(snippet)) for snippet in json.load(sys.stdin)}, sys.stdout)
"""
"""Prints what each torch expression prints (``str`` is what ``print`` writes)."""


class Torch(str):
    """The other side of a pair is a second torch expression, printed by torch too."""


ANSWER_PAIRS: list[tuple[str, str, bool]] = [
    # the same print: spelling of a value, alignment and line breaks inside brackets
    ("torch.tensor([6.0])", "tensor([6.0])", True),
    ("torch.tensor([6.0])", "tensor([6.00])", True),
    ("torch.tensor([nan, 1., -1.])", "tensor([nan,1.,-1.])", True),
    ("torch.tensor([nan, 1., -1.])", "tensor([nan, 1., -1.])", True),
    ("torch.tensor([[1., 2.], [3., 40.]])", "tensor([[1., 2.], [3., 40.]])", True),
    ("torch.arange(20.)", "tensor([" + ", ".join(f"{n}." for n in range(20)) + "])", True),
    ("torch.tensor([0.1, 0.25])", "tensor([0.1, 0.25])", True),
    ("torch.tensor(1 / 3)", "tensor(0.3333)", True),
    ("torch.tensor([1e30, 1.])", "tensor([1e+30, 1e+00])", True),
    ("torch.tensor([1., 2.], dtype=torch.float16)", "tensor([1.0, 2.0], dtype=torch.float16)", True),
    ("torch.tensor([1.], requires_grad=True)", "tensor([1.0], requires_grad=True)", True),
    ("torch.tensor([1.], requires_grad=True) * 2", "tensor([2.], grad_fn=<MulBackward0>)", True),
    ("torch.tensor([True, False])", "tensor([True, False])", True),
    ("torch.tensor([inf, -inf])", "tensor([inf,-inf])", True),
    ("torch.tensor([1, 2])", "tensor([1,2])", True),
    ("torch.tensor(2.5).item()", "2.50", True),
    ("torch.tensor([3., 4.]).norm()", "tensor(5.0)", True),
    ("torch.tensor([-0.0])", "tensor([-0.0])", True),
    ("clipped([6., 8.], 5.0)", "tensor([3.0000, 4.0000])", True),
    ("torch.nn.utils.clip_grad_norm_([torch.ones(1)], 1.0)", "tensor(0.)", True),
    ("str(torch.tensor(1.)) + '\\n' + str(torch.tensor(2.))", "tensor(1.)\ntensor(2.)", True),
    # another print: values, kinds, precision, dtype, grad, shape, brackets, words, lines
    ("torch.tensor([6.0])", "tensor([6])", False),
    ("torch.tensor([6.0])", "tensor([7.])", False),
    ("torch.tensor(5.)", "tensor(5.0000)", False),
    ("clipped([6., 8.], 5.0)", "tensor([3., 4.])", False),
    ("clipped([6., 8.], 5.0)", "tensor([3.0, 4.0])", False),
    ("torch.tensor(1 / 3)", "tensor(0.33333)", False),
    ("torch.tensor([1., 2.], dtype=torch.float16)", "tensor([1., 2.])", False),
    ("torch.tensor([1.], dtype=torch.float16)", "tensor([1.], dtype=torch.float32)", False),
    ("torch.tensor([1.], requires_grad=True)", "tensor([1.])", False),
    ("torch.tensor([[1., 2.], [3., 40.]])", "tensor([1., 2., 3., 40.])", False),
    ("torch.tensor([6.0])", "tensor(6.)", False),
    ("torch.tensor([6.0])", "tensor([6.]) exactly", False),
    ("torch.tensor([-0.0])", "tensor([0.])", False),
    ("torch.tensor([1e-4, 1.])", "tensor([0.0001, 1.])", False),
    ("torch.tensor([1, 2], dtype=torch.int32)", "tensor([1, 2])", False),
    ("torch.tensor([True, False])", "tensor([true, false])", False),
    ("str(torch.tensor(1.)) + '\\n' + str(torch.tensor(2.))", "tensor(1.) tensor(2.)", False),
    ("torch.tensor([nan, 1.])", "tensor([1., nan])", False),
    ("torch.tensor([inf])", "tensor([-inf])", False),
    # both sides printed by torch
    ("torch.tensor([5.])", Torch("torch.tensor([5.]).double()"), False),
    ("torch.tensor([1., 2.])", Torch("torch.tensor([1, 2])"), False),
    (
        "torch.tensor([1.], requires_grad=True) * 2",
        Torch("torch.tensor([1.], requires_grad=True) + 1"),
        False,
    ),
    ("torch.tensor([5., 0.5])[0]", Torch("torch.tensor(5.)"), True),
    ("torch.tensor([[1., -2.]])", Torch("torch.tensor([[1., -2.]]).T"), False),
]


@pytest.fixture(scope="module")
def torch_prints() -> dict[str, str]:
    """What real torch prints for every expression of the table, from one subprocess."""
    expressions = sorted(
        {snippet for snippet, *_ in ANSWER_PAIRS} | {o for _, o, _ in ANSWER_PAIRS if isinstance(o, Torch)}
    )
    done = subprocess.run(
        [sys.executable, "-c", _TORCH_PRINTS],
        input=json.dumps(expressions),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    prints: dict[str, str] = json.loads(done.stdout)
    return prints


def test_the_table_has_thirty_pairs_of_each_kind_together() -> None:
    assert len(ANSWER_PAIRS) >= 30
    assert {same for *_, same in ANSWER_PAIRS} == {True, False}


@pytest.mark.parametrize(("snippet", "other", "same"), ANSWER_PAIRS, ids=lambda part: repr(part)[:40])
def test_an_answer_is_right_when_torch_would_print_the_same(
    torch_prints: dict[str, str], snippet: str, other: str, same: bool
) -> None:
    printed = torch_prints[snippet]
    answer = torch_prints[other] if isinstance(other, Torch) else other

    assert prints_same(printed, answer) is same, (printed, answer)
    assert prints_same(answer, printed) is same  # one equivalence: symmetric


def test_torch_really_prints_the_padding_and_precision_the_table_is_about(
    torch_prints: dict[str, str],
) -> None:
    assert torch_prints["torch.tensor([nan, 1., -1.])"] == "tensor([nan,  1., -1.])"
    assert torch_prints["torch.tensor(5.)"] == "tensor(5.)"
    assert torch_prints["clipped([6., 8.], 5.0)"] == "tensor([3.0000, 4.0000])"
    assert "\n" in torch_prints["torch.arange(20.)"]


OUTPUT = TypeAdapter(Question).validate_python(
    read_yaml(
        "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\ntype: code_output\nprompt: p\n"
        "code: print(1)\nanswer: 'tensor([nan,  1., -1.])'\n"
    ).value
)


@pytest.mark.parametrize(
    ("answer", "right"),
    [("tensor([nan,1.,-1.])", True), ("tensor([nan, 1.0, -1.0])", True), ("tensor([nan, 1, -1])", False)],
)
def test_a_learner_is_graded_by_that_equivalence(answer: str, right: bool) -> None:
    question: Any = OUTPUT
    assert grade_answer(question, answer).correct is right


def test_numbers_that_python_cannot_hold_are_compared_as_typed() -> None:
    huge = "1" * 5000
    assert prints_same(f"tensor([{huge}])", f"tensor([{huge}])")
    assert not prints_same(f"tensor([{huge}])", f"tensor([{huge}1])")
    assert not prints_same("1e99999999999999999999", "1e99999999999999999998")


@pytest.mark.parametrize(
    ("expected", "actual", "mode", "tolerance", "match"),
    [
        ("10.0", "10.0\n", "exact", 0.0, True),
        ("10.0", "10.0   \n\n", "exact", 0.0, True),
        ("a\nb", "a  \nb\n", "exact", 0.0, True),
        ("10.0", "10.00", "exact", 0.0, False),
        ("tensor([3.0000, 4.0000])", "tensor([3., 4.], device='cuda:0')", "numbers", 1e-6, True),
        ("[3, 4]", "tensor([2.9999998, 3.9999998])", "numbers", 1e-5, True),
        ("[3, 4]", "tensor([2.9, 3.9])", "numbers", 1e-5, False),
        ("1 2", "1 2 3", "numbers", 1.0, False),
        ("nan inf", "tensor([nan, inf])", "numbers", 0.0, True),
        ("1e30", "1.0000e+30", "numbers", 0.0, True),
        ("-8", "tensor(-8.)", "numbers", 0.0, True),
        ("[1.]", "tensor([1.], dtype=torch.float16, requires_grad=True)", "numbers", 0.0, True),
        ("2.", "tensor(2., grad_fn=<AddBackward0>)", "numbers", 0.0, True),
    ],
)
def test_outputs_match(expected: str, actual: str, mode: str, tolerance: float, match: bool) -> None:
    assert outputs_match(expected, actual, mode=mode, abs_tol=tolerance) is match


def test_numbers_in_reads_scientific_and_signed_numbers() -> None:
    assert numbers_in("tensor([-1.5e-3, +2, .5]) x2") == [-1.5e-3, 2.0, 0.5, 2.0]


@pytest.mark.parametrize(
    ("expected", "actual", "match"),
    [
        ("RuntimeError", "RuntimeError", True),
        ("OutOfMemoryError", "torch.OutOfMemoryError", True),
        ("TypeError", "RuntimeError", False),
        ("no error", "no error", True),
    ],
)
def test_same_exception(expected: str, actual: str, match: bool) -> None:
    assert same_exception(expected, actual) is match
