"""``quizapp grade --format canvas|moodle --roster FILE``: the options, and the gradebook an LMS imports."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from quizapp.core.records.gradebook import ScoreRow
from quizapp.core.records.lms_gradebooks import (
    LmsFormat,
    check_identities,
    lms_gradebook,
    moodle_user_columns,
    write_lms_gradebook,
)
from quizapp.core.records.roster import RosterEntry, read_roster
from quizapp.core.records.terminal_text import terminal_safe

Command = TypeVar("Command", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class LmsTarget:
    """What the LMS options asked for, checked: the format, the roster read, the Canvas ids."""

    lms: LmsFormat
    roster: tuple[RosterEntry, ...]
    missing_as_zero: bool = False
    canvas_ids: Mapping[str, str] | None = None


def lms_options(command: Command) -> Command:
    """Add ``--format canvas|moodle``, ``--roster FILE``, ``--canvas-id`` and ``--missing-as-zero``."""
    for option in reversed(
        (
            click.option(
                "--format",
                "lms_format",
                type=click.Choice(["canvas", "moodle"]),
                default=None,
                help="Write --out as the gradebook CSV this LMS imports (needs --roster).",
            ),
            click.option(
                "--roster",
                "roster_path",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="CSV of who each learner is in the LMS (columns: see README, For graders).",
            ),
            click.option(
                "--canvas-id",
                "canvas_ids",
                multiple=True,
                metavar="QUIZ=ID",
                help="With --format canvas: a quiz's Canvas assignment id (its column is 'QUIZ (ID)').",
            ),
            click.option(
                "--missing-as-zero",
                is_flag=True,
                help="With --format: 0 points, not an empty cell, where a roster learner did not submit.",
            ),
        )
    ):
        command = option(command)
    return command


def lms_target(
    lms_format: str | None,
    roster_path: Path | None,
    out: Path | None,
    *,
    wide: bool,
    missing_as_zero: bool,
    canvas_ids: Sequence[str] = (),
) -> LmsTarget | None:
    """Check the LMS options and read the roster before any grading (None without ``--format``).

    Raises:
        click.UsageError: The options do not go together.
        RosterError: The roster cannot be used (every problem at its line).
    """
    if lms_format is None:
        if roster_path is not None or missing_as_zero or canvas_ids:
            raise click.UsageError(
                "--roster, --canvas-id and --missing-as-zero go with --format canvas|moodle"
            )
        return None
    if roster_path is None or out is None:
        raise click.UsageError(f"--format {lms_format} needs --roster FILE and --out FILE.csv")
    if wide or out.suffix.lower() == ".json":
        raise click.UsageError(
            f"--format {lms_format} writes its own CSV shape: drop --wide, give a .csv --out"
        )
    lms = cast(LmsFormat, lms_format)
    ids = _canvas_ids(canvas_ids, lms)
    roster = read_roster(roster_path)
    check_identities(roster, lms, str(roster_path))
    return LmsTarget(lms, roster, missing_as_zero, ids)


def _canvas_ids(given: Sequence[str], lms: LmsFormat) -> dict[str, str]:
    if given and lms != "canvas":
        raise click.UsageError("--canvas-id goes with --format canvas")
    ids: dict[str, str] = {}
    for value in given:
        quiz, _, number = value.rpartition("=")
        if not quiz.strip() or not number.strip().isdigit():
            raise click.UsageError(
                f"--canvas-id {value!r}: write QUIZ=ID, ID being the assignment's number in Canvas"
            )
        ids[quiz.strip()] = number.strip()
    return ids


def write_lms_grades(rows: Sequence[ScoreRow], target: LmsTarget, out: Path) -> bool:
    """Write the LMS gradebook and say who is in it and who is not (those on stderr).

    Returns:
        Whether any graded learner is missing from the roster (their points are not in the file).
    """
    book = lms_gradebook(rows, target.roster, missing_as_zero=target.missing_as_zero)
    write_lms_gradebook(book, target.lms, out, canvas_ids=target.canvas_ids)
    for quiz in sorted(set(target.canvas_ids or {}) - {column.quiz for column in book.quizzes}):
        click.echo(terminal_safe(f"quizapp: --canvas-id: no graded quiz is titled {quiz!r}"), err=True)
    for column in book.quizzes:
        if column.points_possible is None:
            click.echo(
                terminal_safe(
                    f"quizapp: quiz {column.quiz}: its submissions have different maxima (no --assignment); "
                    "its points possible are left empty"
                ),
                err=True,
            )
        elif target.lms == "moodle":
            click.echo(
                terminal_safe(
                    f"quiz {column.quiz}: out of {column.points_possible:g} (its grade item's maximum)"
                )
            )
    if target.lms == "moodle" and book.entries:
        columns = " or ".join(f"'{column}'" for column in moodle_user_columns(book))
        click.echo(f"Moodle: map users from {columns} (filled on every line)")
    missing_cell = "0 points (--missing-as-zero)" if target.missing_as_zero else "an empty cell"
    for quiz, learners in book.no_submission.items():
        click.echo(
            terminal_safe(
                f"quizapp: quiz {quiz}: no submission from {len(learners)} on the roster ({missing_cell}): "
                f"{', '.join(learners)}"
            ),
            err=True,
        )
    if book.not_on_roster:
        click.echo(
            terminal_safe(f"quizapp: not on the roster, so not in {out}: {', '.join(book.not_on_roster)}"),
            err=True,
        )
    click.echo(
        f"Wrote {out} for {target.lms}: {len(book.entries)} learners, {len(book.quizzes)} quiz column(s)."
    )
    return bool(book.not_on_roster)
