"""Canvas QTI 1.2: a zip with ``imsmanifest.xml`` and one assessment per quiz, written with ElementTree.

Item types are Canvas's (``question_type`` in each item's metadata): multiple choice,
multiple answers, true/false, numerical (an exact value or a range), short answer (fill in
the blank) and essay. Texts are Markdown rendered to HTML (raw HTML in them is escaped).
QTI 1.2 has no code runner question: those items are listed as left out.
"""

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import asdict

from markdown_it import MarkdownIt

from quizapp.core.exchange.items import (
    ChoiceItem,
    CodeRunnerItem,
    EssayItem,
    ExportPlan,
    Item,
    LeftOut,
    NumericItem,
    ShortAnswerItem,
    TrueFalseItem,
    Written,
)

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/imscp_v1p1"
RESPONSE = "response1"
"""The ident of every item's one response."""

_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def assessment_ident(title: str) -> str:
    """A stable XML identifier for the assessment of the quiz titled ``title``."""
    return "quizapp-" + hashlib.sha256(title.encode()).hexdigest()[:16]


def write_qti(plan: ExportPlan) -> Written:
    """The plan as a Canvas QTI 1.2 zip: ``imsmanifest.xml`` and ``<ident>/<ident>.xml`` per quiz.

    Args:
        plan: The items to write and where their keys come from.

    Returns:
        The zip's bytes, and the code runner items, which QTI 1.2 cannot express.
    """
    by_quiz: dict[str, list[Item]] = {}
    left_out: list[LeftOut] = []
    for item in plan.items:
        if isinstance(item, CodeRunnerItem):
            left_out.append(LeftOut(item.head.id, "QTI 1.2 (Canvas) has no code runner question type"))
        else:
            by_quiz.setdefault(item.head.category, []).append(item)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for title, items in by_quiz.items():
            ident = assessment_ident(title)
            archive.writestr(f"{ident}/{ident}.xml", _xml(_assessment(ident, title, items, plan)))
        archive.writestr("imsmanifest.xml", _xml(_manifest(list(by_quiz), plan)))
    return Written(buffer.getvalue(), tuple(left_out))


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    data: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _manifest(titles: list[str], plan: ExportPlan) -> ET.Element:
    identifier = f"quizapp-export-{plan.provenance.bank_fingerprint}"
    # The namespaces are declared once, on the roots, as plain attributes: no global registration.
    manifest = ET.Element("manifest", identifier=identifier, xmlns=MANIFEST_NAMESPACE)
    manifest.append(ET.Comment(" " + "; ".join(plan.provenance.lines()) + " "))
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for title in titles:
        ident = assessment_ident(title)
        href = f"{ident}/{ident}.xml"
        resource = ET.SubElement(resources, "resource", identifier=ident, type="imsqti_xmlv1p2", href=href)
        ET.SubElement(resource, "file", href=href)
    return manifest


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _assessment(ident: str, title: str, items: list[Item], plan: ExportPlan) -> ET.Element:
    root = ET.Element("questestinterop", xmlns=QTI_NAMESPACE)
    assessment = ET.SubElement(root, "assessment", ident=ident, title=title)
    metadata = ET.SubElement(assessment, "qtimetadata")
    for name, value in asdict(plan.provenance).items():
        _field(metadata, f"quizapp_{name}", str(value))
    section = ET.SubElement(assessment, "section", ident="root_section")
    for item in items:
        section.append(_item(item))
    return root


