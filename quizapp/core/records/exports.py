"""Scores leave the machine as CSV (long and wide) or JSON, safe to open in a spreadsheet.

Every row says which quiz, session, mode and submission it belongs to, whether that session
was finished, whether it counts and, below full marks, why. What counts is decided in
``gradebook`` (flashcards are self-assessment, the first answer counts, one submission per
learner and quiz, an unfinished session's questions not answered yet score 0). Text is
written verbatim: in CSV a spreadsheet formula is neutralised and a text too long for a
cell is cut, saying so; nothing else is changed, and JSON holds every text whole.
"""

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quizapp.core.records.gradebook import ScoreRow, counted_rows, gradebook, in_session_total

__all__ = [
    "LONG_COLUMNS",
    "ScoreRow",
    "long_record",
    "safe_cell",
    "write_json",
    "write_long_csv",
    "write_wide_csv",
]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet treat a text cell as a formula (OWASP's CSV-injection list)."""
UNDECODABLE = "backslashreplace"
"""How text that is no UTF-8 is written: a file name with bytes of another encoding (Python
holds them as lone surrogates) appears as ``\udcff``, readable, instead of ending the export."""

MOST_CELL_CHARS = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit; LibreOffice Calc's is higher)."""
_KEPT_CHARS = 32_000
"""How much of a longer text a CSV cell keeps, leaving room for the note that it was cut."""

LONG_COLUMNS = (
    "learner",
    "quiz",
    "session",
    "mode",
    "submitted_at",
    "finished",
    "question_id",
    "topic",
    "type",
    "answer",
    "score",
    "max",
    "hints",
    "hints_source",
    "seconds",
    "answered_at",
    "counted",
    "reason",
    "evidence",
)


def safe_cell(value: Any) -> Any:
    """Make a text value inert in a spreadsheet, and short enough for one cell; numbers (and None) pass.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, so ``=HYPERLINK(...)`` is shown as text and never evaluated. Text over
    ``MOST_CELL_CHARS`` (a hand-edited answer: the app takes none so long) keeps its first
    ``_KEPT_CHARS`` and says it was cut; a spreadsheet would spill the rest into the rows below.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    text = value if isinstance(value, str) else json.dumps(value)
    if len(text) > MOST_CELL_CHARS:
        text = (
            text[:_KEPT_CHARS]
            + f"\u2026 [cut: {len(text):,} characters in all; the JSON export has it whole]"
        )
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def long_record(row: ScoreRow) -> dict[str, Any]:
    """One answer as an export record.

    A flashcard's score and maximum are left empty (None): its self-rating is in ``answer``,
    and a sum over the ``score`` column cannot take it in. ``finished`` is False for a
    session never finished (it may still be resumed). ``counted`` says whether the row is in
    the gradebook's totals (an unfinished session's question "not answered yet" is, as 0);
    ``reason`` why not, or why it is below full marks; ``evidence`` what a machine-read score
    (an explain answer's) rests on.
    """
    record = {column: getattr(row, column) for column in LONG_COLUMNS if hasattr(row, column)}
    if row.self_rated:
        record["score"] = record["max"] = None
    record["counted"] = in_session_total(row)
    record["reason"] = row.not_counted or row.reason
    return record


def _yes_no(record: dict[str, Any], *columns: str) -> dict[str, Any]:
    """The record with these true/false columns written as yes or no, for a spreadsheet."""
    return record | {column: "yes" if record[column] else "no" for column in columns if column in record}


def write_long_csv(rows: Sequence[ScoreRow], path: Path) -> None:
    """One line per learner per question (``finished`` and ``counted`` written as yes or no)."""
    with path.open("w", newline="", encoding="utf-8", errors=UNDECODABLE) as out:
        writer = csv.DictWriter(out, fieldnames=LONG_COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for row in counted_rows(rows):
            record = _yes_no(long_record(row), "finished", "counted")
            writer.writerow({key: safe_cell(value) for key, value in record.items()})


def write_wide_csv(rows: Sequence[ScoreRow], path: Path) -> None:
    """The gradebook as CSV (``finished`` written as yes or no).

    A question its session asked and got no answer to is a cell of 0; one it never asked is
    an empty cell.
    """
    columns, lines = gradebook(rows)
    with path.open("w", newline="", encoding="utf-8", errors=UNDECODABLE) as out:
        writer = csv.DictWriter(out, fieldnames=columns, restval="")
        writer.writeheader()
        for line in lines:
            writer.writerow({key: safe_cell(value) for key, value in _yes_no(line, "finished").items()})


def write_json(rows: Sequence[ScoreRow], path: Path) -> None:
    """Both views as JSON (text kept as is: JSON is not evaluated by spreadsheets)."""
    columns, lines = gradebook(rows)
    document = {
        "responses": [long_record(row) for row in counted_rows(rows)],
        "gradebook": {"columns": columns, "rows": lines},
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", errors=UNDECODABLE)
