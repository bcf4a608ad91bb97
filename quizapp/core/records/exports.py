"""Scores leave the machine as CSV (long and wide) or JSON, safe to open in a spreadsheet."""

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet treat a text cell as a formula (OWASP's CSV-injection list)."""

LONG_COLUMNS = (
    "learner",
    "quiz",
    "question_id",
    "topic",
    "type",
    "answer",
    "score",
    "max",
    "hints",
    "seconds",
    "answered_at",
)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One learner's graded answer to one question."""

    learner: str
    quiz: str
    question_id: str
    topic: str
    type: str
    answer: Any
    score: float
    max: float
    hints: int
    seconds: float
    answered_at: str


def safe_cell(value: Any) -> Any:
    """Make a text value inert in a spreadsheet; numbers (and None) pass unchanged.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, so ``=HYPERLINK(...)`` is shown as text and never evaluated.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    text = value if isinstance(value, str) else json.dumps(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _long_record(row: ScoreRow) -> dict[str, Any]:
    return {column: getattr(row, column) for column in LONG_COLUMNS}


def write_long_csv(rows: Sequence[ScoreRow], path: Path) -> None:
    """One line per learner per question."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=LONG_COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: safe_cell(value) for key, value in _long_record(row).items()})


def gradebook(rows: Sequence[ScoreRow]) -> tuple[list[str], list[dict[str, Any]]]:
    """The wide view: one line per learner with total, percentage and a column per question."""
    questions = sorted({row.question_id for row in rows})
    by_learner: dict[str, dict[str, Any]] = {}
    for row in rows:
        line = by_learner.setdefault(row.learner, {"learner": row.learner, "total": 0.0, "max": 0.0})
        line[row.question_id] = row.score
        line["total"] = round(line["total"] + row.score, 2)
        line["max"] = round(line["max"] + row.max, 2)
    for line in by_learner.values():
        line["percentage"] = round(100 * line["total"] / line["max"], 1) if line["max"] else 0.0
    return ["learner", "total", "max", "percentage", *questions], list(by_learner.values())


def write_wide_csv(rows: Sequence[ScoreRow], path: Path) -> None:
    """The gradebook as CSV; a question a learner did not answer is an empty cell."""
    columns, lines = gradebook(rows)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, restval="")
        writer.writeheader()
        for line in lines:
            writer.writerow({key: safe_cell(value) for key, value in line.items()})


def write_json(rows: Sequence[ScoreRow], path: Path) -> None:
    """Both views as JSON (text kept as is: JSON is not evaluated by spreadsheets)."""
    columns, lines = gradebook(rows)
    document = {
        "responses": [_long_record(row) for row in rows],
        "gradebook": {"columns": columns, "rows": lines},
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
