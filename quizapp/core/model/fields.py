"""Annotated field types shared by the question models: slugs, text, code.

The constraints are pydantic-core's own (no Python callbacks), so validating a bank of
thousands of questions stays fast. A number written where text belongs is turned into its
written spelling by the bank loader (see ``quizapp.core.bank.bank_loader``), which knows that spelling.
"""

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Lowercase words of letters and digits joined by single hyphens."""
NOT_BLANK_PATTERN = r"\S"
"""Matches any text with something other than whitespace in it."""

_TEXT_SCHEMA = WithJsonSchema({"type": ["string", "number"]})

Text = Annotated[str, _TEXT_SCHEMA]
"""Free text; a number written in YAML keeps the author's spelling."""

NonEmptyText = Annotated[str, StringConstraints(pattern=NOT_BLANK_PATTERN), _TEXT_SCHEMA]
"""Text that must contain something other than whitespace."""

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, {"type": "integer", "minimum": 0}]}
    ),
]
"""A lowercase identifier such as ``norm-returns-total``."""

Code = Annotated[str, StringConstraints(pattern=NOT_BLANK_PATTERN)]
"""A Python snippet. Its syntax is checked by ``quizapp validate``, not by the model,
so that loading a bank stays fast; starter code may be unfinished anyway."""

Tolerance = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
"""A finite, non-negative absolute tolerance for comparing numbers (an infinite one accepts anything)."""

RelativeTolerance = Annotated[float, Field(ge=0.0, lt=1.0, allow_inf_nan=False)]
"""A relative tolerance, below 1: at 1 (100% of the key) it accepts 0 for any key."""


def tolerance_problem(answer: float, abs_tol: float) -> str:
    """Why ``abs_tol`` is too wide for a numeric key of ``answer`` ("" if it is not).

    A window around a key may reach 0 (a range from 0 to 20 is "10 within 10") but not
    past it: one that takes in numbers of the other sign, or any number at all, no longer
    says what the key is. A key of 0 has no size to measure by, so its window is at most 1.
    """
    if answer == 0 and abs_tol > 1:
        return f"abs_tol {abs_tol:g} accepts numbers as far as {abs_tol:g} from a key of 0; keep it at most 1"
    if answer != 0 and abs_tol > abs(answer):
        return (
            f"abs_tol {abs_tol:g} accepts numbers of the other sign for a key of {answer:g}; "
            f"keep it at most {abs(answer):g}"
        )
    return ""


OUTPUT_ABS_TOL_MAX = 1.0
"""The largest absolute tolerance for numbers a snippet prints: it is there for rounding."""


def at_least(count: int, noun: str) -> tuple[AfterValidator, Any]:
    """Require a list to hold ``count`` or more items, checked once its items are valid.

    pydantic's own ``min_length`` also fires when an item is invalid ("should have at
    least 1 item after validation"), which misleads an author; this does not.

    Args:
        count: The fewest items allowed.
        noun: What one item is, for the message (singular; an "s" is added as needed).

    Returns:
        Metadata to splat into ``Annotated[tuple[...], ...]``.
    """

    def check(items: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(items) < count:
            raise ValueError(f"needs at least {count} {noun}{'s' * (count != 1)}, found {len(items)}")
        return items

    return AfterValidator(check), Field(json_schema_extra={"minItems": count})
