"""Printed output compared with a key: as text, or number by number within a tolerance."""

import pytest

from quizapp.core.grading.printed_output import numbers_in, outputs_match, same_exception


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
