"""What ``quizapp grade`` prints: each submission's score, why any answer is below full, duplicates.

Every text that came from a learner's file (name, quiz, question ids, reasons) goes
through ``terminal_safe`` first, so no escape sequence reaches the grader's terminal.
"""

from collections.abc import Sequence
from dataclasses import replace

from quizapp.core.records.gradebook import (
    SELF_RATED_NOTE,
    SET_ASIDE_NOTE,
    DuplicateSubmissions,
    ScoreRow,
    counted_rows,
    self_assessment,
)
from quizapp.core.records.submissions import GradedSubmission
from quizapp.core.records.terminal_text import terminal_safe


def submission_report(result: GradedSubmission, rows: Sequence[ScoreRow]) -> list[str]:
    """The lines for one graded submission: its score, then one line per answer below full.

    Args:
        result: The graded submission (for its notes on the bank).
        rows: Its rows as they will be exported. When another submission counts instead,
            its own score is shown, marked as not counted.
    """
    set_aside = any(row.not_counted.startswith(SET_ASIDE_NOTE) for row in rows)
    marked = counted_rows(replace(row, not_counted="") if set_aside else row for row in rows)
    counted = [row for row in marked if not row.not_counted]
    total = round(sum(row.score for row in counted), 2)
    most = round(sum(row.max for row in counted), 2)
    notes = []
    if result.changed:
        notes.append(f"changed since answered: {', '.join(result.changed)}")
    if result.missing:
        notes.append(f"not in your bank: {', '.join(result.missing)}")
    if result.bank_differs and not notes:
        notes.append("answered with a different bank version")
    if set_aside:
        notes.append(f"not counted: {SET_ASIDE_NOTE}")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    where = f"quiz {result.quiz}, {result.mode}"
    lines = [terminal_safe(f"{result.source}: {result.learner}: {total}/{most} [{where}]{suffix}")]
    for row in counted:
        if row.score < row.max:
            reason = row.reason or "below full marks"
            lines.append(terminal_safe(f"    {row.question_id}: {row.score}/{row.max}: {reason}"))
    flashcards = [row for row in marked if row.not_counted == SELF_RATED_NOTE]
    if flashcards:
        lines.append(terminal_safe(f"    flashcards: {self_assessment(flashcards)}"))
    return lines


def duplicate_report(duplicate: DuplicateSubmissions) -> str:
    """One line saying which submissions name one learner for one quiz, and which one counts."""
    return terminal_safe(
        f"{len(duplicate.sessions)} submissions name {duplicate.learner} for quiz {duplicate.quiz}: "
        f"{', '.join(duplicate.sessions)}; only {duplicate.counted} counts (submitted last), "
        "the others are kept out of the gradebook"
    )


def machine_read_note(rows: Sequence[ScoreRow]) -> str | None:
    """A line saying how many counted points came from reading free text, if any did.

    Such a score (an explain answer's concepts) is a machine's reading: the grader is told
    where to see what each rests on, to confirm the ones they doubt.
    """
    read = [row for row in counted_rows(rows) if row.evidence and not row.not_counted and row.score > 0]
    if not read:
        return None
    points = round(sum(row.score for row in read), 2)
    answers = f"{len(read)} explain answer{'' if len(read) == 1 else 's'}"
    return (
        f"{points} points, in {answers}, come from a machine's reading of free text (the concepts "
        "each names): the evidence column of a long CSV or JSON export (--out) says what each rests on."
    )
