"""Writing score rows to the file a grader asked for: JSON, or CSV in long or wide form."""

from pathlib import Path

from quizapp.core.errors import QuizAppError
from quizapp.core.records.exports import ScoreRow, write_json, write_long_csv, write_wide_csv


def write_scores(rows: list[ScoreRow], out: Path, *, wide: bool) -> None:
    """Write rows as JSON (by suffix), or CSV in long or wide (gradebook) form."""
    try:
        if out.suffix.lower() == ".json":
            write_json(rows, out)
        elif wide:
            write_wide_csv(rows, out)
        else:
            write_long_csv(rows, out)
    except OSError as error:
        raise QuizAppError(f"cannot write {out}: {error.strerror or error}") from None
