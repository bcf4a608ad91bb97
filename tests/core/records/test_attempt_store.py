"""The attempt store on a real SQLite file: nothing answered is lost, nothing damaged is touched."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from quizapp.core.records.attempt_store import AttemptStore, StoreError, default_db_path
from quizapp.core.records.migrations import MIGRATIONS, SCHEMA_VERSION
from tests.paths import ROOT


def start(store: AttemptStore, learner: str = "ada") -> int:
    return store.start_session(
        learner, mode="practice", bank_fingerprint="f" * 16, seed=7, question_ids=["q1", "q2", "q3", "q4"]
    )


def answer(store: AttemptStore, session: int, question: str, given: object = "a") -> int:
    return store.record_response(
        session, question_id=question, question_hash="h", answer=given, score=1.0, max_score=1.0
    )


def test_a_session_and_its_answers_round_trip(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = start(store)
        answer(store, session, "q1", ["a", "c"])
        store.record_response(
            session,
            question_id="q2",
            question_hash="h2",
            answer="10.0",
            score=0.9,
            max_score=1.0,
            hints_used=1,
            seconds=12.5,
            variant={"a": 3.0},
            device="cpu",
            torch_version="2.13.0",
        )
        stored = store.responses(session)

    assert [r.question_id for r in stored] == ["q1", "q2"]
    assert stored[0].answer == ["a", "c"]
    assert (stored[1].score, stored[1].hints_used, stored[1].seconds) == (0.9, 1, 12.5)
    assert (stored[1].variant, stored[1].device, stored[1].torch_version) == ({"a": 3.0}, "cpu", "2.13.0")


def test_a_finished_session_is_not_offered_for_resuming(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        first = start(store)
        store.finish_session(first)
        second = start(store)
        unfinished = store.unfinished_session("ada")

        assert unfinished is not None
        assert unfinished.id == second
        assert store.unfinished_session("grace") is None
        assert [s.finished_at is not None for s in store.sessions("ada")] == [True, False]


KILLED_MID_SESSION = """
import os, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from quizapp.core.records.attempt_store import AttemptStore
store = AttemptStore(Path({db!r}))
session = store.start_session(
    "ada", mode="exam", bank_fingerprint="f", seed=1, question_ids=["q1", "q2", "q3"]
)
for question in ("q1", "q2"):
    store.record_response(session, question_id=question, question_hash="h", answer="x", score=1, max_score=1)
print(session, flush=True)
time.sleep(60)
"""


def test_answers_survive_a_sigkill_and_the_session_can_be_resumed(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    script = textwrap.dedent(KILLED_MID_SESSION.format(root=str(ROOT), db=str(db)))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    session = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait()

    with AttemptStore(db) as store:
        resumable = store.unfinished_session("ada")
        assert resumable is not None
        assert resumable.id == session
        assert resumable.question_ids == ("q1", "q2", "q3")
        assert [r.question_id for r in store.responses(session)] == ["q1", "q2"]


@pytest.mark.parametrize(
    "content", [b"this is not a database at all\n" * 20, b"SQLite format 3\x00" + b"\xff" * 4080, bytes(4096)]
)
def test_a_corrupt_file_gives_a_clear_error_and_is_left_untouched(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "a.sqlite3"
    db.write_bytes(content)

    with pytest.raises(StoreError, match="left untouched"):
        AttemptStore(db)

    assert db.read_bytes() == content


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite3"
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE notes(text)")
    before = db.read_bytes()

    with pytest.raises(StoreError, match="not quizapp's"):
        AttemptStore(db)
    assert db.read_bytes() == before


def test_a_database_from_a_newer_quizapp_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    AttemptStore(db).close()
    with sqlite3.connect(db) as newer:
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    with pytest.raises(StoreError, match="newer quizapp"):
        AttemptStore(db)


def test_a_locked_database_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quizapp.core.records.attempt_store.BUSY_TIMEOUT_MS", 100)
    store = AttemptStore(tmp_path / "a.sqlite3")
    session = start(store)
    locker = sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            answer(store, session, "q1")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    answer(store, session, "q1")  # usable again once the lock is gone
    assert len(store.responses(session)) == 1
    store.close()


WRITER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from quizapp.core.records.attempt_store import AttemptStore
store = AttemptStore(Path({db!r}))
session = store.start_session({learner!r}, mode="practice", bank_fingerprint="f", seed=1, question_ids=["q"])
for n in range(150):
    store.record_response(session, question_id=f"q{{n}}", question_hash="h", answer=n, score=1, max_score=1)
"""


