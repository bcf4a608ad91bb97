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


def resolve_plain(text: str) -> Any:
    """Turn a plain (unquoted, untagged) scalar into a value by the YAML 1.2 core schema."""
    if text == "" or _NULL.fullmatch(text):
        return None
    if text[0] not in _MAY_START_A_NON_STRING:  # most scalars are words: skip the patterns
        return text
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return sourced_int(int(text), text)
    if _OCT.fullmatch(text):
        return sourced_int(int(text[2:], 8), text)
    if _HEX.fullmatch(text):
        return sourced_int(int(text[2:], 16), text)
    if _FLOAT.fullmatch(text):
        return sourced_float(float(text), text)
    if _INF.fullmatch(text):
        return sourced_float(-math.inf if text[0] == "-" else math.inf, text)
    if _NAN.fullmatch(text):
        return sourced_float(math.nan, text)
    return text


def resolve_tagged(tag: str, text: str, place: tuple[int, int]) -> Any:
    """Resolve a scalar with an explicit standard tag (``!!str``, ``!!int``...), or refuse it."""
    name = tag.removeprefix(TAG_PREFIX)
    if name == "str":
        return text
    value = resolve_plain(text)
    expected = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(name)
    if expected is None:
        raise YamlSourceError(tag_not_allowed(tag), *place)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = sourced_float(float(value), text)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise YamlSourceError(f"{text!r} is not a valid !!{name}", *place)
    return value


def tag_not_allowed(tag: str | None) -> str:
    """Explain that a tag other than the standard scalar and collection ones is refused."""
    shown = "!!" + tag.removeprefix(TAG_PREFIX) if tag and tag.startswith(TAG_PREFIX) else tag
    return f"the tag {shown} is not allowed; quiz files hold plain text, numbers, lists and mappings"
