"""Gradebooks an LMS imports: Canvas's and Moodle's CSV shapes, one column per quiz, learners from a roster.

The points are the gradebook's own (``gradebook.gradebook``): a cell is the total of the one
counted submission of that learner for that quiz, exactly the ``total`` of ``quizapp grade``'s
JSON and wide CSV. Flashcards, retries and set-aside submissions count nowhere, as there.

- **Canvas** (its gradebook export/import shape): ``Student, ID, SIS User ID, SIS Login ID,
  Section``, then one column per quiz; the second line is Canvas's ``Points Possible`` row
  (the quiz's maximum, left empty when submissions of one quiz disagree on it). Canvas
  matches a row by ``ID``, then ``SIS User ID``, ``SIS Login ID``, then the name, and a column
  headed ``Title (id)`` by the assignment's id (the grader gives it), one headed by a title
  alone by an existing assignment of that title, else it creates the assignment.
- **Moodle** (grade import from CSV): ``Full name, ID number, Email address``, then one
  column per quiz; on import, map users from "ID number" or "Email address" and each quiz
  column to a grade item (whose maximum should be the quiz's points).

Nobody is dropped in silence: learners with submissions who are not on the roster cannot be
placed and are listed; roster entries with no submission for a quiz are listed per quiz. A
missing submission is an empty cell, not a zero, unless the grader asks for zeros; a roster
entry with no submission at all gets no line (an empty cell would clear a grade the LMS
already holds).
"""

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quizapp.core.errors import QuizAppError
from quizapp.core.records.exports import UNDECODABLE, safe_cell
from quizapp.core.records.gradebook import ScoreRow, gradebook
from quizapp.core.records.roster import RosterEntry, RosterError

LmsFormat = Literal["canvas", "moodle"]
"""The gradebook shapes quizapp writes."""

CANVAS_IDENTITY_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
"""Canvas's student columns, in its order."""
CANVAS_POINTS_POSSIBLE = "Points Possible"
"""The first cell of Canvas's line of maximum points."""
MOODLE_IDENTITY_COLUMNS = ("Full name", "ID number", "Email address")
"""The user columns of the Moodle file; a Moodle import maps users from ID number or email."""


@dataclass(frozen=True, slots=True)
class QuizColumn:
    """One quiz as a gradebook column."""

    quiz: str
    points_possible: float | None
    """The quiz's maximum; None when its counted submissions disagree (self-study quizzes)."""


@dataclass(frozen=True, slots=True)
class LmsGradebook:
    """The totals to write, who is in the file, and everyone who could not be placed."""

    quizzes: tuple[QuizColumn, ...]
    totals: dict[tuple[str, str], float]
    """Total points by (learner, quiz): the counted submission's total."""
    entries: tuple[RosterEntry, ...]
    """The roster entries that get a line, in roster order."""
    not_on_roster: tuple[str, ...]
    """Learners with graded submissions whom the roster does not name (not in the file)."""
    no_submission: dict[str, tuple[str, ...]]
    """By quiz, the roster's learners with no counted submission for it."""
    missing_as_zero: bool = False


def lms_gradebook(
    rows: Sequence[ScoreRow], roster: Sequence[RosterEntry], *, missing_as_zero: bool = False
) -> LmsGradebook:
    """Place each counted submission's total on the roster.

    Args:
        rows: Score rows as ``quizapp grade`` makes them (duplicate submissions already set aside).
        roster: The grader's roster.
        missing_as_zero: Give roster learners with no submission for a quiz 0 points for it (and
            a line even when they submitted nothing).

    Raises:
        QuizAppError: Two counted submissions of one learner for one quiz (set them aside first).
    """
    _, lines = gradebook(rows)
    totals: dict[tuple[str, str], float] = {}
    maxima: dict[str, set[float]] = {}
    for line in lines:
        if not line["max"]:  # only self-rated flashcards: nothing scored
            continue
        key = (line["learner"], line["quiz"])
        if key in totals:
            raise QuizAppError(f"two counted submissions of {key[0]} for quiz {key[1]}")
        totals[key] = line["total"]
        maxima.setdefault(line["quiz"], set()).add(line["max"])
    quizzes = tuple(
        QuizColumn(quiz, next(iter(found)) if len(found) == 1 else None) for quiz, found in maxima.items()
    )
    on_roster = {entry.learner for entry in roster}
    graded = dict.fromkeys(learner for learner, _ in totals)
    entries = tuple(entry for entry in roster if missing_as_zero or entry.learner in graded)
    no_submission = {
        column.quiz: missing
        for column in quizzes
        if (missing := tuple(e.learner for e in roster if (e.learner, column.quiz) not in totals))
    }
    return LmsGradebook(
        quizzes,
        totals,
        entries,
        tuple(learner for learner in graded if learner not in on_roster),
        no_submission,
        missing_as_zero,
    )


