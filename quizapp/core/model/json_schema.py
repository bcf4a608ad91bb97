"""The JSON Schema of a quiz file, for editors running the YAML language server."""

from typing import Any

from quizapp.core.model.attribute_docs import attribute_docstrings
from quizapp.core.model.question_base import StrictModel
from quizapp.core.model.questions import QUESTION_CLASSES
from quizapp.core.model.quiz_file import QuizFile

SCHEMA_ID = "https://quizapp.invalid/quiz.schema.json"


def quiz_file_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that a quiz YAML file conforms to.

    It is generated from the pydantic models, so field descriptions are the models'
    docstrings. A question's ``topic`` is optional in a file (the quiz's topic is its
    default), so it is dropped from each question type's ``required`` list and required
    instead, by an ``if``/``then``, of every question of a quiz that has no topic.

    A question is checked against the model its ``type`` names (an ``if``/``then`` per
    type) rather than against all of them (``oneOf``), so that a misspelt type is reported
    as such, with the valid types, not as "not valid under any of the given schemas".
    """
    schema = QuizFile.model_json_schema()
    definitions: dict[str, Any] = schema.get("$defs", {})
    _describe_fields(schema, definitions)
    for model in QUESTION_CLASSES.values():
        definition = definitions.get(model.__name__, {})
        required = definition.get("required", [])
        if "topic" in required:
            required.remove("topic")
    quiz_has_no_topic = {
        "anyOf": [
            {"not": {"required": ["topic"]}},
            {"required": ["topic"], "properties": {"topic": {"type": "null"}}},
        ]
    }
    every_question_needs_a_topic = {"properties": {"questions": {"items": {"required": ["topic"]}}}}
    schema["properties"]["questions"]["items"] = _question_by_type(schema["properties"]["questions"]["items"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "if": quiz_has_no_topic,
        "then": every_question_needs_a_topic,
    }


def _describe_fields(schema: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Give every property of every model the docstring written under its field."""
    models = {model.__name__: model for model in _subclasses(StrictModel)}
    for name, definition in [(QuizFile.__name__, schema), *definitions.items()]:
        model = models.get(name)
        if model is None:
            continue
        docs = attribute_docstrings(model)
        for field, property_schema in definition.get("properties", {}).items():
            if field in docs and "description" not in property_schema:
                property_schema["description"] = docs[field]


def _subclasses(model: type) -> list[type]:
    found: list[type] = []
    subclass: type
    for subclass in model.__subclasses__():
        found += [subclass, *_subclasses(subclass)]
    return found


def _question_by_type(union: dict[str, Any]) -> dict[str, Any]:
    """Turn pydantic's ``oneOf`` over the question models into one ``if``/``then`` per type."""
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(QUESTION_CLASSES), "description": "The kind of question."}},
        "discriminator": union["discriminator"],  # kept for tools that read OpenAPI's keyword
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"$ref": mapping[name]},
            }
            for name in QUESTION_CLASSES
        ],
    }
