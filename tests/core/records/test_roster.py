"""A roster is read whole, and every problem is reported at its line, never as a traceback."""

from pathlib import Path

import pytest

from quizapp.core.records.roster import RosterEntry, RosterError, parse_roster, read_roster


def test_a_roster_in_any_column_order_with_a_bom_and_a_quoted_name() -> None:
    data = '\ufeffSection, Learner ,NAME\r\nA,ada,"Lovelace, Ada"\r\n\r\nB,bob,\r\n'.encode()
    assert parse_roster(data) == (
        RosterEntry("ada", 2, name="Lovelace, Ada", section="A"),
        RosterEntry("bob", 4, section="B"),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "r.csv: the roster is empty; its first line names the columns"),
        (b"  \n\n", "r.csv: the roster is empty"),
        (b"learner,name\n", "r.csv: the roster names no learner (only its header line)"),
        (b"name,email\nAda,a@x\n", "r.csv:1: no 'learner' column"),
        (b"learner,emial\nada,a@x\n", "r.csv:1: unknown column 'emial' (a roster has: learner, name, email"),
        (b"learner,learner\nada,ada\n", "r.csv:1: the column 'learner' is named twice"),
        (b"learner,email\nada,a@x\nbob\n", "r.csv:3: 1 fields, but the header names 2"),
        (b"learner,email\n ,a@x\n", "r.csv:2: the learner is empty"),
        (b"learner\nada\nbob\nada\n", "r.csv:4: learner 'ada' is on line 2 too"),
        (b"learner,email\nada,a@x\nbob,a@x\n", "r.csv:3: email 'a@x' is on line 2 too"),
        (b"learner,canvas_id\nada,12a\n", "r.csv:2: canvas_id '12a' is not a number"),
        (b"learner,name\nada,Ad\xe9\n", "r.csv:2: the roster is not UTF-8 (byte 0xe9); save it as UTF-8 CSV"),
        ("learner\nada\n".encode("utf-16"), "r.csv: the roster is UTF-16 (its byte-order mark says so)"),
        (b'learner,name\nada,"Lovelace\nbob,x\n', "r.csv:3: not readable as CSV"),
    ],
)
def test_a_bad_roster_is_refused_with_the_place_of_its_problem(data: bytes, message: str) -> None:
    with pytest.raises(RosterError) as refused:
        parse_roster(data, "r.csv")
    assert str(refused.value).startswith(message)
    assert refused.value.exit_code != 0


def test_every_problem_is_reported_at_once_with_lines_after_a_multiline_name() -> None:
    data = b'learner,name\nada,"Lovelace,\nAda"\nada,Again\n,Nobody\n'
    with pytest.raises(RosterError) as refused:
        parse_roster(data, "r.csv")
    assert str(refused.value).splitlines() == [
        "r.csv:4: learner 'ada' is on line 2 too",
        "r.csv:5: the learner is empty",
    ]


def test_an_unreadable_roster_file_is_a_roster_error(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="cannot read the roster"):
        read_roster(tmp_path / "missing.csv")
