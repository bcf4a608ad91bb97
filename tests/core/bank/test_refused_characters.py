r"""A quiz file's text holds no character a terminal would obey: each is reported at its place.

YAML refuses a raw escape character, but a double-quoted string writes one as ``"\e"``; the
app would then send it to the learner's terminal with the question.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.quiz_file_loader import load_quiz_file

QUIZ = """title: {title}
topic: t
questions:
  - id: one
    type: single_choice
    difficulty: beginner
    prompt: {prompt}
    choices:
      - {{id: a, text: {choice}}}
      - {{id: b, text: two}}
    answer: a
    explanation: {explanation}
    hints: [{hint}]
  - id: two
    type: code_output
    difficulty: beginner
    prompt: What does it print?
    code: {code}
    answer: '1'
    explanation: e
"""
PLAIN = {
    "title": "T",
    "prompt": "Which?",
    "choice": "one",
    "explanation": "e",
    "hint": "h",
    "code": "print(1)",
}
PLACES = {
    "title": (1, 8, "title"),
    "prompt": (7, 13, "questions[0].prompt"),
    "choice": (9, 23, "questions[0].choices[0].text"),
    "explanation": (12, 18, "questions[0].explanation"),
    "hint": (13, 13, "questions[0].hints[0]"),
    "code": (18, 11, "questions[1].code"),
}


def quiz(**written: str) -> str:
    return QUIZ.format(**(PLAIN | written))


@pytest.mark.parametrize("field", sorted(PLACES))
@pytest.mark.parametrize(
    ("escape", "named"),
    [
        (r"\e[2J", "U+001B (an escape)"),  # clears the learner's screen
        (r"\e]0;pwned\a", "U+0007 (a bell), U+001B (an escape)"),  # sets the window title
        (r"\x9b31m", "U+009B (an escape)"),  # CSI in its 8-bit form
        (r"\r", "U+000D (a carriage return)"),  # writes over what was shown
        (r"\0", "U+0000 (a NUL)"),
        (r"\u202e", "U+202E (a bidirectional control)"),  # shows code in another order than it runs
    ],
)
def test_a_control_character_written_as_an_escape_is_refused_at_its_place(
    write_quiz: Callable[[str], Path], field: str, escape: str, named: str
) -> None:
    text = quiz(**{field: f'"before {escape} after"'})

    loaded, problems = load_quiz_file(write_quiz(text))

    assert loaded is None
    assert [(p.line, p.column, p.field) for p in problems] == [PLACES[field]]
    assert problems[0].message.startswith(f"holds {named}, which would act on the learner's terminal")


def test_tabs_and_line_breaks_are_text(write_quiz) -> None:  # type: ignore[no-untyped-def]
    text = quiz(prompt=r'"Which\tone?\nPick it."', code=r'"x = 1\nprint(x)\n"', explanation='"a\u0085b"')

    loaded, problems = load_quiz_file(write_quiz(text))

    assert problems == []
    assert loaded is not None
    assert loaded.quiz.questions[0].prompt == "Which\tone?\nPick it."


def test_a_bank_with_one_such_file_loads_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(quiz().replace("id: one", "id: g1").replace("id: two", "id: g2"))
    (tmp_path / "bad.yaml").write_text(quiz(prompt=r'"Which? \e[41m"'))

    load = load_bank([tmp_path])

    assert [q.id for q in load.bank.questions] == ["g1", "g2"]
    assert [(Path(p.path).name, p.field) for p in load.problems] == [("bad.yaml", "questions[0].prompt")]
