"""The grader's roster: who each learner named in a submission is in the LMS (a CSV file, checked whole).

A roster is UTF-8 CSV (a byte-order mark, as Excel writes, is fine) whose first line names
its columns, in any order and any case:

- ``learner`` (required): the name a learner's submissions carry (``quizapp take --learner``),
  matched exactly;
- ``name``: the name the LMS shows ("Lovelace, Ada"); Canvas also matches a student by it;
- ``email``: the LMS account's email address (Moodle maps a row by it);
- ``sis_id``: the student-information-system id (Canvas's SIS User ID, Moodle's ID number);
- ``login_id``: Canvas's SIS Login ID;
- ``canvas_id``: Canvas's own numeric user id (its ``ID`` column);
- ``section``: Canvas's section.

Every problem is reported with its line, all at once: a missing or unknown column, a row
with too many or too few fields, an empty learner, a learner or an LMS identity given
twice, text that is not UTF-8.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.core.errors import QuizAppError
from quizapp.core.records.regular_files import UnreadableFileError, read_regular_file

if TYPE_CHECKING:
    from _csv import Reader

MAX_ROSTER_BYTES = 64 * 1024 * 1024
"""The largest roster read: 64 MiB, room for far more learners than any course has."""
ROSTER_COLUMNS = ("learner", "name", "email", "sis_id", "login_id", "canvas_id", "section")
"""The columns a roster may have; only ``learner`` is required."""

_UNIQUE = ("learner", "email", "sis_id", "login_id", "canvas_id")
"""Columns whose values name one person: two rows with one value would be one LMS account."""

_OTHER_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class RosterError(QuizAppError):
    """A roster file that cannot be used; the message lists every problem at its line."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One learner as the LMS knows them."""

    learner: str
    """The name their submissions carry."""
    line: int
    """Where the entry is in the roster file (1-based), for messages."""
    name: str = ""
    email: str = ""
    sis_id: str = ""
    login_id: str = ""
    canvas_id: str = ""
    section: str = ""

    @property
    def display_name(self) -> str:
        """The name to show: ``name``, else the learner's own."""
        return self.name or self.learner


def read_roster(path: Path) -> tuple[RosterEntry, ...]:
    """Read and check a roster file.

    Raises:
        RosterError: The file is not a regular file or cannot be read, or has any problem (all are
            listed, each at its line).
    """
    try:  # a FIFO or a device is refused, not waited on
        data = read_regular_file(path, MAX_ROSTER_BYTES)
    except UnreadableFileError as error:
        raise RosterError(f"cannot read the roster {path}: {error}") from None
    return parse_roster(data, str(path))


def parse_roster(data: bytes, source: str = "roster") -> tuple[RosterEntry, ...]:
    """Check a roster's bytes and return its entries in file order.

    Args:
        data: The file's bytes.
        source: The file's name, for messages.

    Raises:
        RosterError: Every problem found, each as ``source:line: message``.
    """
    text = _decode(data, source)
    if not text.strip():
        raise RosterError(f"{source}: the roster is empty; its first line names the columns ({_known()})")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        columns = _check_header(header, source, problems)
        entries = _entries(reader, header, columns, source, problems)
    except csv.Error as error:
        raise RosterError(f"{source}:{reader.line_num}: not readable as CSV: {error}") from None
    if problems:
        raise RosterError("\n".join(problems))
    if not entries:
        raise RosterError(f"{source}: the roster names no learner (only its header line)")
    return tuple(entries)


def _known() -> str:
    return ", ".join(ROSTER_COLUMNS)


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _OTHER_BOMS.items():
        if data.startswith(bom):
            raise RosterError(
                f"{source}: the roster is {encoding} (its byte-order mark says so); save it as UTF-8 CSV"
            )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RosterError(
            f"{source}:{line}: the roster is not UTF-8 (byte {data[error.start]:#04x}); save it as UTF-8 CSV"
        ) from None


def _check_header(header: list[str], source: str, problems: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, column in enumerate(header):
        if column not in ROSTER_COLUMNS:
            problems.append(f"{source}:1: unknown column {column!r} (a roster has: {_known()})")
        elif column in columns:
            problems.append(f"{source}:1: the column {column!r} is named twice")
        else:
            columns[column] = index
    if "learner" not in columns:
        problems.append(f"{source}:1: no 'learner' column (the name each learner's submissions carry)")
    return columns


def _entries(
    reader: "Reader", header: list[str], columns: dict[str, int], source: str, problems: list[str]
) -> list[RosterEntry]:
    entries: list[RosterEntry] = []
    seen: dict[tuple[str, str], int] = {}
    line = reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"{source}:{start}: {len(row)} fields, but the header names {len(header)}")
            continue
        values = {column: row[index].strip() for column, index in columns.items()}
        if "learner" not in values:
            continue  # the header's problem, reported once
        if not values["learner"]:
            problems.append(f"{source}:{start}: the learner is empty")
            continue
        if values.get("canvas_id") and not values["canvas_id"].isdigit():
            problems.append(
                f"{source}:{start}: canvas_id {values['canvas_id']!r} is not a number (Canvas's user id)"
            )
        for column in _UNIQUE:
            if value := values.get(column, ""):
                if (first := seen.get((column, value))) is not None:
                    problems.append(f"{source}:{start}: {column} {value!r} is on line {first} too")
                else:
                    seen[(column, value)] = start
        entries.append(RosterEntry(line=start, **values))
    return entries
