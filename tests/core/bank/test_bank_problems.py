"""Each kind of mistake in a quiz file is reported at the place the author must fix."""

import gc
import time
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.yaml_document import MAX_FILE_BYTES
from tests.paths import BROKEN

# file -> every problem expected in it: (line, column, field path, part of the message)
EXPECTED: dict[str, list[tuple[int, int, str, str]]] = {
    "syntax_unclosed_bracket.yaml": [(11, 1, "", "starts at line 9, column 36")],
    "syntax_tab_indent.yaml": [(4, 1, "", "tabs")],
    "unknown_key.yaml": [
        (4, 5, "questions[0].answer", "missing required field 'answer'"),
        (12, 5, "questions[0].anwser", "did you mean 'answer'?"),
    ],
    "wrong_type.yaml": [
        (8, 13, "questions[0].answer", "expected a number, found the text 'ten'"),
        (9, 13, "questions[0].points", "expected a number, found the text 'lots'"),
    ],
    "missing_field.yaml": [(4, 5, "questions[0].explanation", "missing required field 'explanation'")],
    "answer_names_no_choice.yaml": [(13, 13, "questions[0].answer", "'vlaue' names no choice")],
    "choice_ids_twice.yaml": [(10, 7, "questions[0].choices", "choice id 'a' is used twice")],
    "duplicate_key.yaml": [(10, 5, "questions[0].answer", "written twice in this mapping (first at line 8)")],
    "unknown_type.yaml": [(5, 11, "questions[0].type", "unknown question type 'multiple_choice'")],
    "missing_type.yaml": [(4, 5, "questions[0]", "missing required field 'type'")],
    "alias_bomb.yaml": [(8, 32, "", "alias bomb")],
    "recursive_alias.yaml": [(4, 5, "", "refers to itself")],
    "deep_nesting.yaml": [(3, 51, "", "nesting deeper than")],
    "python_tag.yaml": [(4, 5, "", "the tag !!python/object/apply:os.system is not allowed")],
    "two_documents.yaml": [(4, 1, "", "only one YAML document")],
    "yes_is_not_a_boolean.yaml": [
        (8, 13, "questions[0].answer", "expected true or false, found the text 'yes'")
    ],
    "empty.yaml": [(1, 1, "", "the file is empty")],
    "top_level_list.yaml": [(1, 1, "", "must be a mapping with title, topic and questions; found a list")],
    "bad_id.yaml": [(4, 9, "questions[0].id", "'Norm Returns Total' is not a valid id")],
    "bad_regex.yaml": [(9, 14, "questions[0].pattern", "not a valid regular expression")],
    "missing_topic.yaml": [(3, 5, "questions[0].topic", "or the quiz a default topic")],
    "question_not_a_mapping.yaml": [
        (4, 5, "questions[0]", "a question must be a mapping of fields (id, type, ...); found the text")
    ],
    "lab_unknown_preset.yaml": [
        (10, 17, "questions[0].runs[0].preset", "no lab preset 'rnn-clippd'; the presets are rnn-unclipped"),
        (14, 19, "questions[0].runs[1].max_norm", "max_norm must be a number above 0, not -1.0"),
    ],
    "lab_answer_kinds.yaml": [
        (4, 5, "questions[0]", "give either 'answer' (a run's id) or 'answer_range'"),
        (14, 5, "questions[1]", "'answer_range' measures one run; this experiment has 2"),
        (24, 5, "questions[2]", "each needs a 'text'; two has none"),
        (41, 16, "questions[3].runs[0].steps", "a lab question's run takes at most 400 steps"),
        (43, 19, "questions[3].answer_range", "min (80) must not be above max (60)"),
    ],
    "many_problems.yaml": [
        (6, 17, "questions[0].difficulty", "use 'beginner', 'intermediate' or 'advanced'"),
        (15, 13, "questions[1].answer", "'Value Error' is neither an exception class name"),
        (17, 5, "questions[2].front", "missing required field 'front'"),
        (20, 5, "questions[2].prompt", "a flashcard has 'front' and 'back' instead"),
    ],
}


# files whose problems only the bank stage finds (tested in their own modules): problems each
BANK_STAGE = {
    "code_does_not_compile.yaml": 1,
    "explain_phrase_in_prompt.yaml": 1,
    "explain_sample_misses.yaml": 1,
}


def test_every_fixture_has_expectations() -> None:
    names = {path.name for path in BROKEN.glob("*.yaml")} - set(BANK_STAGE)
    assert sorted(names) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_problem_is_reported_where_it_was_written(name: str) -> None:
    loaded, problems = load_quiz_file(BROKEN / name)

    assert loaded is None
    found = [(p.line, p.column, p.field) for p in problems]
    assert found == [(line, column, field) for line, column, field, _ in EXPECTED[name]]
    for problem, (*_, words) in zip(problems, EXPECTED[name], strict=True):
        assert words in problem.message
        assert problem.path == str(BROKEN / name)


