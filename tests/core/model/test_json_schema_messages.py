"""What an editor shows an author for a mistake: the JSON Schema's messages, read as an author would."""

import jsonschema

from quizapp.core.model.json_schema import quiz_file_json_schema
from quizapp.core.model.questions import QUESTION_CLASSES

VALIDATOR = jsonschema.Draft202012Validator(quiz_file_json_schema())
GOOD: dict[str, object] = {
    "id": "fine",
    "type": "true_false",
    "difficulty": "beginner",
    "prompt": "P?",
    "answer": True,
}
GOOD["explanation"] = "E."


def messages(*questions: dict[str, object]) -> list[tuple[list[object], str]]:
    quiz = {"title": "T", "topic": "clip-grad-norm", "questions": list(questions)}
    return [(list(error.absolute_path), error.message) for error in VALIDATOR.iter_errors(quiz)]


def test_a_misspelt_type_is_named_with_the_valid_types() -> None:
    [(where, message)] = messages(GOOD, {**GOOD, "id": "typo", "type": "true_flase"})

    assert where == ["questions", 1, "type"]
    assert message.startswith("'true_flase' is not one of ")
    assert all(repr(name) in message for name in QUESTION_CLASSES)
    assert "any of the given schemas" not in message


def test_a_wrong_field_of_a_known_type_is_reported_for_that_type_only() -> None:
    [(where, message)] = messages({**GOOD, "answer": "maybe"})

    assert where == ["questions", 0, "answer"]
    assert message == "'maybe' is not of type 'boolean'"


def test_a_question_without_a_type_says_so() -> None:
    [(where, message)] = messages({key: value for key, value in GOOD.items() if key != "type"})

    assert where == ["questions", 0]
    assert message == "'type' is a required property"
