"""Turn pydantic's validation errors into problems an author can act on."""

import difflib
import re
from dataclasses import replace
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
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
    problems: list[tuple[Problem, tuple[str | int, ...], Any]] = []
    union_members: dict[tuple[str | int, ...], list[str]] = {}
    for detail in error.errors():
        loc = tuple(detail["loc"])
        member = _member_name(loc[-1]) if loc else None
        if member is not None and _model_at(loc[:-1]) is None:
            # a plain union such as ``int | float | str``: one problem for the value, not one per member
            if loc[:-1] not in union_members:
                union_members[loc[:-1]] = []
                written = written_path(document.value, loc[:-1])
                line, column = document.locate(loc[:-1])
                value = detail.get("input")
                problems.append((Problem(path, line, column, format_field(written), ""), loc[:-1], value))
            union_members[loc[:-1]].append(member)
            continue
        if _items_said_why(detail):
            continue
        if detail["type"] == "union_tag_invalid":
            loc = (*loc, "type")  # point at the misspelt type, not at the question
        written = written_path(document.value, loc)
        at_key = detail["type"] == "extra_forbidden"
        line, column = document.locate(loc, at_key=at_key)
        problems.append((Problem(path, line, column, format_field(written), _message(detail)), (), None))
    return sorted(
        replace(problem, message=_union_message(union_members[key], value)) if key else problem
        for problem, key, value in problems
    )


_MEMBER_NAMES = {"int": "a number", "float": "a number", "str": "text", "bool": "true or false"}
"""pydantic's names for the members of a plain union, as an author reads them."""
_MEMBER = re.compile(r"(?:function-[a-z]+\[[^\]]*, )?(int|float|str|bool)\]?")
"""A member's name in a loc: ``int``, or ``function-before[check(), int]`` for a checked one."""


def _member_name(part: str | int) -> str | None:
    """Return how an author reads the union member ``part`` names, or None if it names none."""
    match = _MEMBER.fullmatch(part) if isinstance(part, str) else None
    return _MEMBER_NAMES[match.group(1)] if match else None


def _union_message(expected: list[str], value: Any) -> str:
    wanted = " or ".join(dict.fromkeys(expected))
    return f"expected {wanted}, found {_describe(value)}"


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
    model = _model_at(loc[:-1])
    where = _where(loc[:-1], model)
    known = list(model.model_fields) if model is not None else []
    message = f"unknown field {name!r}{where}"
    if name == "prompt" and question_type == "flashcard":
        return f"{message}: a flashcard has 'front' and 'back' instead"
    elsewhere = _where_it_belongs(name, loc[:-1], model)
    if elsewhere:
        return f"{message}; {name!r} {elsewhere}"
    close = difflib.get_close_matches(name, [field for field in known if field != name], n=1, cutoff=0.6)
    if close:
        return f"{message} (did you mean {close[0]!r}?)"
    return f"{message}; allowed: {', '.join(known)}" if known else message


def _where(loc: tuple[str | int, ...], model: type[BaseModel] | None) -> str:
    """Name the mapping at ``loc`` the way an author thinks of it: " in a choice"."""
    if not loc:
        return " at the top of a quiz file"
    if model is not None and model in QUESTION_CLASSES.values():
        return f" for a {_question_type(loc)} question"
    return f" in {_noun(loc, model)}"


def _noun(loc: tuple[str | int, ...], model: type[BaseModel] | None) -> str:
    """Name the mapping at ``loc``: "a choice", "the numeric question", "an item of 'runs'"."""
    if not loc:
        return "the top level of the quiz file"
    if model is Choice:
        return "a choice"
    if model is Concept:
        return "a concept"
    if model is not None and model in QUESTION_CLASSES.values():
        return f"the {_question_type(loc)} question"
    if isinstance(loc[-1], int):
        return f"an item of {loc[-2]!r}" if len(loc) >= 2 else "an item"
    return repr(loc[-1])


