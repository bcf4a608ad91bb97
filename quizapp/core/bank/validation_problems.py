"""Turn pydantic's validation errors into problems an author can act on."""

import difflib
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from quizapp.core.bank.problems import Problem, format_field
from quizapp.core.bank.yaml_document import YamlDocument, holds
from quizapp.core.model.fields import NOT_BLANK_PATTERN, SLUG_PATTERN
from quizapp.core.model.questions import QUESTION_CLASSES, Choice, Concept
from quizapp.core.model.quiz_file import QuizFile

_TYPE_NAMES = ", ".join(QUESTION_CLASSES)


def problems_from_validation(error: ValidationError, document: YamlDocument, path: str) -> list[Problem]:
    """Explain every error pydantic found in a file, at the place it was written.

    Args:
        error: What ``QuizFile.model_validate`` raised.
        document: The file as read, for positions.
        path: The file's name for the report.

    Returns:
        One problem per error, in file order.
    """
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        if detail["type"] == "union_tag_invalid":
            loc = (*loc, "type")  # point at the misspelt type, not at the question
        written = written_path(document.value, loc)
        at_key = detail["type"] == "extra_forbidden"
        line, column = document.locate(loc, at_key=at_key)
        problems.append(Problem(path, line, column, format_field(written), _message(detail)))
    return sorted(problems)


def written_path(value: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Keep the parts of pydantic's ``loc`` that the author wrote (drop union tags).

    A last part that names nothing (a missing field) is kept, to name it after its parent.
    """
    kept: list[str | int] = []
    node = value
    for index, part in enumerate(loc):
        if holds(node, part):
            node = node[part]
            kept.append(part)
        elif index == len(loc) - 1 and part not in QUESTION_CLASSES:
            kept.append(part)  # a missing field: name it after its parent (a union tag is none)
    return tuple(kept)


def _question_type(loc: tuple[str | int, ...]) -> str | None:
    for part in loc:
        if isinstance(part, str) and part in QUESTION_CLASSES:
            return part
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        shown = repr(value)
        return f"the number {shown if len(shown) <= 24 else f'{shown[:10]}...{shown[-10:]}'}"
    return f"the text {str(value)!r}"


def _unknown_field(detail: ErrorDetails) -> str:
    loc = tuple(detail["loc"])
    name = str(loc[-1])
    question_type = _question_type(loc)
    parent = loc[-3] if len(loc) >= 3 else None
    if parent == "choices":
        known, where = list(Choice.model_fields), " in a choice"
    elif parent == "concepts":
        known, where = list(Concept.model_fields), " in a concept"
    elif question_type is not None:
        known, where = list(QUESTION_CLASSES[question_type].model_fields), f" for a {question_type} question"
    else:
        known, where = list(QuizFile.model_fields), " at the top of a quiz file"
    message = f"unknown field {name!r}{where}"
    if name == "prompt" and question_type == "flashcard":
        return f"{message}: a flashcard has 'front' and 'back' instead"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"{message} (did you mean {close[0]!r}?)"
    return f"{message}; allowed: {', '.join(known)}"


_SHAPES = {
    "choices": "write each choice as {id: a, text: ...}",
    "concepts": "write each concept as {name: ..., phrases: [...]}",
}


def _shape_advice(loc: tuple[str | int, ...]) -> str:
    """Show the shape an item of a list of mappings must have."""
    if len(loc) >= 2 and isinstance(loc[-1], int) and loc[-2] in _SHAPES:
        return f"; {_SHAPES[str(loc[-2])]}"
    return ""


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    loc = tuple(detail["loc"])
    if kind == "missing":
        name = loc[-1]
        if name == "topic":
            return "missing required field 'topic' (give the question a topic, or the quiz a default topic)"
        if name == "prompt" and _question_type(loc) == "flashcard":
            return "missing required field 'front'"
        return f"missing required field {name!r}"
    if kind == "extra_forbidden":
        return _unknown_field(detail)
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag", value))
        close = difflib.get_close_matches(tag, list(QUESTION_CLASSES), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown question type {tag!r}{hint}; the types are {_TYPE_NAMES}"
    if kind == "union_tag_not_found":
        return f"missing required field 'type' (one of {_TYPE_NAMES})"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        if not loc:
            return f"a quiz file must be a mapping with title, topic and questions; found {_describe(value)}"
        return f"expected a mapping of fields, found {_describe(value)}{_shape_advice(loc)}"
    if kind == "string_type":
        advice = ""
        if isinstance(value, bool):
            advice = "; put it in quotes if you meant that text"
        elif isinstance(value, dict) and len(value) == 1:
            advice = " (unquoted text containing ': ' starts a mapping; put the whole text in quotes)"
        return f"expected text, found {_describe(value)}{advice}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, found {_describe(value)}"
    if kind in {"tuple_type", "list_type"}:
        advice = " (write [a, b] or one '- item' per line)" if isinstance(value, str) else ""
        return f"expected a list, found {_describe(value)}{advice}"
    if kind in {"float_type", "float_parsing"} and isinstance(value, int) and not isinstance(value, bool):
        return f"number too large: {_describe(value)} is beyond what a number can hold"
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing"}:
        return f"expected a number, found {_describe(value)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return (
            f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens, "
            "e.g. 'norm-returns-total'"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK_PATTERN:
        return "must not be empty"
    if kind in {"enum", "literal_error"}:
        return (
            f"{_describe(value)} is not allowed here; use {ctx.get('expected', 'one of the listed values')}"
        )
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"].removeprefix("Value error, ")))
    return detail["msg"].replace("Input should be", "should be")
