"""``AttemptStore``: learners, sessions and responses in SQLite, each answer committed at once."""

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from quizapp.core.records.migrations import MIGRATIONS, SCHEMA_VERSION
from quizapp.core.records.store_opening import DB_ENV, StoreError, check_before_writing, explain
from quizapp.core.records.stored_records import (
    RESPONSE_SELECT,
    SESSION_SELECT,
    ResponseRecord,
    SessionRecord,
    response_record,
    session_record,
)

BUSY_TIMEOUT_MS = 5000

__all__ = ["DB_ENV", "AttemptStore", "ResponseRecord", "SessionRecord", "StoreError", "default_db_path"]


def default_db_path() -> Path:
    """$QUIZAPP_DB, else ``attempts.sqlite3`` in the user's data directory."""
    if from_env := os.environ.get(DB_ENV):
        return Path(from_env)
    return Path(platformdirs.user_data_dir("quizapp", appauthor=False)) / "attempts.sqlite3"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class AttemptStore:
    """The attempt database. Every write is its own committed transaction.

    One store may be shared by threads (a TUI records answers from a worker thread while
    its main thread reads): every use of the connection holds the store's lock.
    """

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) and migrate the database at ``path``.

        Raises:
            StoreError: The file is not a quizapp database, is damaged, is locked, or was
                made by a newer quizapp. It is not modified.
        """
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the attempt database {path}: {error}") from None
        try:
            check_before_writing(self._db, path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise StoreError(explain(error, self.path)) from None
        except StoreError:
            self._db.close()
            raise

    @contextmanager
    def _using(self) -> Iterator[None]:
        """Hold the store's lock, and turn an SQLite error met inside into a StoreError.

        Every use of the connection goes through here, so a page found damaged mid-query or
        a lock held elsewhere is explained, never a traceback.
        """
        with self._lock:
            try:
                yield
            except sqlite3.DatabaseError as error:
                raise StoreError(explain(error, self.path)) from None

    def check_intact(self) -> None:
        """Check every page of the database (``PRAGMA quick_check``) before it is relied on whole.

        A query reads only the pages it needs, so a damaged page that an export never
        touches (an index, another table) would go unnoticed while the export looks complete.
        What is exported for grading is checked first.

        Raises:
            StoreError: A page is damaged; the file is left untouched.
        """
        with self._using():
            found = [str(row[0]) for row in self._db.execute("PRAGMA quick_check").fetchall()]
        if found != ["ok"]:
            damage = "; ".join(found[:3]) + (f"; and {len(found) - 3} more" if len(found) > 3 else "")
            raise StoreError(explain(sqlite3.DatabaseError(f"damaged pages: {damage}"), self.path))

    def _version(self) -> int:
        with self._using():
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        for version in range(self._version(), SCHEMA_VERSION):
            with self._transaction():
                if self._version() != version:  # another process migrated meanwhile
                    continue
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._version()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._using():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def connection(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The open connection under the store's lock, for tables kept beside these (learning cards).

        With ``write``, the block is one transaction, committed when it ends (rolled back on
        an error), so what it writes survives a crash as an answer does.

        Raises:
            StoreError: The database cannot be written (read-only, locked).
        """
        with self._transaction() if write else self._using():
            yield self._db

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> int:
        with self._transaction():
            cursor = self._db.execute(sql, parameters)
            return int(cursor.lastrowid or 0)

    def learner_id(self, name: str) -> int:
        """The id of the learner called ``name``, created on first use."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO learner(name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                (name, _now()),
            )
            row = self._db.execute("SELECT id FROM learner WHERE name = ?", (name,)).fetchone()
        return int(row[0])

    def start_session(
        self,
        learner: str,
        *,
        mode: str,
        bank_fingerprint: str,
        seed: int,
        question_ids: list[str],
        settings: dict[str, Any] | None = None,
    ) -> int:
        """Record a new session and return its id."""
        learner_id = self.learner_id(learner)
        return self._write(
            "INSERT INTO session(learner_id, mode, bank_fingerprint, seed, question_ids, settings,"
            " started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                learner_id,
                mode,
                bank_fingerprint,
                seed,
                json.dumps(question_ids),
                json.dumps(settings or {}),
                _now(),
            ),
        )

    def record_response(
        self,
        session_id: int,
        *,
        question_id: str,
        question_hash: str,
        answer: Any,
        score: float,
        max_score: float,
        hints_used: int = 0,
        seconds: float = 0.0,
        variant: dict[str, Any] | None = None,
        device: str | None = None,
        torch_version: str | None = None,
    ) -> int:
        """Store one answer; it is committed (and survives a crash) when this returns."""
        return self._write(
            "INSERT INTO response(session_id, question_id, question_hash, answer, score, max_score,"
            " hints_used, seconds, answered_at, variant, device, torch_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                question_id,
                question_hash,
                json.dumps(answer),
                score,
                max_score,
                hints_used,
                seconds,
                _now(),
                json.dumps(variant) if variant is not None else None,
                device,
                torch_version,
            ),
        )

    def finish_session(self, session_id: int) -> None:
        """Mark a session finished."""
        self._write(
            "UPDATE session SET finished_at = ? WHERE id = ? AND finished_at IS NULL", (_now(), session_id)
        )

    def unfinished_session(self, learner: str) -> SessionRecord | None:
        """The learner's latest session that was never finished, to offer resuming it."""
        with self._using():
            row = self._db.execute(
                f"{SESSION_SELECT} WHERE learner.name = ? AND session.finished_at IS NULL "
                "ORDER BY session.id DESC LIMIT 1",
                (learner,),
            ).fetchone()
        return session_record(row) if row else None

    def sessions(self, learner: str | None = None) -> list[SessionRecord]:
        """Every session, oldest first (only ``learner``'s when given)."""
        where, parameters = ("WHERE learner.name = ?", (learner,)) if learner else ("", ())
        with self._using():
            rows = self._db.execute(f"{SESSION_SELECT} {where} ORDER BY session.id", parameters).fetchall()
        return [session_record(row) for row in rows]

    def responses(self, session_id: int) -> list[ResponseRecord]:
        """A session's responses in the order they were given."""
        with self._using():
            rows = self._db.execute(
                f"{RESPONSE_SELECT} WHERE session_id = ? ORDER BY id", (session_id,)
            ).fetchall()
        return [response_record(row) for row in rows]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> "AttemptStore":
        """Use the store in a ``with`` block."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the store."""
        self.close()
