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
    r"(?<![\w'])(?:not sure|do not know|don't know|dont know|out[-\s]*of|out[-\s]*place"
    r"|or|either|neither|nor|whether|both|plus|maybe|perhaps|possibly|probably|might|unsure|uncertain|idk"
    r"|vs|versus|otherwise|else|instead|alternatively|rather"
    r"|wrong|incorrect|false|untrue"
    r"|not|no|never|without|none|nothing|cannot)(?![\w'])"
    r"|n't(?![\w'])|/|\|"
)
"""Words and marks that hedge between answers ("either ... or", "maybe", "both", "in/out",
"in | out", "in vs out"), disown one ("wrong", "false", "instead") or negate one; "out of"
also hyphenated ("out-of-place"), "out place" also "out-place" and "outplace"."""
_LISTED = re.compile(r"[,;+&](?=.*\w)")
"""Marks that add a second answer to a first ("A, B", "A; B", "A + B", "A & B") when they
stand outside brackets: inside them they separate a call's arguments."""
_CODE_NAME = re.compile(r"(?<![\w.])(?:[a-z_]\w*\.)*(?:([a-z_]\w*)(?=\()|(\w*_\w*))")
"""A name of code: one that is called ("step()") or holds an underscore ("clip_grad_value_"),
with any module path before it ("torch.nn.utils."), which is not part of the name."""


def plain_text(text: str) -> str:
    """Return text with one form per character: NFKC, ASCII quotes and hyphens, no invisible marks.

    Combining marks are dropped too (``é`` reads as ``e``), so no mark can hide inside a word.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LOOKALIKES))
    kept = "".join(char for char in decomposed if unicodedata.category(char) not in _DROPPED)
    return unicodedata.normalize("NFKC", kept).translate(_LOOKALIKES)


def hedge_words(text: str) -> tuple[str, ...]:
    """The hedging, disowning or negating words of a plain text, case folded, each once, in order of use.

    Besides ``_CUE``'s words and marks, an answer hedges where it gives a second answer
    beside the first: a list mark outside brackets (``_LISTED``: "A, B", "A + B"), or a second
    name of code outside brackets ("clip_grad_value_() clip_grad_norm_()"), which is reported
    as that name. Arguments inside a call's brackets ("unscale_(optimizer)", "f(a, b)") are
    neither.
    """
    text = text.casefold()
    found = [(match.start(), match.group()) for match in _CUE.finditer(text)]
    outside = _outside_brackets(text)
    found += [(match.start(), match.group()) for match in _LISTED.finditer(outside)]
    names = [(match.start(), match.group(1) or match.group(2)) for match in _CODE_NAME.finditer(outside)]
    found += [(start, name) for start, name in names if name != names[0][1]]
    return tuple(dict.fromkeys(word for _, word in sorted(found)))


def _outside_brackets(text: str) -> str:
    """``text`` with what stands inside brackets as spaces, at the same places; outer brackets kept."""
    depth, kept = 0, []
    for char in text:
        closing = char in ")]}" and depth > 0
        depth -= closing
        kept.append(char if depth == 0 else " ")
        depth += char in "([{"
    return "".join(kept)
