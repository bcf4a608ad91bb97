"""Reading Moodle XML (with defusedxml): the common question types as items.

``multichoice``, ``truefalse``, ``numerical``, ``shortanswer`` and ``essay`` are read, with
their categories, feedback, hints, tags and grades; an essay's grader information written by
``moodle_xml`` gives back its model answer and concepts (with their ids, steps in order and
the question's sample answers, from the ``explain_data`` line). Any other type (``coderunner``,
``matching``, ``cloze``, ...) is listed as left out with its type, never dropped in silence.
"""

import re
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException, DTDForbidden

from quizapp.core.errors import QuizAppError
from quizapp.core.exchange.explain_data import find_explain_data
from quizapp.core.exchange.foreign_text import as_markdown
from quizapp.core.exchange.gift_reader import category_title
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
    ShortAnswerItem,
    TrueFalseItem,
)
from quizapp.core.exchange.moodle_xml import CONCEPTS_HEADING, MODEL_ANSWER_HEADING

_CONCEPT_LINE = re.compile(r"^- (?P<name>.+) \(phrases: (?P<phrases>.+)\)$")


class ForeignBankError(QuizAppError):
    """A file to import could not be read as the format it claims to be."""


def read_moodle_xml(data: bytes) -> tuple[list[Item], list[LeftOut]]:
    """Every question of a Moodle XML file as an item, and those it cannot read with the reason.

    Args:
        data: The file's bytes.

    Returns:
        The items in file order, and the questions left out.

    Raises:
        ForeignBankError: The file is not well-formed XML, declares a document type (where entity
            bombs and external entities live), or is not a ``<quiz>``.
    """
    try:
        # Moodle XML never has a DOCTYPE: refusing any keeps out entities and external references alike.
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden as error:
        raise ForeignBankError(
            f"refused: the file declares a document type (<!DOCTYPE {error.name}>), where XML entities and "
            "external references live (an entity bomb or a file read); Moodle XML has none, and quizapp "
            "never expands entities or fetches anything"
        ) from None
    except DefusedXmlException as error:
        raise ForeignBankError(
            f"refused: the file uses XML entities or external references ({error})"
        ) from None
    except ET.ParseError as error:
        raise ForeignBankError(f"not a Moodle XML file: {error}") from None
    except (LookupError, ValueError) as error:  # an encoding Python does not know, or cannot use
        raise ForeignBankError(f"not a readable Moodle XML file: {error}") from None
    if root.tag != "quiz":
        raise ForeignBankError(f"not a Moodle XML file: its root element is <{root.tag}>, not <quiz>")
    items: list[Item] = []
    left_out: list[LeftOut] = []
    category = "Imported"
    for number, question in enumerate(root.iter("question"), start=1):
        kind = question.get("type", "")
        if kind == "category":
            category = category_title(_text(question, "category"))
            continue
        try:
            made = _question(kind, question, category, number)
        except NotImportableError as why:
            made = LeftOut(_text(question, "name").strip() or f"question-{number}", str(why))
        if isinstance(made, LeftOut):
            left_out.append(made)
        else:
            items.append(made)
    return items, left_out


def _text(parent: ET.Element, tag: str) -> str:
    """The ``<text>`` of ``parent``'s child ``tag`` (empty when absent)."""
    child = parent.find(tag)
    if child is None:
        return ""
    text = child.find("text")
    return (text.text if text is not None else child.text) or ""


def _markdown(parent: ET.Element, tag: str) -> str:
    child = parent.find(tag)
    return "" if child is None else as_markdown(_text(parent, tag), child.get("format", "html"))


def _head(question: ET.Element, category: str, number: int) -> ItemHead:
    grade = question.findtext("defaultgrade") or "1"
    tags = tuple(tag.findtext("text") or "" for tag in question.findall("tags/tag"))
    return ItemHead(
        id=_text(question, "name").strip() or f"question-{number}",
        category=category,
        prompt=_markdown(question, "questiontext"),
        explanation=_markdown(question, "generalfeedback"),
        hints=tuple(
            hint for element in question.findall("hint") if (hint := as_markdown(_text(element, "."), "html"))
        ),
        points=foreign_number(grade, "the default grade", default=1.0),
        tags=tuple(tag.strip() for tag in tags if tag.strip()),
    )


