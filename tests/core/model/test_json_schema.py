"""The JSON Schema given to editors agrees with the loader on shipped and broken files."""

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from quizapp.core.bank.bank_loader import find_quiz_files
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
def test_the_schema_flags_what_the_loader_flags(name: str) -> None:
    assert list(VALIDATOR.iter_errors(as_json(BROKEN / name)))
