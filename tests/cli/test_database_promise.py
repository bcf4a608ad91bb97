"""The database promise from the command line: a file quizapp refuses is reported, never changed."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("user_version", [1, 2])
@pytest.mark.parametrize("command", [["stats"], ["export", "--out", "x.csv"], ["submit", "-o", "s.json"]])
def test_commands_on_a_foreign_database_report_it_and_leave_it_as_it_was(
    tmp_path: Path, user_version: int, command: list[str]
) -> None:
    db = tmp_path / "other.sqlite3"
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE session(id, title)")
        other.execute(f"PRAGMA user_version = {user_version}")
    other.close()
    before = db.read_bytes(), db.stat().st_mtime_ns

    result = subprocess.run(
        [sys.executable, "-m", "quizapp", *command, "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"quizapp: error: {db} is an SQLite database, but not quizapp's")
    assert "left untouched" in result.stderr
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.sqlite3"]
