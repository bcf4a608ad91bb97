"""The shipped question bank loads cleanly and meets its coverage promises."""

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.loaded_bank import find_quiz_files
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.model.questions import EXECUTABLE_TYPES, QUESTION_CLASSES
from tests.paths import BANK

FILES = find_quiz_files([BANK])


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_shipped_file_loads_without_problems(path) -> None:  # type: ignore[no-untyped-def]
    loaded, problems = load_quiz_file(path)
    assert [str(problem) for problem in problems] == []
    assert loaded is not None


def test_bank_has_unique_ids_and_enough_questions_of_every_type() -> None:
    result = load_bank([BANK])

    assert [str(problem) for problem in result.problems] == []
    questions = result.bank.questions
    by_type = result.bank.count_by_type()
    assert len(questions) >= 60
    assert [name for name in QUESTION_CLASSES if by_type[name] < 3] == []
    assert sum(by_type[name] for name in EXECUTABLE_TYPES) >= 20


def test_every_shipped_question_has_a_hint_and_an_explanation() -> None:
    questions = load_bank([BANK]).bank.questions
    assert [q.id for q in questions if not q.hints] == []
    assert [q.id for q in questions if not q.explanation.strip()] == []
