"""Text from a learner made safe to print on a grader's terminal: no escapes, no control codes."""

import re
import unicodedata

_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                      # CSI: colours, cursor moves, clear screen
    |\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)        # OSC, DCS, SOS, PM, APC: window title, ...
    |\x9b[0-?]*[ -/]*[@-~]?                       # CSI in its 8-bit form
    |[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)  # OSC, DCS... in their 8-bit forms
    |\x1b[ -/]*[0-~]?                             # any other escape (ESC c resets the terminal)
    """,
    re.VERBOSE | re.DOTALL,
)
"""Escape sequences a terminal acts on, with their parameters and text (ECMA-48)."""
_INVISIBLE_FORMATS = {"\u200e", "\u200f", "\u061c"} | {chr(c) for c in range(0x202A, 0x202F)}
_INVISIBLE_FORMATS |= {chr(c) for c in range(0x2066, 0x206A)}
"""Bidirectional overrides and marks, which reorder what the grader reads."""


def terminal_safe(text: str) -> str:
    r"""``text`` with every escape sequence and control character taken out.

    A learner's name ``"bob\x1b]0;pwned\x07"`` prints as ``"bob"``: the window title stays.
    Line breaks, carriage returns and tabs become a space, so one record stays on one line
    and ``\r`` cannot overwrite what was printed before it. Bidirectional overrides go too.

    Args:
        text: Text that came from a learner's file (a name, an answer, a question id).
    """
    without_escapes = _ESCAPE_SEQUENCE.sub("", text)
    kept = []
    for character in without_escapes:
        if character in "\n\r\t\v\f":
            kept.append(" ")
        elif unicodedata.category(character) != "Cc" and character not in _INVISIBLE_FORMATS:
            kept.append(character)
    return "".join(kept)


def escape_controls(text: str, *, keep: str = "\n\t") -> str:
    r"""``text`` with every control character written out as an escape a person can read.

    For showing a learner's answer or a run's output verbatim: ``"\x1b[2J"`` shows as the
    six characters ``\x1b[2J`` instead of clearing the screen. Bidirectional overrides are
    written out the same way (``\u202e``).

    Args:
        text: Text to show.
        keep: Control characters shown as they are (by default line breaks and tabs).
    """
    shown = []
    for character in text:
        if character in keep or (
            unicodedata.category(character) != "Cc" and character not in _INVISIBLE_FORMATS
        ):
            shown.append(character)
        elif ord(character) < 0x100:
            shown.append(f"\\x{ord(character):02x}")
        else:
            shown.append(f"\\u{ord(character):04x}")
    return "".join(shown)
