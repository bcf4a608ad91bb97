"""Annotated field types shared by the question models: slugs, text, code."""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from quizapp.core.scalars import SourcedFloat, SourcedInt

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _text_from_scalar(value: Any) -> Any:
    """Give text fields the author's own spelling of a number (``0.10`` stays ``0.10``)."""
    if isinstance(value, (SourcedInt, SourcedFloat)):
        return value.source
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return value


def _require_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single "
            "hyphens, e.g. 'norm-returns-total'"
        )
    return value


def _require_content(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _require_compilable(value: str) -> str:
    try:
        compile(value, "<snippet>", "exec", dont_inherit=True)
    except SyntaxError as error:
        raise ValueError(
            f"the Python code does not compile: {error.msg} (line {error.lineno} of the code)"
        ) from None
    return value


_TEXT_INPUT = BeforeValidator(_text_from_scalar, json_schema_input_type=str | int | float)

Text = Annotated[str, _TEXT_INPUT]
"""Free text; a number written in YAML keeps the author's spelling."""

NonEmptyText = Annotated[str, _TEXT_INPUT, AfterValidator(_require_content)]
"""Text that must contain something other than whitespace."""

Slug = Annotated[
    str,
    _TEXT_INPUT,
    AfterValidator(_require_slug),
    Field(json_schema_extra={"pattern": f"^{_SLUG.pattern}$"}),
]
"""A lowercase identifier such as ``norm-returns-total``."""

Code = Annotated[str, AfterValidator(_require_content)]
"""A Python snippet; it need not compile (starter code may be unfinished)."""

CompilableCode = Annotated[str, AfterValidator(_require_content), AfterValidator(_require_compilable)]
"""A Python snippet that must at least compile."""

Tolerance = Annotated[float, Field(ge=0.0)]
"""A non-negative tolerance for comparing numbers."""


def at_least(count: int, noun: str) -> tuple[AfterValidator, Any]:
    """Require a list to hold ``count`` or more items, checked once its items are valid.

    pydantic's own ``min_length`` also fires when an item is invalid ("should have at
    least 1 item after validation"), which misleads an author; this does not.

    Args:
        count: The fewest items allowed.
        noun: What the items are, for the message (plural).

    Returns:
        Metadata to splat into ``Annotated[tuple[...], ...]``.
    """

    def check(items: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(items) < count:
            raise ValueError(f"needs at least {count} {noun}, found {len(items)}")
        return items

    return AfterValidator(check), Field(json_schema_extra={"minItems": count})
