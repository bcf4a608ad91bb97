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
