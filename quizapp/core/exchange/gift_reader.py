r"""Reading GIFT: multiple choice, true/false, numerical, short answer and essay questions as items.

Categories (``$CATEGORY:``), titles (``::title::``), text formats (``[markdown]``, ``[html]``),
answer feedback (``#``), weights (``%50%``), general feedback (``####``) and the
``// quizapp-explain:`` line ``gift`` writes before an explain question are read;
escapes (``\\~`` and the others, ``\\n``) are undone. Matching questions and anything else
this reader does not know are listed as left out, never dropped in silence.
"""

import re

from quizapp.core.exchange.explain_data import find_explain_data
from quizapp.core.exchange.foreign_text import as_markdown
from quizapp.core.exchange.import_numbers import NotImportableError, foreign_number
from quizapp.core.exchange.items import (
    ChoiceItem,
    ChoiceOption,
    Concept,
    EssayItem,
    Item,
    ItemHead,
    LeftOut,
    NumericItem,
    Sample,
    ShortAnswerItem,
    TrueFalseItem,
)

_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def unescape(text: str) -> str:
    r"""GIFT text as it reads: ``\n`` a line break, ``\X`` the character X."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append("\n" if following == "n" else following)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """``text`` cut before each unescaped separator: ``(separator, piece)`` pairs (the first has "")."""
    pieces: list[tuple[str, str]] = []
    mark, start, index = "", 0, 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in separators:
            pieces.append((mark, text[start:index]))
            mark, start = text[index], index + 1
        index += 1
    pieces.append((mark, text[start:]))
    return pieces


def _find_unescaped(text: str, target: str, start: int = 0) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def read_gift(text: str) -> tuple[list[Item], list[LeftOut]]:
    """Every question of a GIFT file as an item, and those it cannot read with the reason.

    Args:
        text: The GIFT file's contents.

    Returns:
        The items in file order, and the questions left out.
    """
    items: list[Item] = []
    left_out: list[LeftOut] = []
    category, tags = "Imported", tuple[str, ...]()
    kept: tuple[str, tuple[Concept, ...], tuple[Sample, ...]] | None = None
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("//"):
            if stripped.startswith("// tags:"):
                tags = tuple(stripped.removeprefix("// tags:").split())
            elif (found := find_explain_data(stripped)) is not None:
                kept = found
            continue
        if stripped.startswith("$CATEGORY:"):
            category = category_title(stripped.removeprefix("$CATEGORY:").strip())
            continue
        if stripped:
            block.append(line)
            continue
        if block:
            number = len(items) + len(left_out) + 1
            try:
                made = _question("\n".join(block), category, tags, number)
            except NotImportableError as why:
                made = LeftOut(_block_name(block, number), str(why))
            if isinstance(made, EssayItem) and kept is not None:
                made = EssayItem(made.head, *kept)
            if isinstance(made, LeftOut):
                left_out.append(made)
            else:
                items.append(made)
            block, tags, kept = [], (), None
    return items, left_out


def _block_name(block: list[str], number: int) -> str:
    """The name a question block gives itself (``::name::``), or its number."""
    body = "\n".join(block).strip()
    end = _find_unescaped(body, "::", 2) if body.startswith("::") else -1
    return (unescape(body[2:end]).strip() if end > 2 else "") or f"question-{number}"


def category_title(path: str) -> str:
    """The last part of a category path (``//`` is a slash inside a name)."""
    return re.split(r"(?<!/)/(?!/)", path)[-1].replace("//", "/") or "Imported"


def _question(source: str, category: str, tags: tuple[str, ...], number: int) -> Item | LeftOut:
    name = f"question-{number}"
    body = source.strip()
    if body.startswith("::"):
        end = _find_unescaped(body, "::", 2)
        if end < 0:
            return LeftOut(name, "its title has no closing '::'")
        name, body = unescape(body[2:end]).strip() or name, body[end + 2 :]
    text_format = "moodle"
    if found := _FORMAT.match(body):
        text_format, body = found.group(1), body[found.end() :]
    opening = _find_unescaped(body, "{")
    closing = _find_unescaped(body, "}", opening + 1) if opening >= 0 else -1
    if opening < 0 or closing < 0:
        return LeftOut(name, "no answer block '{...}' was found (a description is not a question)")
    after = body[closing + 1 :].strip()
    prompt = unescape(body[:opening]).strip() + (" _____ " + unescape(after) if after else "")
    answers, _, general = body[opening + 1 : closing].partition("####")
    if _find_unescaped(answers, "->") >= 0:
        return LeftOut(name, "matching questions have no quizapp equivalent")
    head = ItemHead(
        id=name,
        category=category,
        prompt=as_markdown(prompt, "html" if text_format == "html" else "markdown"),
        explanation=as_markdown(unescape(general), "html" if text_format == "html" else "markdown"),
        tags=tags,
    )
    return _answers(head, answers.strip())


def _answers(head: ItemHead, answers: str) -> Item | LeftOut:
    if not answers:
        return EssayItem(head)
    if answers.startswith("#"):
        return _numeric(head, answers[1:])
    if (word := _split_unescaped(answers, "#")[0][1].strip()).upper() in ("T", "TRUE", "F", "FALSE"):
        return TrueFalseItem(head, word.upper().startswith("T"))
    options: list[ChoiceOption] = []
    marks: list[str] = []
    for mark, piece in _split_unescaped(answers, "=~"):
        if not mark:
            if piece.strip():
                return LeftOut(head.id, f"text before the first answer: {piece.strip()!r}")
            continue
        weight_text = piece.strip()
        fraction = 1.0 if mark == "=" else 0.0
        if weight := _WEIGHT.match(weight_text):
            fraction = foreign_number(weight.group(1), "the answer weight") / 100
            weight_text = weight_text[weight.end() :]
        text, _, feedback = (unescape(part).strip() for part in _feedback_split(weight_text))
        options.append(ChoiceOption(text, fraction, feedback))
        marks.append(mark)
    if not options:
        return LeftOut(head.id, "its answer block holds no answer")
    if "~" not in marks:
        return ShortAnswerItem(head, tuple(option.text for option in options if option.fraction > 0))
    positive = [option for option in options if option.fraction > 0]
    # GIFT has no "one answer / several answers" switch: a penalty for a wrong pick marks a
    # multiple-answer question even when only one answer is right (as quizapp's export writes it).
    penalties = any(option.fraction < 0 for option in options)
    single = len(positive) == 1 and positive[0].fraction == 1.0 and not penalties
    return ChoiceItem(head, tuple(options), single=single)


def _feedback_split(text: str) -> tuple[str, str, str]:
    pieces = _split_unescaped(text, "#")
    if len(pieces) == 1:
        return text, "", ""
    cut = len(pieces[0][1])
    return text[:cut], "#", text[cut + 1 :]


def _numeric(head: ItemHead, answers: str) -> Item | LeftOut:
    first = _split_unescaped(answers, "=")[-1][1] if answers.lstrip().startswith("=") else answers
    value = _split_unescaped(first, "#")[0][1].strip()
    value = _WEIGHT.sub("", value)
    if found := re.fullmatch(rf"({_NUMBER})\s*:\s*({_NUMBER})", value):
        tolerance = foreign_number(found.group(2), "the tolerance")
        return NumericItem(head, foreign_number(found.group(1), "the numerical answer"), abs(tolerance))
    if found := re.fullmatch(rf"({_NUMBER})\s*\.\.\s*({_NUMBER})", value):
        low = foreign_number(found.group(1), "the range's low end")
        high = foreign_number(found.group(2), "the range's high end")
        return NumericItem(head, (low + high) / 2, abs(high - low) / 2)
    if re.fullmatch(_NUMBER, value):
        return NumericItem(head, foreign_number(value, "the numerical answer"))
    return LeftOut(head.id, f"the numerical answer {value!r} is not a number")