def test_the_whole_broken_directory_lists_every_problem_of_every_file() -> None:
    result = load_bank([BROKEN])

    assert len(result.problems) == sum(len(expected) for expected in EXPECTED.values()) + sum(
        BANK_STAGE.values()
    )
    assert {Path(p.path).name for p in result.problems} == {*EXPECTED, *BANK_STAGE}
    assert result.bank.questions == ()


def test_a_snippet_that_does_not_compile_is_reported_at_its_line_in_the_file() -> None:
    result = load_bank([BROKEN / "code_does_not_compile.yaml"])

    assert [(p.line, p.column, p.field) for p in result.problems] == [(10, 12, "questions[0].code")]
    assert "'(' was never closed (line 2 of the code)" in result.problems[0].message


def test_alias_bomb_fails_fast() -> None:
    started = time.perf_counter()
    load_quiz_file(BROKEN / "alias_bomb.yaml")
    assert time.perf_counter() - started < 5.0


def test_an_id_used_in_two_files_is_reported_at_the_second(write_quiz) -> None:  # type: ignore[no-untyped-def]
    question = """
  - id: shared-id
    type: true_false
    difficulty: beginner
    prompt: p
    answer: true
    explanation: e
"""
    first = write_quiz("title: A\ntopic: t\nquestions:" + question, "a.yaml")
    second = write_quiz(
        "title: B\ntopic: t\nquestions:\n  - id: other\n    type: true_false\n"
        "    difficulty: beginner\n    prompt: p\n    answer: false\n    explanation: e" + question,
        "b.yaml",
    )

    result = load_bank([first.parent])

    assert [str(p) for p in result.problems] == [
        f"{second}:10:9: questions[1].id: the id 'shared-id' is already used at {first}:4"
    ]
    assert [q.id for q in result.bank.questions] == ["shared-id", "other"]


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz("title: big\n# " + "x" * MAX_FILE_BYTES + "\n")

    loaded, problems = load_quiz_file(path)

    assert loaded is None
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "larger than 2 MiB" in problems[0].message


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Quiz\ntopic: t\ndescription: caf\u00e9\n".encode("latin-1"))

    loaded, problems = load_quiz_file(path)

    assert loaded is None
    assert [(p.line, p.column) for p in problems] == [(3, 17)]
    assert "not valid UTF-8" in problems[0].message


def test_binary_junk_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(bytes(range(256)) * 4)

    loaded, problems = load_quiz_file(path)

    assert loaded is None
    assert len(problems) == 1


def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "quiz.yaml"
    folder.mkdir()  # a directory where a file is expected: open() fails

    loaded, problems = load_quiz_file(folder)

    assert loaded is None
    assert "cannot read the file" in problems[0].message


def test_a_directory_without_quiz_files_is_a_problem(tmp_path: Path) -> None:
    result = load_bank([tmp_path])

    assert not result.ok
    assert "no quiz files" in result.problems[0].message


def test_a_colon_in_unquoted_text_gets_advice_to_quote_it(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        "title: T\ntopic: t\nquestions:\n  - id: q\n    type: true_false\n    difficulty: beginner\n"
        "    prompt: p\n    answer: true\n    explanation: e\n    hints:\n      - Remember: it is in place.\n"
    )

    _, problems = load_quiz_file(path)

    assert [(p.line, p.column, p.field) for p in problems] == [(11, 9, "questions[0].hints[0]")]
    assert "put the whole text in quotes" in problems[0].message


NEWCOMER = """title: T
topic: clip-grad-norm
questions:
  - id: newcomer
    type: single_choice
    difficulty: beginner
    prompt: Which function clips by norm?
    hints: Look for the word norm.
    explanation: e
    choices: [clip_grad_norm_, clip_grad_value_]
    answer: clip_grad_norm_
"""


def test_a_newcomers_shapes_get_advice_on_the_right_shape(write_quiz) -> None:  # type: ignore[no-untyped-def]
    _, problems = load_quiz_file(write_quiz(NEWCOMER))

    assert [(p.line, p.column, p.field) for p in problems] == [
        (8, 12, "questions[0].hints"),
        (10, 15, "questions[0].choices[0]"),
        (10, 32, "questions[0].choices[1]"),
        (11, 13, "questions[0].answer"),
    ]
    assert "write [a, b] or one '- item' per line" in problems[0].message
    assert "write each choice as {id: a, text: ...}" in problems[1].message


def test_loading_leaves_the_garbage_collector_as_it_found_it() -> None:
    load_bank([BROKEN])
    assert gc.isenabled()
    gc.disable()
    try:
        load_bank([BROKEN])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_control_character_is_a_located_problem(write_quiz) -> None:  # type: ignore[no-untyped-def]
    text = (BROKEN.parent.parent.parent / "question_bank" / "03-clip-grad-value.yaml").read_text()
    lines = text.splitlines(keepends=True)
    lines[5] = lines[5][:4] + "\x00" + lines[5][4:]

    loaded, problems = load_quiz_file(write_quiz("".join(lines)))

    assert loaded is None
    assert [(p.line, p.column) for p in problems] == [(6, 5)]
    assert "control character U+0000" in problems[0].message
