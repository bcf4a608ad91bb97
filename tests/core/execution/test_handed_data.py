"""Data crosses between the checker and a learner's child intact, and only data: forged bytes are refused."""

from collections.abc import Iterator

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import grade_code_task
from quizapp.core.model.code_questions import CodeTaskCheck, CodeTaskQuestion
from tests.paths import BANK

_MANUAL = next(
    question
    for question in load_bank([BANK]).bank.questions
    if isinstance(question, CodeTaskQuestion) and question.id == "task-manual-clip-norm"
)
TASK = _MANUAL.model_copy(update={"check": _MANUAL.check.model_copy(update={"forbid": ()})})
"""The manual clipping task with its call rules set aside: these tests forge what crosses to
the checker, which the call rules would refuse before it (see test_call_rules.py)."""
SOLUTION = TASK.solution

ROUND_TRIP = CodeTaskCheck(
    setup="""import math, torch
grad = torch.randn(3, 4, dtype=torch.float64).requires_grad_()
cases = {
    "floats": torch.randn(2, 3),
    "halves": torch.randn(5).to(torch.bfloat16),
    "complex": torch.randn(2, dtype=torch.complex64),
    "mask": torch.tensor([True, False, True]),
    "counts": torch.arange(6, dtype=torch.int64).reshape(2, 3),
    "bytes": torch.tensor([0, 255], dtype=torch.uint8),
    "scalar": torch.tensor(2.5),
    "empty": torch.empty(0, 4),
    "strided": torch.arange(12.0).reshape(3, 4).t()[1:],
    "grad": grad,
    "numbers": [0, -1, 2**70, 1.5, -0.0, math.inf, -math.inf, math.nan, True, None],
    "text": "clip \\u2264 1.0 \\U0001f600",
    "pair": (1, ("a", [2.0])),
    7: "an integer key",
    "dtype": torch.float16,
}
""",
    probe="""import collections, torch
result["echo"] = cases
result["size"] = torch.ones(2, 3).shape
result["ordered"] = collections.OrderedDict(b=1, a=2)
result["parameter"] = torch.nn.Parameter(torch.ones(2))
""",
    verify="""import math, torch
echo = result["echo"]
assert set(echo) == set(cases), sorted(map(str, echo))
for key, sent in cases.items():
    got = echo[key]
    if isinstance(sent, torch.Tensor):
        assert type(got) is torch.Tensor, (key, type(got))
        assert got.dtype == sent.dtype and got.shape == sent.shape, key
        assert got.requires_grad == sent.requires_grad, key
        assert torch.equal(got.detach(), sent.detach()), key
    elif key == "numbers":
        assert got[:7] == sent[:7] and math.isnan(got[7]) and got[8:] == [True, None], got
        assert [type(n) for n in got] == [type(n) for n in sent], [type(n) for n in got]
        assert math.copysign(1.0, got[4]) == -1.0
    else:
        assert got == sent and type(got) is type(sent), (key, got)
assert result["size"] == (2, 3) and type(result["size"]) is tuple
assert list(result["ordered"].items()) == [("b", 1), ("a", 2)] and type(result["ordered"]) is dict
assert type(result["parameter"]) is torch.Tensor and result["parameter"].requires_grad
""",
)


@pytest.fixture(scope="module")
def runner() -> Iterator[SnippetRunner]:
    with SnippetRunner(slots=1) as started:
        yield started


def test_every_kind_of_data_arrives_as_it_was_sent(runner: SnippetRunner) -> None:
    task = TASK.model_copy(update={"check": ROUND_TRIP})
    verdict = grade_code_task(task, "", runner)

    assert verdict.reason == "Your code passes the check."
    assert verdict.passed


WRITE_AND_LEAVE = "import os, json, struct\nos.write(4, {payload})\nos._exit(0)\n"


def _header(description: str, blob: str = "b''") -> str:
    """A payload in the real format: magic, header length, JSON header, then ``blob``."""
    return f"b'QZD1' + struct.pack('!I', len({description})) + {description} + {blob}"


FORGED = {
    "a pickle that would run code": (
        "__import__('pickle').dumps(type('Evil', (), {'__reduce__': lambda self: (print, ('pwned',))})())"
    ),
    "torch.save bytes": "(lambda io, torch: (torch.save({'x': 1}, b := io.BytesIO()), b.getvalue())[1])"
    "(__import__('io'), __import__('torch'))",
    "no magic": "b'{}'",
    "a header longer than the data": "b'QZD1' + struct.pack('!I', 1 << 30) + b'{}'",
    "a header that is not JSON": _header("b'{not json'"),
    "nesting a million lists deep": _header("b'[' * 1000000 + b']' * 1000000"),
    "nesting past the limit": _header("b'[' * 100 + b']' * 100"),
    "an object the reader does not know": _header("json.dumps({'object': 'os.system'}).encode()"),
    "a tensor whose bytes are missing": _header(
        "json.dumps({'tensor': 'float32', 'shape': [1000], 'at': 0, 'bytes': 4000, 'grad': False}).encode()"
    ),
    "a tensor whose size lies": _header(
        "json.dumps({'tensor': 'float32', 'shape': [10], 'at': 0, 'bytes': 4, 'grad': False}).encode()",
        "b'\\0' * 4",
    ),
    "a tensor with a negative shape": _header(
        "json.dumps({'tensor': 'float32', 'shape': [-1], 'at': 0, 'bytes': 4, 'grad': False}).encode()",
        "b'\\0' * 4",
    ),
    "a tensor with 100 dimensions": _header(
        "json.dumps({'tensor': 'uint8', 'shape': [1] * 100, 'at': 0, 'bytes': 1, 'grad': False}).encode()",
        "b'\\0'",
    ),
    "a boolean tensor holding 2": _header(
        "json.dumps({'tensor': 'bool', 'shape': [1], 'at': 0, 'bytes': 1, 'grad': False}).encode()",
        "b'\\x02'",
    ),
    "an integer tensor that requires grad": _header(
        "json.dumps({'tensor': 'int64', 'shape': [], 'at': 0, 'bytes': 8, 'grad': True}).encode()",
        "b'\\0' * 8",
    ),
    "a dtype torch has but the reader refuses": _header("json.dumps({'dtype': 'qint8'}).encode()"),
    "a dict with a float key": _header("json.dumps({'dict': [[1.5, 1]]}).encode()"),
    "a number too long to read": _header("b'1' * 5000"),
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_forged_bytes_are_refused_and_the_checker_keeps_working(runner: SnippetRunner, name: str) -> None:
    forged = WRITE_AND_LEAVE.format(payload=FORGED[name])
    verdict = grade_code_task(TASK, forged, runner)

    assert not verdict.passed
    assert "could not read what your code handed over" in verdict.reason
    assert grade_code_task(TASK, SOLUTION, runner).passed  # the same checker, unharmed


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("type('Mine', (), {})()", "Mine"),
        ("{1, 2}", "set"),
        ("torch.ones(2).to_sparse()", "dense tensors"),
        ("{(1, 2): 3}", "dict key of type tuple"),
        ("b'raw bytes'", "bytes"),
    ],
)
def test_a_result_that_is_not_data_is_reported_not_passed(
    runner: SnippetRunner, value: str, named: str
) -> None:
    probe = f"import torch\nresult['value'] = {value}\n"
    task = TASK.model_copy(update={"check": TASK.check.model_copy(update={"probe": probe})})
    verdict = grade_code_task(task, SOLUTION, runner)

    assert not verdict.passed
    assert named in verdict.reason