def _where_it_belongs(name: str, loc: tuple[str | int, ...], model: type[BaseModel] | None) -> str:
    """Say where a field that is unknown here is known: an enclosing mapping, or one inside."""
    here = _noun(loc, model)
    for end in range(len(loc) - 1, -1, -1):
        outer = _model_at(loc[:end])
        if outer is not None and outer is not model and name in outer.model_fields:
            return f"belongs to {_noun(loc[:end], outer)}, not to {here}"
    if model is None:
        return ""
    for field, info in model.model_fields.items():
        for inner in _alternatives(info.annotation, items=True):
            if isinstance(inner, type) and issubclass(inner, BaseModel) and name in inner.model_fields:
                return f"belongs inside {field!r}, not to {here} itself"
    return ""


def _alternatives(annotation: Any, *, items: bool = False) -> list[Any]:
    """The types ``annotation`` allows, without Annotated and None.

    With ``items``, a list's or tuple's item types and a mapping's value types stand for it.
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        return _alternatives(get_args(annotation)[0], items=items)
    if origin in (Union, UnionType):
        return [kind for arg in get_args(annotation) for kind in _alternatives(arg, items=items)]
    if annotation is type(None):
        return []
    if items and origin in (tuple, list):
        return _alternatives(get_args(annotation)[0])
    if items and origin is dict:
        return _alternatives(get_args(annotation)[1])
    return [annotation]


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """Return the model of the mapping at ``loc`` (pydantic's, union tags included), if one."""
    options: list[Any] = [QuizFile]
    for part in loc:
        following: list[Any] = []
        for option in options:
            origin = get_origin(option)
            if isinstance(option, type) and issubclass(option, BaseModel):
                if isinstance(part, str) and part in option.model_fields:
                    following.extend(_alternatives(option.model_fields[part].annotation))
                elif isinstance(part, str) and QUESTION_CLASSES.get(part) is option:  # a union tag
                    following.append(option)
            elif origin in (tuple, list) and isinstance(part, int):
                following.extend(_alternatives(get_args(option)[0]))
            elif origin is dict and isinstance(part, str):
                following.extend(_alternatives(get_args(option)[1]))
        options = following
    models = [option for option in options if isinstance(option, type) and issubclass(option, BaseModel)]
    return models[0] if len(models) == 1 else None


def _is_a_question(loc: tuple[str | int, ...]) -> bool:
    return len(loc) == 2 and loc[0] == "questions" and isinstance(loc[1], int)


def _items_said_why(detail: ErrorDetails) -> bool:
    """Tell a "too short after validation" error that only echoes its items' own problems."""
    value = detail.get("input")
    least = (detail.get("ctx") or {}).get("min_length", 0)
    return detail["type"] == "too_short" and isinstance(value, (list, tuple)) and len(value) >= least


def _length_message(kind: str, value: Any, ctx: dict[str, Any]) -> str:
    """Word pydantic's "should have at least 1 item after validation" for an author."""
    written = len(value) if isinstance(value, (list, tuple, str, dict)) else None
    if kind == "too_short":
        least = int(ctx.get("min_length", 1))
        return (
            f"needs at least {least} item{'s' * (least != 1)}, found {written if written is not None else 0}"
        )
    most = int(ctx.get("max_length", 0))
    found = f", found {written}" if written is not None else ""
    return f"takes at most {most} item{'s' * (most != 1)}{found}"


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
    if kind == "union_tag_not_found" or (kind == "model_attributes_type" and _is_a_question(loc)):
        if not isinstance(value, dict):
            return f"a question must be a mapping of fields (id, type, ...); found {_describe(value)}"
        return f"missing required field 'type' (one of {_TYPE_NAMES})"
    if kind in {"too_short", "too_long"}:
        return _length_message(kind, value, ctx)
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
    if kind in {"int_type", "int_from_float"} and isinstance(value, float):
        return f"expected a whole number, found {_describe(value)}"
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
