"""YAML scalars: the YAML 1.2 core schema, and numbers that remember how they were written.

YAML turns a plain ``0.10`` into the float 0.1. Where the schema wants text (a printed
output, a choice's label) the author must get what they wrote, so the reader hands
numbers over as subclasses that keep their spelling, and the loader gives it back.
"""

import math
import re
from typing import Any

from quizapp.core.errors import YamlSourceError

TAG_PREFIX = "tag:yaml.org,2002:"
"""What ``!!`` stands for in a YAML tag."""


class SourcedInt(int):
    """An int that also keeps its YAML spelling in ``source``."""

    source: str


class SourcedFloat(float):
    """A float that also keeps its YAML spelling in ``source``."""

    source: str


class UnreadableNumberError(YamlSourceError):
    """A plain number that cannot be read: too many digits, or beyond what a float holds.

    The exact reader records it and reads on, so the rest of the file is still checked.
    """


def sourced_int(value: int, source: str) -> SourcedInt:
    """Return ``value`` as a SourcedInt that remembers ``source``."""
    number = SourcedInt(value)
    number.source = source
    return number


def sourced_float(value: float, source: str) -> SourcedFloat:
    """Return ``value`` as a SourcedFloat that remembers ``source``."""
    number = SourcedFloat(value)
    number.source = source
    return number


_MAY_START_A_NON_STRING = frozenset("0123456789+-.~nNtTfF")
_NULL = re.compile(r"~|null|Null|NULL")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


MAX_INT_DIGITS = 4300
"""Longest integer read, in digits: Python refuses to convert longer ones from text."""


def resolve_plain(text: str, place: tuple[int, int] = (1, 1)) -> Any:
    """Turn a plain (unquoted, untagged) scalar into a value by the YAML 1.2 core schema.

    Args:
        text: The scalar as written.
        place: Where it is written, for a number that cannot be read.

    Raises:
        UnreadableNumberError: A number too long to read, or one that a float cannot hold.
    """
    if text == "" or _NULL.fullmatch(text):
        return None
    if text[0] not in _MAY_START_A_NON_STRING:  # most scalars are words: skip the patterns
        return text
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise UnreadableNumberError(
                f"number too long: {_shortened(text)} has more than {MAX_INT_DIGITS:,} digits "
                "(quote it if it is text)",
                *place,
            )
        return sourced_int(int(text), text)
    if _OCT.fullmatch(text):
        return sourced_int(int(text[2:], 8), text)
    if _HEX.fullmatch(text):
        return sourced_int(int(text[2:], 16), text)
    if _FLOAT.fullmatch(text):
        return sourced_float(_finite_float(text, place), text)
    if _INF.fullmatch(text):
        return sourced_float(-math.inf if text[0] == "-" else math.inf, text)
    if _NAN.fullmatch(text):
        return sourced_float(math.nan, text)
    return text


def _finite_float(text: str, place: tuple[int, int]) -> float:
    """Read a float literal, refusing one that overflows to infinity or underflows to zero."""
    value = float(text)
    if math.isinf(value):
        raise UnreadableNumberError(
            f"number too large: {_shortened(text)} is beyond what a number can hold "
            "(write .inf if you mean infinity)",
            *place,
        )
    mantissa = re.split("[eE]", text, maxsplit=1)[0]
    if value == 0.0 and mantissa.strip("+-0.") != "":
        raise UnreadableNumberError(
            f"number too small: {_shortened(text)} is closer to 0 than a number can hold (write 0)",
            *place,
        )
    return value


def _shortened(text: str) -> str:
    """Show a long number by its ends, so a message stays one readable line."""
    return text if len(text) <= 24 else f"{text[:10]}...{text[-10:]}"


def resolve_tagged(tag: str, text: str, place: tuple[int, int]) -> Any:
    """Resolve a scalar with an explicit standard tag (``!!str``, ``!!int``...), or refuse it."""
    name = tag.removeprefix(TAG_PREFIX)
    if name == "str":
        return text
    value = resolve_plain(text, place)
    expected = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(name)
    if expected is None:
        raise YamlSourceError(tag_not_allowed(tag), *place)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = sourced_float(_finite_float(text, place), text)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise YamlSourceError(f"{text!r} is not a valid !!{name}", *place)
    return value


def tag_not_allowed(tag: str | None) -> str:
    """Explain that a tag other than the standard scalar and collection ones is refused."""
    shown = "!!" + tag.removeprefix(TAG_PREFIX) if tag and tag.startswith(TAG_PREFIX) else tag
    return f"the tag {shown} is not allowed; quiz files hold plain text, numbers, lists and mappings"
