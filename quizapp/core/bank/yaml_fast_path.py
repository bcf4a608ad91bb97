"""A fast path for reading ordinary quiz files, used only where it agrees with the exact reader.

``quizapp.core.bank.yaml_reader`` is the reference: it knows where every value is written and
applies every rule. It is also slow, because PyYAML hands each token to Python. Most quiz
files are plain mappings, lists and scalars; for those, the Rust parser ``yaml_rs`` builds the
same values many times faster. Its rules differ in corners (it accepts tabs and unknown tags,
reads ``1_000`` and ``0b101`` as numbers, expands aliases), so a file that contains anything
that could reach such a corner is left to the exact reader, as is any file yaml_rs refuses.
A differential test checks both readers agree on every file the fast path accepts.
"""

import re
from typing import Any

try:
    import yaml_rs
except ImportError:  # pragma: no cover - yaml_rs is a dependency; the exact reader still works
    yaml_rs = None  # type: ignore[assignment]

# Each pattern opens with a literal character or set, so the regex engine skims for it;
# what must precede it is checked behind it.
_TAG = re.compile(r"!(?<![^\s\[{,]!)[^\s=]")
"""A tag such as ``!!str`` or ``!custom`` (``Careful!`` and ``a != b`` are no tags)."""
_ANCHOR = re.compile(r"&[^\s]")
_COMPLEX_KEY = re.compile(r"\?(?=[ \n]|$)")
_UNDERSCORED_NUMBER = re.compile(r"_(?<=[0-9]_)[0-9]")
_PREFIXED_NUMBER = re.compile(r"0(?<![\w.]0)[bBxXoO]")
"""``1_000``, ``0b101``, ``0x1F``, ``0o17``: spellings the two readers read differently."""
_EXTREME_NUMBER = re.compile(r"[0-9]{300}|[eE](?<=[0-9.][eE])[-+]?[0-9]{3}")
"""A run of 300 digits or a three-digit exponent: a number that may be too long, too large or
too small to read, which the exact reader reports at its place and yaml_rs reads as
infinity or zero."""
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""A character YAML does not allow in a stream (a NUL, say), which yaml_rs lets through.

It is the complement of YAML's printable set (tab, line feed, carriage return, U+0020-U+007E,
U+0085, U+00A0-U+D7FF, U+E000-U+FFFD, U+10000 and above), written as the few ranges left out,
which compiles in a fraction of the time the printable set takes.
"""
_UNUSUAL_BREAK = re.compile("[\x85\u2028\u2029]")
"""U+0085, U+2028, U+2029: text in YAML 1.2, which yaml_rs reads in its own way in corners
(U+0085 in double quotes); the exact reader reads them as text and counts lines as an editor."""
_DOCUMENT_MARKERS = ("---", "...", "%")
_DOCUMENT_MARKER_LINE = re.compile(r"\n(?:---|\.\.\.|%)")
_VALUE_OPENERS = (":", "-", "[", "{", ",")


def _needs_exact_reader(text: str) -> bool:
    """Tell whether ``text`` holds anything the fast reader might read differently."""
    if "\t" in text or "<<" in text:  # tabs (yaml_rs allows them), merge keys
        return True
    if not text.endswith("\n"):  # a block scalar cut off at the end: yaml_rs adds a line break
        return True
    if _NOT_PRINTABLE.search(text) or _UNUSUAL_BREAK.search(text):
        return True
    if text.startswith(_DOCUMENT_MARKERS) or _DOCUMENT_MARKER_LINE.search(text):
        return True
    if _UNDERSCORED_NUMBER.search(text) or _PREFIXED_NUMBER.search(text):
        return True
    if _EXTREME_NUMBER.search(text):
        return True
    # ``!tag`` and ``&name`` where YAML expects a value are a tag and an anchor (``"Expected
    # !x"`` in prose, ``**bold**`` and ``f([*args])`` in code are not). An alias with no anchor
    # cannot resolve, and yaml_rs refuses it, so the exact reader then reports it in its place.
    for pattern in (_TAG, _ANCHOR):
        if any(_opens_a_value(text, match.start()) for match in pattern.finditer(text)):
            return True
    # ``?`` alone at a line's start is a complex key.
    return any(_opens_a_value(text, match.start(), "-") for match in _COMPLEX_KEY.finditer(text))


def _opens_a_value(text: str, at: int, openers: str | tuple[str, ...] = _VALUE_OPENERS) -> bool:
    """Tell whether position ``at`` starts a line's content or follows a YAML indicator."""
    before = text[text.rfind("\n", 0, at) + 1 : at].rstrip(" ")
    return before == "" or (before.endswith(openers) and at > 0 and text[at - 1] in " [{,")


def read_plain_yaml(text: str) -> dict[str, Any] | None:
    """Return the mapping a plain quiz file holds, or None to defer to the exact reader.

    None means "not sure", never "broken": the caller then reads the file with
    ``quizapp.core.bank.yaml_reader.read_yaml``, which reports any problem at its place.
    """
    if yaml_rs is None or _needs_exact_reader(text):
        return None
    try:
        value = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except (ValueError, TypeError, RecursionError, OverflowError):
        return None
    return value if isinstance(value, dict) else None
