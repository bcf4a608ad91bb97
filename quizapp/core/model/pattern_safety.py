r"""Find regular expressions that can backtrack for minutes on a short answer (ReDoS).

Python's ``re`` backtracks, and grading runs an author's pattern in-process with no time
limit. Three shapes make the work grow exponentially, or as a high power of the answer's
length, and are refused when a quiz file is validated:

* a repeat without limit around a part that itself repeats without limit: ``(a+)+``,
  ``(a*)*``, ``(\w+\s?)+``;
* a repeat without limit around a choice of ways to match the same text: alternatives that
  can start with the same character (``(a|a)+``, ``(a|aa)+``), or an optional or variable
  part that the next part can also match (``(a?a)+``, ``(a{1,2})+``);
* more than two unbounded repeats in a row that can all match one character, with nothing
  between them that they could not match too: ``.*.*.*x``, ``(.*a){3}``.

Character sets are judged on a sample alphabet (printable ASCII and a few other letters),
and case is ignored, so the check errs towards refusing; the message says how to rewrite.
"""

import string
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # typeshed describes the parser under its old, deprecated name
    import sre_constants as constants
    import sre_parse as parser
else:
    from re import _constants as constants
    from re import _parser as parser

_ALPHABET = frozenset(string.printable) | frozenset("\u00e9\u00df\u00a0\u4e2d")
"""The characters character sets are judged on."""
_MOST_IN_A_ROW = 2
"""Unbounded repeats in a row that may take the same character (each one more multiplies the work)."""
_REPEATS = (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None))
_ATOMIC = (getattr(constants, "ATOMIC_GROUP", None),)
_ZERO_WIDTH = (constants.AT, constants.ASSERT, constants.ASSERT_NOT)
_CATEGORIES: dict[object, Callable[[str], bool]] = {
    constants.CATEGORY_DIGIT: str.isdigit,
    constants.CATEGORY_NOT_DIGIT: lambda char: not char.isdigit(),
    constants.CATEGORY_SPACE: str.isspace,
    constants.CATEGORY_NOT_SPACE: lambda char: not char.isspace(),
    constants.CATEGORY_WORD: lambda char: char.isalnum() or char == "_",
    constants.CATEGORY_NOT_WORD: lambda char: not (char.isalnum() or char == "_"),
}
"""What ``\\d``, ``\\s``, ``\\w`` and their opposites match (any other category: assume all)."""

NESTED = (
    "this pattern can take exponential time on a long answer: a part repeated without limit "
    "(+, *, {n,}) holds another part repeated without limit, as in (a+)+ or (\\w+\\s?)+; "
    "repeat only one of them, e.g. a+ or \\w+(\\s\\w+)*"
)
AMBIGUOUS = (
    "this pattern can take exponential time on a long answer: a part repeated without limit can "
    "match the same text in more than one way, as in (a|aa)+ or (a?a)+; make its alternatives "
    "start differently, e.g. (a|b)+, or repeat a single character, e.g. a+"
)
IN_A_ROW = (
    "this pattern can take minutes on a long answer: more than two parts in a row repeat without "
    "limit over the same characters, as in .*.*.*x or (.*a){3}; keep at most two, or make the "
    "characters they take differ, e.g. [^,]*,.*"
)

_Items = Any
"""A parsed (sub)pattern: a sequence of (opcode, argument) pairs."""


def pattern_problem(pattern: str) -> str | None:
    """Return why ``pattern`` can backtrack for far too long, or None when it cannot.

    Args:
        pattern: A regular expression that compiles.
    """
    items = parser.parse(pattern)
    for check in (_repeat_problem, _in_a_row_problem):
        if problem := check(items):
            return problem
    return None


def _is_unbounded(op: object, av: Any) -> bool:
    return op in _REPEATS and av[1] == constants.MAXREPEAT


