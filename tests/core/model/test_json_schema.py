"""The JSON Schema given to editors agrees with the loader on shipped and broken files."""

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from quizapp.core.bank.loaded_bank import find_quiz_files
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.model.json_schema import quiz_file_json_schema
from tests.paths import BANK, BROKEN

VALIDATOR = jsonschema.Draft202012Validator(quiz_file_json_schema())


def as_json(path: Path) -> Any:
    return read_yaml(path.read_text(encoding="utf-8")).value


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(quiz_file_json_schema())


@pytest.mark.parametrize("path", find_quiz_files([BANK]), ids=lambda path: path.name)
def test_every_shipped_file_satisfies_the_schema(path: Path) -> None:
    assert [error.message for error in VALIDATOR.iter_errors(as_json(path))] == []


@pytest.mark.parametrize(
    "name",
    [
        "unknown_key.yaml",
        "wrong_type.yaml",
        "missing_field.yaml",
        "unknown_type.yaml",
        "missing_type.yaml",
        "yes_is_not_a_boolean.yaml",
        "bad_id.yaml",
        "missing_topic.yaml",
        "many_problems.yaml",
    ],
)
def test_the_schema_flags_the_questions_the_loader_flags_and_no_others(name: str) -> None:
    _, problems = load_quiz_file(BROKEN / name)
    by_loader = {int(m.group(1)) for p in problems if (m := re.match(r"questions\[(\d+)\]", p.field))}
    errors = list(VALIDATOR.iter_errors(as_json(BROKEN / name)))
    by_schema = {e.absolute_path[1] for e in errors if list(e.absolute_path)[:1] == ["questions"]}
    assert by_loader, "the fixture is broken in its questions"
    assert by_schema == by_loader


def test_every_field_an_author_can_write_is_described_by_its_docstring() -> None:
    schema = quiz_file_json_schema()
    models = [("QuizFile", schema), *schema["$defs"].items()]
    undescribed = [
        f"{model}.{field}"
        for model, definition in models
        for field, property_schema in definition.get("properties", {}).items()
        if not property_schema.get("description")
    ]
    assert undescribed == []
    choice = schema["$defs"]["Choice"]["properties"]["text"]["description"]
    assert choice == "What the learner reads (Markdown)."  # the docstring under Choice.text
    question_id = schema["$defs"]["SingleChoiceQuestion"]["properties"]["id"]["description"]
    assert question_id.startswith("Unique across the whole bank")  # inherited from QuestionBase
