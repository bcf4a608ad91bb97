"""A database damaged in its pages gives the store's clean error wherever it is used, never a traceback."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.records.attempt_store import AttemptStore, StoreError


def _damaged_store(tmp_path: Path) -> Path:
    path = tmp_path / "attempts.sqlite3"
    with AttemptStore(path) as store:
        for number in range(40):
            session = store.start_session(
                "ada", mode="practice", bank_fingerprint="f", seed=number, question_ids=["q"]
            )
            store.record_response(
                session, question_id="q", question_hash="h", answer="x" * 200, score=1, max_score=1
            )
            store.finish_session(session)
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
