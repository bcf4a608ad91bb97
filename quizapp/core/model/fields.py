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

Tolerance = Annotated[float, Field(ge=0.0)]
"""A non-negative tolerance for comparing numbers."""


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
