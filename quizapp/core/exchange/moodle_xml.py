"""Moodle XML: every item as a Moodle question, written with the standard library's ElementTree.

Types: ``multichoice`` (single and multiple), ``truefalse``, ``numerical`` (with its
tolerance), ``shortanswer``, ``essay`` (the model answer and the concepts as grader
information, ending in the line ``explain_data`` reads an explain question back from) and
``coderunner`` (Python 3, for Moodle's CodeRunner plugin). Texts are Markdown, which Moodle
renders (``format="markdown"``). Each quiz becomes a category.
"""

import xml.etree.ElementTree as ET

from quizapp.core.exchange.explain_data import explain_line
from quizapp.core.exchange.items import (
    ChoiceItem,
    CodeRunnerItem,
    EssayItem,
    ExportPlan,
    Item,
    ItemHead,
    NumericItem,
    ShortAnswerItem,
    TrueFalseItem,
    Written,
)

CATEGORY_ROOT = "$course$/top/quizapp"
"""Where the quizzes' categories go in the course's question bank."""

MARKDOWN = "markdown"
"""Moodle's name of the Markdown text format."""

MODEL_ANSWER_HEADING = "Model answer:"
CONCEPTS_HEADING = "Concepts (a good answer names each; any listed phrase counts):"
KEPT_FOR_QUIZAPP = "For importing back into quizapp (concept ids, steps in order, sample answers):"


def write_moodle_xml(plan: ExportPlan) -> Written:
    """The plan as one Moodle XML file (``<quiz>``), its provenance in a comment and in each category.

    Args:
        plan: The items to write and where their keys come from.

    Returns:
        The file's bytes (UTF-8); every item is expressible, so nothing is left out.
    """
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(" " + "; ".join(plan.provenance.lines()) + " "))
    category = None
    for item in plan.items:
        if item.head.category != category:
            category = item.head.category
            quiz.append(_category(category, plan))
        quiz.append(_question(item))
    ET.indent(quiz)
    return Written(ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n")


def grader_info(item: EssayItem) -> str:
    """The grader information of an essay: the model answer, each concept and its phrases.

    It ends in the line quizapp reads the question back from (concept ids, steps in order, samples).
    """
    lines = [MODEL_ANSWER_HEADING, "", item.model_answer.strip(), "", CONCEPTS_HEADING, ""]
    lines += [f"- {concept.name} (phrases: {' | '.join(concept.phrases)})" for concept in item.concepts]
    lines += ["", KEPT_FOR_QUIZAPP, "", "    " + explain_line(item)]
    return "\n".join(lines)


def escape_short_answer(text: str) -> str:
    """A short answer's text with Moodle's wildcard ``*`` made literal (a backslash before it)."""
    return text.replace("*", "\\*")


def _text(parent: ET.Element, tag: str, text: str, *, text_format: str | None = MARKDOWN) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text_format is not None:
        element.set("format", text_format)
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _category(name: str, plan: ExportPlan) -> ET.Element:
    question = ET.Element("question", type="category")
    _text(question, "category", f"{CATEGORY_ROOT}/{name.replace('/', '//')}", text_format=None)
    _text(question, "info", "\n".join(plan.provenance.lines()), text_format="moodle_auto_format")
    return question


def _head(question: ET.Element, head: ItemHead) -> None:
    _text(question, "name", head.id, text_format=None)
    _text(question, "questiontext", head.prompt)
    _text(question, "generalfeedback", head.explanation)
    _value(question, "defaultgrade", f"{head.points:g}")
    _value(question, "penalty", "0")
    _value(question, "hidden", "0")
    _value(question, "idnumber", head.id)


def _tail(question: ET.Element, head: ItemHead) -> None:
    for hint in head.hints:
        _text(question, "hint", hint)
    if head.tags:
        tags = ET.SubElement(question, "tags")
        for tag in head.tags:
            _text(tags, "tag", tag, text_format=None)


def _answer(
    parent: ET.Element, fraction: float, text: str, feedback: str = "", *, fmt: str = MARKDOWN
) -> None:
    answer = ET.SubElement(parent, "answer", fraction=_fraction(fraction), format=fmt)
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", feedback)


def _fraction(share: float) -> str:
    """A share of the points as Moodle writes it: a percentage with at most five decimals."""
    return f"{round(share * 100, 5):g}"


def _question(item: Item) -> ET.Element:
    question = ET.Element("question")
    _head(question, item.head)
    match item:
        case ChoiceItem():
            question.set("type", "multichoice")
            _value(question, "single", "true" if item.single else "false")
            _value(question, "shuffleanswers", "true" if item.shuffle else "false")
            _value(question, "answernumbering", "abc")
            for option in item.options:
                _answer(question, option.fraction, option.text, option.feedback)
        case TrueFalseItem():
            question.set("type", "truefalse")
            _answer(question, 1.0 if item.answer else 0.0, "true", fmt="moodle_auto_format")
            _answer(question, 0.0 if item.answer else 1.0, "false", fmt="moodle_auto_format")
        case NumericItem():
            question.set("type", "numerical")
            answer = ET.SubElement(question, "answer", fraction="100")
            ET.SubElement(answer, "text").text = repr(item.answer)
            _value(answer, "tolerance", repr(item.tolerance))
            _text(answer, "feedback", "")
        case ShortAnswerItem():
            question.set("type", "shortanswer")
            _value(question, "usecase", "1" if item.case_sensitive else "0")
            for accepted in item.accepted:
                _answer(question, 1.0, escape_short_answer(accepted), fmt="moodle_auto_format")
        case EssayItem():
            question.set("type", "essay")
            _value(question, "responseformat", "editor")
            _value(question, "responserequired", "1")
            _value(question, "responsefieldlines", "10")
            _value(question, "attachments", "0")
            _text(question, "graderinfo", grader_info(item))
            _text(question, "responsetemplate", "", text_format="html")
        case CodeRunnerItem():
            _coderunner(question, item)
    _tail(question, item.head)
    return question


def _coderunner(question: ET.Element, item: CodeRunnerItem) -> None:
    question.set("type", "coderunner")
    _value(question, "coderunnertype", "python3")
    _value(question, "prototypetype", "0")
    _value(question, "allornothing", "1")
    _value(question, "penaltyregime", "0")
    _value(question, "answerboxlines", str(max(12, item.starter.count("\n") + 4)))
    _value(question, "answer", item.solution)
    _value(question, "answerpreload", item.starter)
    tests = ET.SubElement(question, "testcases")
    for test in item.tests:
        case = ET.SubElement(
            tests, "testcase", testtype="0", useasexample="0", hiderestiffail="0", mark="1.0000000"
        )
        _text(case, "testcode", test.code, text_format=None)
        _text(case, "stdin", "", text_format=None)
        _text(case, "expected", test.expected, text_format=None)
        _text(case, "extra", "", text_format=None)
        _text(case, "display", "HIDE", text_format=None)
