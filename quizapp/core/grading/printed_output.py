"""Compare printed output with an expected answer: as text, or number by number."""

import math
import re

_TENSOR_DECORATION = re.compile(r"(?:device|dtype|grad_fn|requires_grad)=(?:'[^']*'|<[^>]*>|[\w.:]+)")
"""``device='cuda:0'``, ``dtype=torch.float16``, ``grad_fn=<...Backward0>``: not part of the values."""
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")


def normalize_output(text: str) -> str:
    """Drop trailing whitespace on each line and blank lines at the end."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def spacing_ignored(text: str) -> str:
    """The output as a learner would type it: alignment spaces gone, line breaks kept.

    PyTorch pads tensor elements to line up (``tensor([nan,  1., -1.])``,
    ``tensor([ 0.5000, -1.0000])``); nobody types that padding. Runs of spaces become one,
    and spaces just inside brackets and before commas go.
    """
    return "\n".join(
        _INNER_SPACE.sub(lambda match: match.group(1) or match.group(2), " ".join(line.split()))
        for line in normalize_output(text).splitlines()
    )


_INNER_SPACE = re.compile(r"([(\[]) | (?=[)\],])()")


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text``, in order (``nan`` and ``inf`` included).

    A tensor's ``device=``, ``dtype=`` and ``grad_fn=`` annotations are skipped, so output
    from CUDA (``device='cuda:0'``) compares with output from the CPU.
    """
    return [float(match) for match in _NUMBER.findall(_TENSOR_DECORATION.sub("", text))]


def outputs_match(
    expected: str, actual: str, *, mode: str = "exact", abs_tol: float = 0.0, rel_tol: float = 0.0
) -> bool:
    """Tell whether ``actual`` output counts as ``expected``.

    Args:
        expected: The answer key (or a learner's answer).
        actual: What was printed.
        mode: ``exact`` compares text (trailing whitespace ignored); ``numbers``
            compares every number within the tolerances and ignores everything else.
        abs_tol: Absolute tolerance for ``numbers``.
        rel_tol: Relative tolerance for ``numbers``.
    """
    if mode == "exact":
        return normalize_output(expected) == normalize_output(actual)
    wanted, got = numbers_in(expected), numbers_in(actual)
    return len(wanted) == len(got) and all(
        (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)
        for a, b in zip(wanted, got, strict=True)
    )


def same_exception(expected: str, actual: str) -> bool:
    """Tell whether exception names match, qualified or not (``torch.X`` matches ``X``)."""
    return expected == actual or expected.rsplit(".", 1)[-1] == actual.rsplit(".", 1)[-1]