def _children(op: object, av: Any) -> Iterator[_Items]:
    """The parsed subpatterns directly inside one item."""
    if op in _REPEATS:
        yield av[2]
    elif op == constants.SUBPATTERN:
        yield av[-1]
    elif op in _ATOMIC:
        yield av
    elif op == constants.BRANCH:
        yield from av[1]
    elif op in (constants.ASSERT, constants.ASSERT_NOT):
        yield av[1]
    elif op == constants.GROUPREF_EXISTS:
        yield from (branch for branch in av[1:] if branch is not None)


def _walk(items: _Items) -> Iterator[tuple[object, Any]]:
    """Every item of a parsed pattern, at any depth."""
    for op, av in items:
        yield op, av
        for child in _children(op, av):
            yield from _walk(child)


def _repeat_problem(items: _Items) -> str | None:
    """Whether a repeat without limit can split the same text into rounds in more than one way."""
    for op, av in _walk(items):
        if _is_unbounded(op, av) and (problem := _ambiguous_body(av[2])):
            return problem
    return None


def _ambiguous_body(body: _Items) -> str | None:
    flat = list(_flat(body))
    for index, (op, av) in enumerate(flat):
        rest = flat[index + 1 :]
        follow = _first(rest) | (_first(body) if _nullable(rest) else frozenset())  # or the next round
        if (op in _REPEATS and av[0] != av[1]) or op == constants.BRANCH:  # its length varies
            ends = _item_last(op, av) | (_item_first(op, av) if _item_nullable(op, av) else frozenset())
            if ends & follow:
                return NESTED if _is_unbounded(op, av) else AMBIGUOUS
        deeper = (inner for child in _children(op, av) for inner in _walk(child))
        if op != constants.BRANCH and not _is_unbounded(op, av) and any(_is_unbounded(*i) for i in deeper):
            return NESTED  # deeper than the body's own sequence: judged unsafe unseen
    for op, av in _walk(body):
        if op == constants.BRANCH and _same_text(av[1]):
            return AMBIGUOUS
    return None


def _same_text(branches: list[_Items]) -> bool:
    """Whether two alternatives may match the same text: a common first character, or both empty."""
    if sum(_nullable(branch) for branch in branches) > 1:
        return True
    return _overlapping([_first(branch) for branch in branches])


def _overlapping(sets: list[frozenset[str]]) -> bool:
    seen: set[str] = set()
    for chars in sets:
        if seen & chars:
            return True
        seen |= chars
    return False


def _in_a_row_problem(items: _Items) -> str | None:
    sequences = [items, *(child for op, av in _walk(items) for child in _children(op, av))]
    for sequence in sequences:
        count, common = 0, frozenset[str]()
        for op, av in _expanded(_flat(sequence)):
            if _is_unbounded(op, av):
                chars = _chars(av[2])
                count, common = (count + 1, common & chars) if count and common & chars else (1, chars)
                if count > _MOST_IN_A_ROW:
                    return IN_A_ROW
            elif not (_item_nullable(op, av) or _item_chars(op, av) <= common):
                count, common = 0, frozenset()
    return None


def _flat(items: Iterable[tuple[object, Any]]) -> Iterator[tuple[object, Any]]:
    """A sequence with its groups opened: ``(a)(b)`` reads as ``ab``."""
    for op, av in items:
        if op == constants.SUBPATTERN:
            yield from _flat(av[-1])
        else:
            yield op, av


def _expanded(items: Iterable[tuple[object, Any]]) -> Iterator[tuple[object, Any]]:
    """A sequence with each bounded repeat of an unbounded one written out: ``(.*a){3}``."""
    for op, av in items:
        if op in _REPEATS and av[1] != constants.MAXREPEAT and any(_is_unbounded(*i) for i in _walk(av[2])):
            for _ in range(min(av[1], _MOST_IN_A_ROW + 1)):
                yield from _expanded(_flat(av[2]))
        else:
            yield op, av