def test_two_processes_answering_at_once_lose_no_row(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    AttemptStore(db).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WRITER.format(root=str(ROOT), db=str(db), learner=name))]
        )
        for name in ("ada", "grace")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]

    with AttemptStore(db) as store:
        counts = [len(store.responses(s.id)) for s in store.sessions()]
    assert counts == [150, 150]


def test_a_database_of_the_first_schema_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as old:
        old.executescript(MIGRATIONS[0])
        old.execute("PRAGMA user_version = 1")
        old.execute("INSERT INTO learner(name, created_at) VALUES ('ada', '2026-01-01')")
        old.execute(
            "INSERT INTO session(learner_id, mode, bank_fingerprint, seed, question_ids, started_at)"
            " VALUES (1, 'exam', 'f', 3, '[\"q1\"]', '2026-01-01')"
        )
        old.execute(
            "INSERT INTO response(session_id, question_id, question_hash, answer, score, max_score,"
            " answered_at) VALUES (1, 'q1', 'h', '\"b\"', 0, 1, '2026-01-01')"
        )

    with AttemptStore(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        [response] = store.responses(1)
    assert (response.answer, response.score, response.device) == ("b", 0.0, None)


def test_the_database_location_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_DB", str(tmp_path / "elsewhere.sqlite3"))
    assert default_db_path() == tmp_path / "elsewhere.sqlite3"
    monkeypatch.delenv("QUIZAPP_DB")
    assert default_db_path().name == "attempts.sqlite3"


def test_answers_recorded_on_a_worker_thread_are_read_back_on_the_main_thread(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = start(store)

        def record() -> None:
            try:
                for index in range(50):
                    answer(store, session, f"q{index}")
            except BaseException as error:  # handed to the main thread, which fails the test
                errors.append(error)

        worker = threading.Thread(target=record)
        worker.start()
        while worker.is_alive():  # read while the worker writes, as a TUI's main thread does
            store.responses(session)
            store.sessions("ada")
        worker.join()
        stored = store.responses(session)

    assert errors == []
    assert [r.question_id for r in stored] == [f"q{index}" for index in range(50)]


def foreign_database(path: Path, user_version: int) -> tuple[bytes, int]:
    """Another program's SQLite file that happens to carry a user_version quizapp uses."""
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes(text)")
        other.execute("INSERT INTO notes VALUES ('keep me')")
        other.execute(f"PRAGMA user_version = {user_version}")
    other.close()
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("user_version", [1, 2])
def test_a_foreign_database_with_a_quizapp_user_version_is_refused_untouched(
    tmp_path: Path, user_version: int
) -> None:
    db = tmp_path / "other.sqlite3"
    before = foreign_database(db, user_version)

    with pytest.raises(StoreError, match="not quizapp's") as refused:
        AttemptStore(db)

    assert "left untouched" in str(refused.value)
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.sqlite3"]  # no -wal, no -shm
    with sqlite3.connect(db) as reread:
        assert reread.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for this process: by its mode, or (root writes any mode) immutable."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("running as root on a file system without immutable files: nothing is read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_is_reported_as_read_only(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    with AttemptStore(db) as store:
        start(store)
    before = db.read_bytes(), db.stat().st_mtime_ns

    with read_only(db), pytest.raises(StoreError) as refused:
        AttemptStore(db)

    assert str(refused.value).startswith(f"the attempt database {db} is read-only")
    assert "not a usable quizapp database" not in str(refused.value)
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
