"""Canvas and Moodle gradebook CSVs: the documented columns, the grade's own totals, nobody dropped."""

import csv
import json
from pathlib import Path

import pytest

from quizapp.core.errors import QuizAppError
from quizapp.core.records.exports import write_json
from quizapp.core.records.gradebook import ScoreRow, set_aside_duplicates
from quizapp.core.records.lms_gradebooks import (
    CANVAS_IDENTITY_COLUMNS,
    MOODLE_IDENTITY_COLUMNS,
    check_identities,
    lms_gradebook,
    moodle_user_columns,
    write_lms_gradebook,
)
from quizapp.core.records.roster import RosterEntry, RosterError, parse_roster

ROSTER = parse_roster(
    b"learner,name,email,sis_id,login_id,canvas_id,section\n"
    b'ada,"Lovelace, Ada",ada@example.org,S1,ada.l,101,"Mon, 9am"\n'
    b'bob,"Bob ""The Builder"" Smith",bob@example.org,S2,bob.s,102,Tue\n'
    b"carol,Carol,carol@example.org,S3,carol.c,103,Tue\n",
    "roster.csv",
)


def row(learner: str, quiz: str, question: str, points: float, most: float = 2.0, **extra: str) -> ScoreRow:
    fields = {"session": f"{learner}-{quiz}.json", "submitted_at": "2026-01-01T10:00:00", **extra}
    return ScoreRow(learner, quiz, question, "t", "numeric", 1, points, most, 0, 1.0, "", **fields)


ROWS = [
    row("ada", "Week 1", "q1", 2.0),
    row("ada", "Week 1", "q2", 1.5),
    row("ada", "Week 1", "q3", 0.0, most=1.0),
    row("bob", "Week 1", "q1", 0.5),
    row("bob", "Week 1", "q2", 0.0),
    row("bob", "Week 1", "q3", 1.0 / 3, most=1.0),
    row("ada", "Week 2", "q9", 1.0, most=1.0),
    # A flashcard's self-rating is in no total; a learner missing from the roster is listed.
    ScoreRow(
        "ada", "Week 2", "card", "t", "flashcard", "good", 1.0, 1.0, 0, 1.0, "", session="ada-Week 2.json"
    ),
    row("dave", "Week 1", "q1", 2.0),
    row("dave", "Week 1", "q2", 2.0),
    row("dave", "Week 1", "q3", 1.0, most=1.0),
]


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def grade_json_totals(rows: list[ScoreRow], tmp_path: Path) -> dict[tuple[str, str], float]:
    write_json(rows, tmp_path / "grade.json")
    document = json.loads((tmp_path / "grade.json").read_text())
    return {(line["learner"], line["quiz"]): line["total"] for line in document["gradebook"]["rows"]}


def test_canvas_has_its_identity_columns_a_points_possible_row_and_the_grade_totals(tmp_path: Path) -> None:
    book = lms_gradebook(ROWS, ROSTER)
    write_lms_gradebook(book, "canvas", tmp_path / "canvas.csv")

    header, points, *lines = read(tmp_path / "canvas.csv")
    assert header == [*CANVAS_IDENTITY_COLUMNS, "Week 1", "Week 2"]
    assert points == ["Points Possible", "", "", "", "", "5", "1"]
    by_id = {line[1]: line for line in lines}
    # Names with commas and quotes survive csv's quoting; carol submitted nothing and gets no line.
    assert by_id["101"][:5] == ["Lovelace, Ada", "101", "S1", "ada.l", "Mon, 9am"]
    assert by_id["102"][0] == 'Bob "The Builder" Smith'
    assert set(by_id) == {"101", "102"}
    # The cells are grade's own totals (its JSON), formatted as plain decimals.
    totals = grade_json_totals(ROWS, tmp_path)
    assert float(by_id["101"][5]) == totals[("ada", "Week 1")] == 3.5
    assert float(by_id["102"][5]) == totals[("bob", "Week 1")] == 0.83
    assert by_id["101"][6] == "1"  # the flashcard is not in it
    assert by_id["102"][6] == ""  # bob did not take Week 2: an empty cell, not a zero
    raw = (tmp_path / "canvas.csv").read_text(encoding="utf-8")
    assert '"Lovelace, Ada"' in raw
    assert '"Bob ""The Builder"" Smith"' in raw


def test_a_canvas_assignment_id_heads_its_column_the_way_canvas_names_assignments(tmp_path: Path) -> None:
    write_lms_gradebook(
        lms_gradebook(ROWS, ROSTER), "canvas", tmp_path / "c.csv", canvas_ids={"Week 2": "4711"}
    )
    assert read(tmp_path / "c.csv")[0][5:] == ["Week 1", "Week 2 (4711)"]