def _material(parent: ET.Element, markdown: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = _MARKDOWN.render(markdown)


def _item(item: Item) -> ET.Element:
    element = ET.Element("item", ident=f"item-{item.head.id}", title=item.head.id)
    metadata = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
    _field(metadata, "question_type", _question_type(item))
    _field(metadata, "points_possible", f"{item.head.points:g}")
    presentation = ET.SubElement(element, "presentation")
    _material(presentation, item.head.prompt)
    processing = ET.SubElement(element, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    match item:
        case ChoiceItem():
            _choices(presentation, processing, item)
        case TrueFalseItem():
            options = (("true", "True", item.answer), ("false", "False", not item.answer))
            lid = ET.SubElement(presentation, "response_lid", ident=RESPONSE, rcardinality="Single")
            render = ET.SubElement(lid, "render_choice")
            for ident, text, _ in options:
                _material(ET.SubElement(render, "response_label", ident=ident), text)
            right = next(ident for ident, _, correct in options if correct)
            _condition(processing, [_equal(right)])
        case NumericItem():
            _blank(presentation, "Decimal")
            low, high = item.answer - item.tolerance, item.answer + item.tolerance
            condition = ET.Element("or")
            condition.append(_equal(repr(item.answer)))
            within = ET.SubElement(condition, "and")
            ET.SubElement(within, "vargte", respident=RESPONSE).text = repr(low)
            ET.SubElement(within, "varlte", respident=RESPONSE).text = repr(high)
            _condition(processing, [condition])
        case ShortAnswerItem():
            _blank(presentation, "String")
            for accepted in item.accepted:
                _condition(processing, [_equal(accepted)])
        case EssayItem():
            _blank(presentation, "String", rows="15")
            _feedback(element, "general_fb", item.model_answer or item.head.explanation)
        case CodeRunnerItem():
            pass
    if item.head.explanation and not isinstance(item, EssayItem):
        _feedback(element, "general_fb", item.head.explanation)
    return element


def _question_type(item: Item) -> str:
    match item:
        case ChoiceItem():
            return "multiple_choice_question" if item.single else "multiple_answers_question"
        case TrueFalseItem():
            return "true_false_question"
        case NumericItem():
            return "numerical_question"
        case ShortAnswerItem():
            return "short_answer_question"
        case EssayItem() | CodeRunnerItem():
            return "essay_question"


def _choices(presentation: ET.Element, processing: ET.Element, item: ChoiceItem) -> None:
    cardinality = "Single" if item.single else "Multiple"
    lid = ET.SubElement(presentation, "response_lid", ident=RESPONSE, rcardinality=cardinality)
    render = ET.SubElement(lid, "render_choice", shuffle="Yes" if item.shuffle else "No")
    idents = [option.key or f"choice-{number}" for number, option in enumerate(item.options, start=1)]
    for ident, option in zip(idents, item.options, strict=True):
        _material(ET.SubElement(render, "response_label", ident=ident), option.text)
    right = [ident for ident, option in zip(idents, item.options, strict=True) if option.fraction > 0]
    if item.single:
        _condition(processing, [_equal(right[0])])
        return
    # Canvas's own export: all the right choices and none of the others.
    condition = ET.Element("and")
    for ident in idents:
        if ident in right:
            condition.append(_equal(ident))
        else:
            ET.SubElement(condition, "not").append(_equal(ident))
    _condition(processing, [condition])


def _blank(presentation: ET.Element, fib_type: str, *, rows: str | None = None) -> None:
    response = ET.SubElement(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    render = ET.SubElement(response, "render_fib", fibtype=fib_type)
    if rows is not None:
        render.set("rows", rows)
    ET.SubElement(render, "response_label", ident="answer1", rshuffle="No")


def _equal(value: str) -> ET.Element:
    element = ET.Element("varequal", respident=RESPONSE)
    element.text = value
    return element


def _condition(processing: ET.Element, conditions: list[ET.Element]) -> None:
    respcondition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    conditionvar = ET.SubElement(respcondition, "conditionvar")
    conditionvar.extend(conditions)
    ET.SubElement(respcondition, "setvar", action="Set", varname="SCORE").text = "100"


def _feedback(item: ET.Element, ident: str, markdown: str) -> None:
    feedback = ET.SubElement(item, "itemfeedback", ident=ident)
    flow = ET.SubElement(feedback, "flow_mat")
    _material(flow, markdown)
