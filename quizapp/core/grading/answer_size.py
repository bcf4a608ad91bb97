"""How long an answer may be, and how much of one a message quotes.

No answer to a question of this bank needs to be long: in the shipped bank the longest
solution of a code task is 469 characters and the longest model explanation 544. An answer of
megabytes (a file pasted by mistake, or sent on purpose) used to be graded all the same:
an explanation took seconds to match, was stored whole, made a submission too large for a
grader to read and came back whole in its feedback. So every answer is measured before it is
graded, live or re-graded alike, and one longer than :data:`MOST_ANSWER_CHARS` is refused
with its length (see :func:`~quizapp.core.grading.response_grading.grade_response`).
"""

MOST_ANSWER_CHARS = 20_000
"""The longest answer graded: some 40 times the longest solution in the shipped bank."""

MOST_QUOTED_CHARS = 60
"""The most of an answer a message quotes back."""


def answer_chars(raw: object) -> int:
    """How many characters an answer holds: its text, or every text in a list (or mapping) of them.

    A list counts one more character per item, so a list of a million empty picks is long too.
    Nesting is walked without recursion: a re-graded file may nest as deep as JSON allows.
    """
    chars = 0
    waiting = [raw]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):
            chars += len(item)
        elif isinstance(item, list | tuple):
            chars += len(item)
            waiting.extend(item)
        elif isinstance(item, dict):
            chars += len(item)
            waiting.extend(item.keys())
            waiting.extend(item.values())
    return chars


def too_long(raw: object) -> str | None:
    """Why ``raw`` is too long to grade, or None when its length is fine."""
    chars = answer_chars(raw)
    if chars <= MOST_ANSWER_CHARS:
        return None
    return f"this answer is {chars:,} characters long; an answer may be at most {MOST_ANSWER_CHARS:,}"


def too_long_sentence(raw: object) -> str | None:
    """:func:`too_long` as a sentence to show a learner (capitalised, with its full stop), or None."""
    why = too_long(raw)
    return None if why is None else f"{why[0].upper()}{why[1:]}."


def quoted(text: str) -> str:
    """``text`` as ``repr`` writes it, cut to about ``MOST_QUOTED_CHARS`` characters with its length said."""
    if len(text) <= MOST_QUOTED_CHARS:
        return repr(text)
    return f"{text[:MOST_QUOTED_CHARS]!r}… ({len(text):,} characters)"