def test_moodle_has_an_identity_column_per_mapping_and_one_column_per_grade_item(tmp_path: Path) -> None:
    book = lms_gradebook(ROWS, ROSTER)
    write_lms_gradebook(book, "moodle", tmp_path / "moodle.csv")

    header, *lines = read(tmp_path / "moodle.csv")
    assert header == [*MOODLE_IDENTITY_COLUMNS, "Week 1", "Week 2"]
    assert header[:3] == ["Full name", "ID number", "Email address"]
    # Every line is a learner Moodle can map (no "Points Possible" line: Moodle would look for that user).
    assert lines == [
        ["Lovelace, Ada", "S1", "ada@example.org", "3.5", "1"],
        ['Bob "The Builder" Smith', "S2", "bob@example.org", "0.83", ""],
    ]


def test_missing_learners_and_missing_submissions_are_listed_never_dropped() -> None:
    book = lms_gradebook(ROWS, ROSTER)
    assert book.not_on_roster == ("dave",)
    assert book.no_submission == {"Week 1": ("carol",), "Week 2": ("bob", "carol")}
    assert [entry.learner for entry in book.entries] == ["ada", "bob"]


def test_zeros_for_missing_submissions_only_when_asked(tmp_path: Path) -> None:
    book = lms_gradebook(ROWS, ROSTER, missing_as_zero=True)
    write_lms_gradebook(book, "moodle", tmp_path / "moodle.csv")
    _, *lines = read(tmp_path / "moodle.csv")
    assert [line[3:] for line in lines] == [["3.5", "1"], ["0.83", "0"], ["0", "0"]]
    assert book.no_submission == {"Week 1": ("carol",), "Week 2": ("bob", "carol")}


def test_only_the_counted_submission_is_in_the_gradebook(tmp_path: Path) -> None:
    first = [row("ada", "Week 1", "q1", 2.0, session="early.json", submitted_at="2026-01-01T09:00:00")]
    last = [row("ada", "Week 1", "q1", 0.5, session="late.json", submitted_at="2026-01-01T11:00:00")]
    rows, duplicates = set_aside_duplicates(first + last)
    assert duplicates
    book = lms_gradebook(rows, ROSTER)
    assert book.totals == {("ada", "Week 1"): 0.5}
    assert grade_json_totals(rows, tmp_path)[("ada", "Week 1")] == 0.5
    with pytest.raises(QuizAppError, match="two counted submissions"):
        lms_gradebook(first + last, ROSTER)


def test_self_study_quizzes_with_different_maxima_leave_points_possible_empty(tmp_path: Path) -> None:
    rows = [
        row("ada", "practice", "q1", 1.0),
        row("bob", "practice", "q1", 1.0),
        row("bob", "practice", "q2", 1.0),
    ]
    book = lms_gradebook(rows, ROSTER)
    write_lms_gradebook(book, "canvas", tmp_path / "canvas.csv")
    assert read(tmp_path / "canvas.csv")[1] == ["Points Possible", "", "", "", "", ""]


def test_a_formula_in_a_name_is_made_inert_but_numbers_stay_numbers(tmp_path: Path) -> None:
    roster = (RosterEntry("ada", 2, name="=HYPERLINK(1)", email="a@x"),)
    write_lms_gradebook(lms_gradebook(ROWS[:3], roster), "moodle", tmp_path / "m.csv")
    assert read(tmp_path / "m.csv")[1] == ["'=HYPERLINK(1)", "", "a@x", "3.5"]


def test_moodle_is_told_the_columns_filled_on_every_line() -> None:
    assert moodle_user_columns(lms_gradebook(ROWS, ROSTER)) == ("ID number", "Email address")
    emails_only = parse_roster(b"learner,email,sis_id\nada,a@x,S1\nbob,b@x,\n")
    assert moodle_user_columns(lms_gradebook(ROWS, emails_only)) == ("Email address",)


def test_each_lms_must_be_able_to_tell_who_a_roster_entry_is() -> None:
    roster = parse_roster(b"learner,email,sis_id\nada,a@x,\nbob,,S2\ncarol,c@x,S3\n", "r.csv")
    with pytest.raises(RosterError) as moodle:
        check_identities(roster, "moodle", "r.csv")
    assert str(moodle.value) == (
        "r.csv:3: bob has no email (a Moodle import maps every line by one column: "
        "give every learner an email, or every learner an sis_id)"
    )
    # An email is not how Canvas finds a student: ada (line 2) has nothing Canvas matches on.
    with pytest.raises(RosterError) as canvas:
        check_identities(roster, "canvas", "r.csv")
    assert (
        str(canvas.value)
        == "r.csv:2: ada has no canvas_id, sis_id, login_id or name, so Canvas cannot tell who it is"
    )
    check_identities(parse_roster(b"learner,name\nada,Ada\n"), "canvas")
    check_identities(parse_roster(b"learner,sis_id\nada,S1\n"), "moodle")