def check_identities(roster: Sequence[RosterEntry], lms: LmsFormat, source: str = "roster") -> None:
    """Check that the LMS can tell who each roster entry is.

    Canvas needs one of canvas_id, sis_id, login_id or name per entry; a Moodle import maps
    every line by one column, so every entry needs an email, or every entry an sis_id.

    Raises:
        RosterError: Every entry the LMS could not place, at its line.
    """
    if lms == "canvas":
        unknown = [e for e in roster if not (e.canvas_id or e.sis_id or e.login_id or e.name)]
        needs = "canvas_id, sis_id, login_id or name, so Canvas cannot tell who it is"
    else:
        no_email = [e for e in roster if not e.email]
        no_sis_id = [e for e in roster if not e.sis_id]
        fewer_gaps_in_email = len(no_email) <= len(no_sis_id)
        unknown = (no_email if fewer_gaps_in_email else no_sis_id) if no_email and no_sis_id else []
        needs = (
            f"{'email' if fewer_gaps_in_email else 'sis_id'} (a Moodle import maps every line by one "
            "column: give every learner an email, or every learner an sis_id)"
        )
    if unknown:
        raise RosterError("\n".join(f"{source}:{e.line}: {e.learner} has no {needs}" for e in unknown))


def moodle_user_columns(book: LmsGradebook) -> tuple[str, ...]:
    """The columns a Moodle import can map users from: those filled on every line of the file."""
    complete = []
    if all(entry.sis_id for entry in book.entries):
        complete.append("ID number")
    if all(entry.email for entry in book.entries):
        complete.append("Email address")
    return tuple(complete)


def write_lms_gradebook(
    book: LmsGradebook, lms: LmsFormat, path: Path, *, canvas_ids: Mapping[str, str] | None = None
) -> None:
    """Write the gradebook in the CSV shape ``lms`` imports (UTF-8, RFC 4180 quoting).

    Args:
        book: What to write.
        lms: Which shape.
        path: Where.
        canvas_ids: Canvas assignment ids by quiz: such a column is headed ``Quiz (id)``, the way
            Canvas names an existing assignment; the others by the quiz's title alone.

    Raises:
        QuizAppError: The file cannot be written.
    """
    ids = canvas_ids or {}
    names = [safe_cell(f"{c.quiz} ({ids[c.quiz]})" if c.quiz in ids else c.quiz) for c in book.quizzes]
    if lms == "canvas":
        lines = [
            [*CANVAS_IDENTITY_COLUMNS, *names],
            [CANVAS_POINTS_POSSIBLE, "", "", "", "", *(_points(c.points_possible) for c in book.quizzes)],
        ]
    else:
        lines = [[*MOODLE_IDENTITY_COLUMNS, *names]]
    for entry in book.entries:
        if lms == "canvas":
            who = [entry.display_name, entry.canvas_id, entry.sis_id, entry.login_id, entry.section]
        else:
            who = [entry.display_name, entry.sis_id, entry.email]
        # Names are made inert for spreadsheets; points are numbers as written.
        cells = [_cell(book, entry.learner, column.quiz) for column in book.quizzes]
        lines.append([*(safe_cell(text) for text in who), *cells])
    try:
        with path.open("w", newline="", encoding="utf-8", errors=UNDECODABLE) as out:
            writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
            writer.writerows(lines)
    except OSError as error:
        raise QuizAppError(f"cannot write {path}: {error.strerror or error}") from None


def _cell(book: LmsGradebook, learner: str, quiz: str) -> str:
    total = book.totals.get((learner, quiz))
    if total is None:
        return "0" if book.missing_as_zero else ""
    return _points(total)


def _points(value: float | None) -> str:
    """Points as plain decimals with a point ("7.5", "10", "0.33"); None as an empty cell."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")