def _answers(question: ET.Element) -> list[tuple[float, str, str, str]]:
    """Each answer as (fraction, its text as written, its text as Markdown, its feedback)."""
    found = []
    for answer in question.findall("answer"):
        raw = answer.findtext("text") or ""
        feedback = answer.find("feedback")
        feedback_text = (
            ""
            if feedback is None
            else as_markdown(feedback.findtext("text") or "", feedback.get("format", "html"))
        )
        found.append(
            (
                foreign_number(answer.get("fraction"), "the answer fraction", default=0.0) / 100,
                raw,
                as_markdown(raw, answer.get("format", "html")),
                feedback_text,
            )
        )
    return found


def _question(kind: str, question: ET.Element, category: str, number: int) -> Item | LeftOut:
    head = _head(question, category, number)
    answers = _answers(question)
    match kind:
        case "multichoice":
            single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
            shuffle = (question.findtext("shuffleanswers") or "true").strip().lower() in ("true", "1")
            options = tuple(ChoiceOption(text, fraction, feedback) for fraction, _, text, feedback in answers)
            return ChoiceItem(head, options, single=single, shuffle=shuffle)
        case "truefalse":
            right = next((raw.strip().lower() for fraction, raw, _, _ in answers if fraction > 0), None)
            if right not in ("true", "false"):
                return LeftOut(head.id, "its true/false answer is neither true nor false")
            return TrueFalseItem(head, right == "true")
        case "numerical":
            for answer in question.findall("answer"):
                if foreign_number(answer.get("fraction"), "the answer fraction", default=0.0) >= 100:
                    value = foreign_number(answer.findtext("text"), "the numerical answer")
                    tolerance = foreign_number(answer.findtext("tolerance"), "the tolerance", default=0.0)
                    return NumericItem(head, value, abs(tolerance))
            return LeftOut(head.id, "no answer is worth full marks")
        case "shortanswer":
            texts = [raw.strip() for fraction, raw, _, _ in answers if fraction >= 1.0 and raw.strip()]
            if not texts:
                return LeftOut(head.id, "no answer is worth full marks")
            case_sensitive = (question.findtext("usecase") or "0").strip() == "1"
            return _short_answer(head, texts, case_sensitive)
        case "essay":
            info = _markdown(question, "graderinfo")
            if (kept := find_explain_data(info)) is not None:
                return EssayItem(head, *kept)
            model_answer, concepts = parse_grader_info(info)
            return EssayItem(head, model_answer, concepts)
        case _:
            return LeftOut(head.id, f"the Moodle question type {kind!r} has no quizapp equivalent")


def _short_answer(head: ItemHead, texts: list[str], case_sensitive: bool) -> ShortAnswerItem:
    r"""Moodle's short answers: ``*`` is a wildcard (a pattern in quizapp), ``\*`` a star."""
    wildcard = re.compile(r"(?<!\\)\*")
    literal = [text.replace("\\*", "*") for text in texts if not wildcard.search(text)]
    patterns = [
        ".*".join(re.escape(part.replace("\\*", "*")) for part in wildcard.split(text))
        for text in texts
        if wildcard.search(text)
    ]
    accepted = literal or [text.replace("*", "") for text in texts]
    return ShortAnswerItem(head, tuple(accepted), case_sensitive, "|".join(patterns) or None)


def parse_grader_info(info: str) -> tuple[str, tuple[Concept, ...]]:
    """An essay's model answer and concepts, from grader information laid out as ``moodle_xml`` writes it.

    Other grader information is taken whole as the model answer, with no concepts.
    """
    if not info.startswith(MODEL_ANSWER_HEADING) or CONCEPTS_HEADING not in info:
        return info.strip(), ()
    answer, _, listed = info.removeprefix(MODEL_ANSWER_HEADING).partition(CONCEPTS_HEADING)
    concepts = []
    for line in listed.splitlines():
        if found := _CONCEPT_LINE.match(line.strip()):
            phrases = tuple(
                phrase.strip() for phrase in found.group("phrases").split(" | ") if phrase.strip()
            )
            concepts.append(Concept(found.group("name").strip(), phrases))
    return answer.strip(), tuple(concepts)
