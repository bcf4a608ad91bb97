"""A schema error in one question no longer hides the bank checks of the file's other questions."""

from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.question_salvage import salvage_questions
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.yaml_reader import read_yaml
from tests.paths import BROKEN, FIXTURES

SALVAGE = FIXTURES / "salvage"
DUPLICATE_ID = SALVAGE / "duplicate_id"
FIRST = DUPLICATE_ID / "a_first.yaml"
BROKEN_FILE = DUPLICATE_ID / "b_broken.yaml"

QUESTION = """
  - id: {id}
    type: {type}
    difficulty: beginner
    prompt: p
    answer: {answer}
    explanation: e"""


def test_a_schema_error_a_duplicate_id_and_a_broken_snippet_are_reported_in_one_run() -> None:
    result = load_bank([DUPLICATE_ID], salvage=True)

    assert [str(problem) for problem in result.problems] == [
        f"{BROKEN_FILE}:6:17: questions[0].difficulty: the text 'hard' is not allowed here; "
        "use 'beginner', 'intermediate' or 'advanced'",
        f"{BROKEN_FILE}:10:9: questions[1].id: the id 'shared-id' is already used at {FIRST}:4",
        f"{BROKEN_FILE}:21:12: questions[2].code: the Python code does not compile: "
        "'(' was never closed (line 1 of the code)",
    ]


def test_the_app_bank_still_leaves_the_broken_file_out() -> None:
    as_the_app_loads = load_bank([DUPLICATE_ID])
    as_validate_loads = load_bank([DUPLICATE_ID], salvage=True)

    assert [question.id for question in as_the_app_loads.bank.questions] == ["shared-id"]
    assert [loaded.path for loaded in as_the_app_loads.bank.quizzes] == [str(FIRST)]
    assert [(p.line, p.field) for p in as_the_app_loads.problems] == [(6, "questions[0].difficulty")]
    assert as_the_app_loads.salvaged == ()
    assert as_validate_loads.bank == as_the_app_loads.bank


def test_the_questions_left_to_check_keep_their_places_in_the_file() -> None:
    result = load_bank([SALVAGE / "wrong_key.yaml"], salvage=True)

    [salvaged] = result.salvaged
    assert [question.id for question in salvaged.quiz.questions] == [
        "wrong-sum",
        "right-sum",
        "wrong-exception",
    ]
    assert [salvaged.locate("questions", index, "answer") for index in range(3)] == [
        (10, 13),
        (24, 13),
        (32, 13),
    ]
    assert result.bank.quizzes == ()


def test_the_broken_fixtures_report_exactly_what_they_did() -> None:
    for path in [BROKEN, *sorted(BROKEN.glob("*.yaml"))]:
        assert load_bank([path], salvage=True).problems == load_bank([path]).problems, path


def test_a_question_with_a_key_written_twice_is_not_salvaged() -> None:
    path = BROKEN / "duplicate_key.yaml"
    _, problems = load_quiz_file(path)

    assert salvage_questions(read_yaml(path.read_text(encoding="utf-8")), problems) == []


def test_questions_that_need_a_broken_default_topic_are_not_salvaged(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        "title: T\ntopic: Not A Slug\nquestions:"
        + QUESTION.format(id="no-topic", type="true_false", answer="true")
        + QUESTION.format(id="own-topic", type="true_false", answer="true")
        + "\n    topic: clip-grad-norm\n"
    )
    _, problems = load_quiz_file(path)

    kept = salvage_questions(read_yaml(path.read_text(encoding="utf-8")), problems)

    assert [(index, question.id, question.topic) for index, question in kept] == [
        (1, "own-topic", "clip-grad-norm")
    ]
    assert load_bank([path], salvage=True).problems == load_bank([path]).problems


def test_a_number_written_for_text_keeps_its_spelling_when_salvaged(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        "title: T\ntopic: t\nquestions:"
        + QUESTION.format(id="Bad Id", type="true_false", answer="true")
        + QUESTION.format(id="spelled", type="code_output", answer="0.10")
        + "\n    code: print(0.10)\n"
    )
    _, problems = load_quiz_file(path)

    [(index, question)] = salvage_questions(read_yaml(path.read_text(encoding="utf-8")), problems)

    assert (index, question.answer) == (1, "0.10")  # type: ignore[union-attr]


def test_after_a_dropped_duplicate_a_broken_snippet_is_reported_at_its_own_question(write_quiz) -> None:  # type: ignore[no-untyped-def]
    write_quiz(
        "title: A\ntopic: t\nquestions:" + QUESTION.format(id="taken", type="true_false", answer="true"),
        "a.yaml",
    )
    second = write_quiz(
        "title: B\ntopic: t\nquestions:"
        + QUESTION.format(id="taken", type="true_false", answer="true")
        + QUESTION.format(id="broken-code", type="code_output", answer='"1"')
        + "\n    code: print((1)\n",
        "b.yaml",
    )

    result = load_bank([second.parent])

    assert [(p.path, p.line, p.field) for p in result.problems] == [
        (str(second), 4, "questions[0].id"),
        (str(second), 16, "questions[1].code"),
    ]
    assert [question.id for question in result.bank.questions] == ["taken"]
    assert Path(result.bank.quizzes[0].path).name == "a.yaml"