def _chars(items: _Items) -> frozenset[str]:
    """Every character a match of the subpattern may hold."""
    return frozenset().union(*(_item_chars(op, av) for op, av in items))


def _item_chars(op: object, av: Any) -> frozenset[str]:
    if op in (constants.LITERAL, constants.NOT_LITERAL, constants.ANY, constants.IN):
        return _one_char(op, av)
    if op == constants.GROUPREF:
        return _ALPHABET
    if op in _ZERO_WIDTH:
        return frozenset()
    return frozenset().union(*(_chars(child) for child in _children(op, av)))


def _first(items: _Items, *, last: bool = False) -> frozenset[str]:
    """The characters a match of the subpattern may start with (``last``: items reversed, end with)."""
    first: set[str] = set()
    for op, av in items:
        first |= _item_last(op, av) if last else _item_first(op, av)
        if not _item_nullable(op, av):
            break
    return frozenset(first)


def _item_first(op: object, av: Any, *, last: bool = False) -> frozenset[str]:
    if op in (constants.LITERAL, constants.NOT_LITERAL, constants.ANY, constants.IN):
        return _one_char(op, av)
    if op == constants.GROUPREF:
        return _ALPHABET
    if op in _ZERO_WIDTH or (op in _REPEATS and av[1] == 0):
        return frozenset()
    return frozenset().union(*(_last(child) if last else _first(child) for child in _children(op, av)))


def _item_last(op: object, av: Any) -> frozenset[str]:
    return _item_first(op, av, last=True)


def _last(items: _Items) -> frozenset[str]:
    """The characters a match of the subpattern may end with."""
    return _first(list(items)[::-1], last=True)


def _nullable(items: _Items) -> bool:
    """Whether the subpattern can match the empty string."""
    return all(_item_nullable(op, av) for op, av in items)


def _item_nullable(op: object, av: Any) -> bool:
    if op in (constants.LITERAL, constants.NOT_LITERAL, constants.ANY, constants.IN):
        return False
    if op in _REPEATS:
        return bool(av[0] == 0 or _nullable(av[2]))
    if op == constants.SUBPATTERN or op in _ATOMIC or op == constants.BRANCH:
        return any(_nullable(child) for child in _children(op, av))
    return True  # zero-width assertions, and a back reference may match nothing


def _one_char(op: object, av: Any) -> frozenset[str]:
    """The characters one character item matches, with either case of each (worked out once)."""
    key = (op, repr(av))
    if (known := _ONE_CHAR.get(key)) is None:
        known = _ONE_CHAR[key] = _one_char_now(op, av)
    return known


_ONE_CHAR: dict[tuple[object, str], frozenset[str]] = {}
"""``_one_char``'s answers: a bank's patterns share their classes (``\\s``, ``[a-z]``, ``.``)."""


def _one_char_now(op: object, av: Any) -> frozenset[str]:
    if op == constants.LITERAL:
        chars = frozenset({chr(av)})
    elif op == constants.NOT_LITERAL:
        chars = _ALPHABET - {chr(av)}
    elif op == constants.ANY:
        chars = _ALPHABET - {"\n"}
    else:
        chars = frozenset(char for char in _ALPHABET if _in_set(av, char))
    return chars | {char.swapcase() for char in chars if len(char.swapcase()) == 1}


def _in_set(members: Any, char: str) -> bool:
    r"""Whether a character set (``[...]``, a class such as ``\w``, ``[^a-z]``) holds a character."""
    negated, held = False, False
    for op, av in members:
        if op == constants.NEGATE:
            negated = True
        elif op == constants.LITERAL:
            held |= char == chr(av)
        elif op == constants.RANGE:
            held |= av[0] <= ord(char) <= av[1]
        elif op == constants.CATEGORY:
            held |= _CATEGORIES[av](char) if av in _CATEGORIES else True
        else:  # anything newer: assume it may match
            held = True
    return held != negated
