"""Compare printed output with an expected answer: as the same print, or number by number.

One equivalence decides whether a learner's printed-output answer is the print PyTorch made
(:func:`prints_same`). Both texts are cut into tokens (numbers, words, quoted strings,
brackets and other marks); the two are the same print when their tokens are, where

- **spacing is layout**: spaces and line breaks inside brackets are PyTorch's alignment
  (``tensor([nan,  1., -1.])``, a matrix's second row) and are ignored; outside brackets a
  run of spaces counts as one, a line break counts, and trailing spaces and blank lines at
  the end do not;
- **numbers compare by value**, not spelling: ``6.`` = ``6.0`` = ``6.00``, ``0.25`` =
  ``0.2500``, ``1e30`` = ``1.0000e+30``, ``nan`` = ``nan``; but an integer is never a float
  (``tensor([6])`` is an int64 tensor, ``tensor([6.])`` a float one), the sign of zero counts
  (``-0.`` is not ``0.``) and a number in scientific notation is not one written out;
- **a whole number at PyTorch's precision is not an exact one**: PyTorch prints a float
  tensor's values as ``5.`` only when every value is exactly whole, and with four decimals
  (``5.0000``) when a value is not (clipping ``[6, 8]`` to norm 5 leaves ``2.9999998``, shown
  as ``3.0000``). So ``5.0000`` (four decimals or more) differs from ``5.``, ``5.0``, ``5.00``
  and ``5.000``: ``tensor(5.)`` is not ``tensor(5.0000)``, ``tensor([3., 4.])`` is not
  ``tensor([3.0000, 4.0000])``;
- **everything else is compared as written**: words (``dtype=torch.float16``,
  ``requires_grad=True``, ``grad_fn=<MulBackward0>``), quoted strings, brackets and marks.
  A missing ``requires_grad=True``, another dtype, another shape or an extra word is another
  print.
"""

import math
import re
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation

from quizapp.core.model.printed_numbers import numbers_in

_TOKEN = re.compile(
    r"""(?P<string>'[^'\n]*'|"[^"\n]*")
    |(?P<word>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    |(?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])|-(?:nan|inf)(?!\w))
    |(?P<newline>\n)
    |(?P<space>[^\S\n]+)
    |(?P<mark>.)""",
    re.VERBOSE,
)
"""One token of printed output; a number is only a number when no letter or dot follows it."""
_OPENING, _CLOSING = "([{", ")]}"
PRINT_PRECISION = 4
"""The decimals PyTorch prints a float tensor's values with (its default print options)."""


def normalize_output(text: str) -> str:
    """Drop trailing whitespace on each line and blank lines at the end."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def print_tokens(text: str) -> tuple[str, ...]:
    r"""The tokens of a print that :func:`prints_same` compares, numbers in canonical form.

    Args:
        text: Printed output, or a learner's answer for it.

    Returns:
        One string per token: ``"\n"`` for a line break and ``" "`` for spacing outside
        brackets; numbers as ``int:6``, ``float:6.``, ``float:~5.`` (a whole number at
        PyTorch's precision), ``float:0.25``, ``sci:1E+30``.
    """
    tokens: list[str] = []
    depth = 0
    for match in _TOKEN.finditer(normalize_output(text)):
        kind, value = match.lastgroup, match.group()
        if kind == "newline" and depth == 0:  # a line break between prints; blank lines count
            if tokens and tokens[-1] == " ":
                tokens.pop()
            tokens.append("\n")
            continue
        if kind in ("space", "newline"):  # alignment inside brackets; one space between words
            if depth == 0 and tokens and tokens[-1] not in (" ", "\n"):
                tokens.append(" ")
            continue
        if kind == "number" or (kind == "word" and value in ("nan", "inf")):
            tokens.append(_canonical_number(value))
            continue
        if kind == "mark" and value in _OPENING:
            depth += 1
        elif kind == "mark" and value in _CLOSING:
            depth = max(0, depth - 1)
        tokens.append(value)
    return tuple(tokens)


def _canonical_number(text: str) -> str:
    """A number as its kind and value, so that spellings of one value compare equal."""
    if text.lstrip("-") == "nan":
        return "float:nan"
    if text.lstrip("-") == "inf":
        return f"float:{text}"
    exact = Context(prec=len(text) + 2, Emax=MAX_EMAX, Emin=MIN_EMIN)  # never rounds what was typed
    try:
        value = Decimal(text).normalize(exact)
    except InvalidOperation:  # an exponent beyond Decimal's range: keep the spelling
        return f"as-typed:{text}"
    if "e" in text.lower():
        return f"sci:{value}"
    sign = "-" if value.is_signed() else ""
    if "." not in text:
        return f"int:{abs(value):f}"  # Python prints no -0 for an integer
    if value == value.to_integral_value(context=exact):
        rounded = "~" if len(text.partition(".")[2]) >= PRINT_PRECISION else ""
        return f"float:{rounded}{sign}{abs(value):f}."
    return f"float:{value:f}"


def prints_same(expected: str, answer: str) -> bool:
    """Tell whether ``answer`` is the same print as ``expected`` (see the module's rules).

    Args:
        expected: What the code printed (or its key).
        answer: What the learner says it prints.
    """
    return print_tokens(expected) == print_tokens(answer)


def spacing_ignored(text: str) -> str:
    """The print in a canonical form: two texts are the same print when these are equal.

    Kept for callers that compare canonical forms; :func:`prints_same` says the same.
    """
    return "\x1f".join(print_tokens(text))


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
