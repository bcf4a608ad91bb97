r"""Characters no text of a quiz file may hold: those a terminal acts on, and those that reorder text.

YAML keeps raw control characters out of a file, but a double-quoted string can still write
one as an escape (``"\e[2J"``, ``"\x07"``, ``"\u202e"``). Shown in the app, such a character
reaches the learner's terminal, which obeys it: it clears the screen, colours what follows,
sets the window title, or (a bidirectional override) shows code in another order than it
runs. No question about gradient clipping needs one, so the schema refuses them all, except
the tab and the line breaks that text is written with.
"""

import re

_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab, line feed and U+0085 (a line break to YAML 1.1), DEL, and the
bidirectional marks, embeddings, overrides and isolates."""

_NAMES = {
    "\x00": "a NUL",
    "\x07": "a bell",
    "\x08": "a backspace",
    "\x0d": "a carriage return",
    "\x1b": "an escape",
    "\x7f": "a delete",
    "\x9b": "an escape",
}


holds_refused = _REFUSED.search
"""Whether a text holds a refused character (a match, or None): the schema's check on every
text it validates, so one call and no more."""


def refused_characters(text: str) -> str:
    """The characters of ``text`` that no quiz text may hold, named ("U+001B (an escape)"); "" if none."""
    if _REFUSED.search(text) is None:
        return ""
    found = sorted(set(_REFUSED.findall(text)))
    named = []
    for character in found[:5]:
        kind = _NAMES.get(character) or (
            "a control character" if ord(character) < 0x100 else "a bidirectional control"
        )
        named.append(f"U+{ord(character):04X} ({kind})")
    return ", ".join(named) + (", …" if len(found) > 5 else "")
