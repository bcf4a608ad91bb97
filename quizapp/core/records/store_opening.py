"""What the attempt store checks before it writes to a file, and how it explains a file it refuses.

The promise: a file that is not quizapp's, is damaged, read-only, locked or from a newer
quizapp is reported and left exactly as it was (not even switched to WAL).
"""

import os
import sqlite3
from functools import cache
from pathlib import Path

from quizapp.core.errors import QuizAppError
from quizapp.core.records.migrations import MIGRATIONS, SCHEMA_VERSION

DB_ENV = "QUIZAPP_DB"
"""Environment variable naming the attempt database to use."""
_ELSEWHERE = f"point {DB_ENV} or --db at another file"


class StoreError(QuizAppError):
    """The attempt database cannot be used; it is left exactly as it was."""


def check_before_writing(db: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written, a file that quizapp must leave untouched.

    Raises:
        StoreError: The file was written by a newer quizapp, is another program's SQLite
            database (whatever its ``user_version`` says), or cannot be written.
        sqlite3.DatabaseError: The file is not an SQLite database, or is damaged.
    """
    tables = _columns_of(db)
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer quizapp (schema {version}; this one knows "
            f"{SCHEMA_VERSION}); it was left untouched"
        )
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{path} is an SQLite database, but not quizapp's; it was left untouched")
    missing = [
        f"{table}.{column}"
        for table, columns in expected_columns(version).items()
        for column in sorted(columns - tables.get(table, set()))
    ]
    if missing:
        raise StoreError(
            f"{path} is an SQLite database, but not quizapp's: it says schema {version}, yet has no "
            f"{', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}; it was left untouched. "
            f"Move it aside, or {_ELSEWHERE}"
        )
    if not _may_write(path):
        raise StoreError(read_only_message(path))


def _columns_of(db: sqlite3.Connection) -> dict[str, set[str]]:
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        name: {row[0] for row in db.execute("SELECT name FROM pragma_table_info(?)", (name,))}
        for name in names
    }


@cache
def expected_columns(version: int) -> dict[str, frozenset[str]]:
    """Every table and its columns in a quizapp database at schema ``version``."""
    scratch = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS[:version]:
            scratch.executescript(migration)
        return {table: frozenset(columns) for table, columns in _columns_of(scratch).items()}
    finally:
        scratch.close()


def _may_write(path: Path) -> bool:
    """Whether the file and its directory (where SQLite keeps its journal) are writable."""
    if not path.exists():
        return True
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def read_only_message(path: Path) -> str:
    """What to say about a database this process may not write."""
    return (
        f"the attempt database {path} is read-only (it or its directory cannot be written); "
        f"nothing was changed. Make it writable, or {_ELSEWHERE}"
    )


def explain(error: sqlite3.DatabaseError, path: Path) -> str:
    """A message for a person about an SQLite error on the attempt database at ``path``."""
    text = str(error)
    if getattr(error, "sqlite_errorname", "").startswith("SQLITE_READONLY") or "readonly" in text:
        return read_only_message(path)
    if "locked" in text or "busy" in text:
        return (
            f"the attempt database {path} is locked by another program; close it and "
            "try again (nothing was changed)"
        )
    return (
        f"{path} is not a usable quizapp database ({text}); it was left untouched. "
        f"Move it aside, or {_ELSEWHERE}"
    )
