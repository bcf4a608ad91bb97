"""Typed text as grading reads it: one spelling per character, and the words that hedge or negate.

A learner's keyboard, phone or word processor may write a typographic apostrophe (U+2019),
a modifier letter apostrophe (U+02BC), a full-width one, a ligature or an invisible character
where an author's rule expects ``isn't``. ``plain_text`` gives all of these one form, so a rule about negation
words sees every negation, and an accepted answer matches however it was typed.
"""

import re
import unicodedata

_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u02b9\u02bb\u2032\u00b4\uff07\ua78c", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
        **dict.fromkeys("\u2010\u2011\u2212", "-"),
    }
)
"""Apostrophes, quotes and hyphens that other keyboards type, as their ASCII character."""
_DROPPED = frozenset({"Mn", "Cf"})
"""Combining marks and invisible format characters: they can split a word ("no\u200bt", "n\u0308ot")."""

_CUE = re.compile(
    r"(?<![\w'])(?:not sure|do not know|don't know|dont know|out[-\s]+of"
    r"|or|either|neither|nor|whether|maybe|perhaps|possibly|probably|might|unsure|uncertain|idk"
    r"|vs|versus|otherwise|else"
    r"|not|no|never|without|none|nothing|cannot)(?![\w'])"
    r"|n't(?![\w'])|(?<=\w)/(?=\w)|\|"
)
"""Words and marks that hedge between answers ("either ... or", "maybe", "in/out", "in | out",
"in vs out") or negate one; "out of" also hyphenated ("out-of-place")."""


def plain_text(text: str) -> str:
    """Return text with one form per character: NFKC, ASCII quotes and hyphens, no invisible marks.

    Combining marks are dropped too (``é`` reads as ``e``), so no mark can hide inside a word.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LOOKALIKES))
    kept = "".join(char for char in decomposed if unicodedata.category(char) not in _DROPPED)
    return unicodedata.normalize("NFKC", kept).translate(_LOOKALIKES)


def hedge_words(text: str) -> tuple[str, ...]:
    """The hedging or negating words of a plain text, case folded, each once, in order of use."""
    found = (match.group().casefold() for match in _CUE.finditer(text.casefold()))
    return tuple(dict.fromkeys(found))
