"""A database damaged in its pages gives the store's clean error wherever it is used, never a traceback."""

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.records.attempt_store import AttemptStore, StoreError


def _store_of_answers(tmp_path: Path, sessions: int, answer: str = "x") -> Path:
    """A database of ``sessions`` finished sessions by ada, one right ``answer`` each."""
    path = tmp_path / "attempts.sqlite3"
    with AttemptStore(path) as store:
        for number in range(sessions):
            session = store.start_session(
                "ada", mode="practice", bank_fingerprint="f", seed=number, question_ids=["q"]
            )
            store.record_response(
                session, question_id="q", question_hash="h", answer=answer, score=1, max_score=1
            )
            store.finish_session(session)
    return path


def _damaged_store(tmp_path: Path) -> Path:
    path = _store_of_answers(tmp_path, 40, "x" * 200)
    size = path.stat().st_size
    with path.open("r+b") as stream:  # every page after the first (the schema): the stored rows
        stream.seek(4096)
        stream.write(b"\xab" * (size - 4096))
    return path


def test_reading_a_damaged_page_is_a_store_error(tmp_path: Path) -> None:
    path = _damaged_store(tmp_path)
    before = path.read_bytes()

    with AttemptStore(path) as store, pytest.raises(StoreError, match="left untouched"):
        store.sessions()

    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "command", [["stats", "--learner", "ada"], ["submit", "--learner", "ada", "--output", "out.json"]]
)
def test_commands_report_a_damaged_database_cleanly(tmp_path: Path, command: list[str]) -> None:
    path = _damaged_store(tmp_path)

    command = [str(tmp_path / part) if part == "out.json" else part for part in command]
    result = CliRunner().invoke(main, [*command, "--db", str(path)], catch_exceptions=False)

    assert result.exit_code != 0
    assert "is not a usable quizapp database (database disk image is malformed)" in result.stderr
    assert "left untouched" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def _store_damaged_in_an_index(tmp_path: Path) -> Path:
    """A database whose rows are whole but one index page is garbage: no export query reads it."""
    path = _store_of_answers(tmp_path, 3)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        [root] = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'review_by_card'").fetchone()
    with path.open("r+b") as stream:
        stream.seek((root - 1) * page_size)
        stream.write(b"\xab" * page_size)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--out", "scores.csv"],
        ["export", "--out", "scores.json", "--wide"],
        ["export", "--schedule", "--out", "scores.json"],
        ["submit", "--learner", "ada", "--output", "scores.json"],
    ],
    ids=["export", "export-wide", "export-schedule", "submit"],
)
def test_a_damaged_page_no_query_reads_still_stops_an_export(tmp_path: Path, command: list[str]) -> None:
    path = _store_damaged_in_an_index(tmp_path)
    before = path.read_bytes()
    out = tmp_path / command[command.index("--out" if "--out" in command else "--output") + 1]
    command = [str(out) if part == out.name else part for part in command]

    result = CliRunner().invoke(main, [*command, "--db", str(path)], catch_exceptions=False)

    assert result.exit_code != 0
    assert "damaged pages" in result.stderr
    assert "left untouched" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not out.exists()  # nothing half-true was written
    assert path.read_bytes() == before


def test_an_intact_database_exports_as_before(tmp_path: Path) -> None:
    path = _store_of_answers(tmp_path, 1)
    with AttemptStore(path) as store:
        store.check_intact()  # raises nothing

    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "s.csv"), "--db", str(path)])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "s.csv").is_file()
    assert ": 1 answer." in result.output  # one answer, not "1 answers"
