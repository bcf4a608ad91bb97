"""The ``grade`` command: re-grade submission files from their raw answers against the grader's bank."""

import sys
from pathlib import Path

import click

from quizapp.cli.grade_batch import BatchPlan, batch_options, grade_batch
from quizapp.cli.grade_report import duplicate_report, machine_read_note, submission_report
from quizapp.cli.lms_grades import lms_options, lms_target, write_lms_grades
from quizapp.cli.options import ASSIGNMENT_OPTION
from quizapp.cli.output_paths import bank_files, refuse_overwriting, require_suffix
from quizapp.cli.score_files import write_scores
from quizapp.core.records.assignments import read_assignment
from quizapp.core.records.gradebook import set_aside_duplicates
from quizapp.core.records.submissions import GradedSubmission, NotGradable
from quizapp.core.records.terminal_text import terminal_safe
from quizapp.locations import default_bank_path


@click.command()
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="The grader's bank (default: the question bank).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write scores (.csv or .json).")
@click.option("--wide", is_flag=True, help="CSV as a gradebook: one line per submission, flashcards apart.")
@ASSIGNMENT_OPTION
@lms_options
@batch_options
def grade(
    submissions: tuple[Path, ...],
    bank_paths: tuple[Path, ...],
    out: Path | None,
    wide: bool,
    assignment_path: Path | None,
    *,
    lms_format: str | None,
    roster_path: Path | None,
    canvas_ids: tuple[str, ...],
    missing_as_zero: bool,
    shard: str | None,
    merge: bool,
    dask: bool,
    scheduler: str | None,
) -> None:
    """Re-grade submissions from their raw answers against your own bank.

    Code answers are re-run in the sandbox, in parallel. A broken or hostile submission is
    listed as not gradable, with its reason; exit status 1 when any was. With --assignment
    (your own file), every assigned question counts, answered or not, and a submission of
    another assignment, seed or set of questions is not gradable. With --format canvas|moodle
    and --roster, --out is the gradebook CSV that LMS imports.
    """
    if out is not None:
        _check_out(out, submissions, bank_paths, (assignment_path, roster_path))
    lms = lms_target(
        lms_format, roster_path, out, wide=wide, missing_as_zero=missing_as_zero, canvas_ids=canvas_ids
    )
    assignment = read_assignment(assignment_path) if assignment_path is not None else None
    plan = BatchPlan(shard=shard, merge=merge, dask=dask, scheduler=scheduler)
    grader_files = [path for path in (assignment_path, roster_path, out) if path is not None]
    results = grade_batch(
        submissions, bank_paths, assignment, plan, out=out, wide=wide, also_hidden=grader_files
    )
    if results is None:  # one shard's file is written; --merge reports and writes the rest
        return
    graded = [result for result in results if isinstance(result, GradedSubmission)]
    rows, duplicates = set_aside_duplicates([row for result in graded for row in result.rows])
    for result in results:
        if isinstance(result, NotGradable):
            click.echo(terminal_safe(f"{result.source}: not gradable: {result.reason}"), err=True)
            continue
        for line in submission_report(result, [row for row in rows if row.session == result.source]):
            click.echo(line)
    for duplicate in duplicates:
        click.echo(duplicate_report(duplicate))
    if (note := machine_read_note(rows)) is not None:
        click.echo(note)
    unplaced = False
    if out is not None and lms is not None:
        unplaced = write_lms_grades(rows, lms, out)
    elif out is not None:
        write_scores(rows, out, wide=wide)
        click.echo(f"Wrote {out}.")
    sys.exit(1 if unplaced or any(isinstance(result, NotGradable) for result in results) else 0)


def _check_out(
    out: Path,
    submissions: tuple[Path, ...],
    bank_paths: tuple[Path, ...],
    grader_files: tuple[Path | None, ...],
) -> None:
    """Refuse an --out that names a file grading reads, or whose name gives no format."""
    require_suffix(out, "--out", (".csv", ".json"))
    reads = [("a file given to grade", path) for path in submissions]
    reads += bank_files(list(bank_paths) or [default_bank_path()])
    reads += [("the assignment or roster", path) for path in grader_files if path is not None]
    refuse_overwriting(out, "--out", reads)
