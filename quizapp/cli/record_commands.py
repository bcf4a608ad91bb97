"""The record and quiz commands: ``take``, ``submit``, ``export`` and ``stats``."""

import random
import sys
from pathlib import Path

import click

from quizapp.cli.choices import DIFFICULTY_CHOICE, MODE_CHOICE, TYPE_CHOICE, complete_topics
from quizapp.cli.options import (
    ASSIGNMENT_OPTION,
    BANK_OPTION,
    DB_OPTION,
    LEARNER_NAME,
    LEARNER_OPTION,
    TIME_LIMIT,
    device_option,
)
from quizapp.cli.output_paths import refuse_overwriting, require_suffix
from quizapp.cli.plain_take import LATEST, take_plain
from quizapp.cli.score_files import write_scores
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.errors import QuizAppError
from quizapp.core.execution.snippet import Device
from quizapp.core.learning.learning_clock import wall_now
from quizapp.core.learning.progress import learning_progress, progress_lines
from quizapp.core.model.questions import Question
from quizapp.core.records.assignments import read_assignment
from quizapp.core.records.attempt_store import AttemptStore, default_db_path
from quizapp.core.records.exports import ScoreRow
from quizapp.core.records.history import session_summaries, stored_rows
from quizapp.core.records.item_analysis import item_analysis, topic_scores
from quizapp.core.records.submissions import write_submission
from quizapp.core.records.terminal_text import terminal_safe
from quizapp.core.seeds import SEED_LIMIT
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.locations import default_bank_path


def _say(text: str) -> None:
    """Print a line that may hold a learner's text, without what a terminal would act on."""
    click.echo(terminal_safe(text))


@click.command()
@click.option(
    "--session", "session_id", type=int, help="The session to submit (default: your latest finished one)."
)
@LEARNER_OPTION
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@DB_OPTION
def submit(session_id: int | None, learner: str, output: Path, db_path: Path | None) -> None:
    """Write a finished session as a submission file to hand in."""
    db_path = db_path or default_db_path()
    refuse_overwriting(output, "--output", [("the attempt database", db_path)])
    with AttemptStore(db_path) as store:
        store.check_intact()  # what is handed in must come from a whole database
        if session_id is None:
            finished = [s for s in store.sessions(learner) if s.finished_at is not None]
            if not finished:
                raise QuizAppError(_nothing_to_submit(store, learner))
            session_id = finished[-1].id
        submission = write_submission(store, session_id, output)
    count = len(submission.responses)
    _say(f"Wrote {output}: {count} answer{'' if count == 1 else 's'} by {submission.learner}.")


def _nothing_to_submit(store: AttemptStore, learner: str) -> str:
    unfinished = store.unfinished_session(learner)
    if unfinished is None:
        return f"{learner} has no finished session to submit"
    return (
        f"{learner} has no finished session to submit; session {unfinished.id} is unfinished: "
        f"finish it with 'quizapp take --plain --resume {unfinished.id}' (or from the app's home screen)"
    )


def _stored_rows(store: AttemptStore, learner: str | None) -> list[ScoreRow]:
    """Every stored answer as a score row; topic and type come from the default bank."""
    return stored_rows(store, _default_questions(), learner)


def _default_questions() -> list[Question]:
    return list(load_bank([default_bank_path()], check_snippet_syntax=False).bank.questions)


@click.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help=".csv or .json")
@click.option("--wide", is_flag=True, help="CSV as a gradebook: one line per submission, flashcards apart.")
@click.option(
    "--schedule", is_flag=True, help="The spaced-repetition cards and their reviews instead, as JSON."
)
@click.option("--learner", type=LEARNER_NAME, help="Only this learner.")
@DB_OPTION
def export(out: Path, wide: bool, schedule: bool, learner: str | None, db_path: Path | None) -> None:
    """Export stored answers and scores (or --schedule: FSRS cards) from this machine's attempt database."""
    db_path = db_path or default_db_path()
    refuse_overwriting(out, "--out", [("the attempt database", db_path)])
    if not schedule:
        require_suffix(out, "--out", (".csv", ".json"))
    if schedule:
        from quizapp.cli.schedule_output import export_schedule

        if wide:
            raise click.UsageError("--wide is a CSV gradebook; --schedule writes JSON")
        if out.suffix.lower() != ".json":
            raise click.UsageError(f"--schedule writes JSON: give --out a .json file, not {out.name}")
        with AttemptStore(db_path) as store:
            store.check_intact()
            _say(export_schedule(store, out, learner))
        return
    with AttemptStore(db_path) as store:
        store.check_intact()  # a damaged page no query reads would otherwise pass unseen
        rows = _stored_rows(store, learner)
    write_scores(rows, out, wide=wide)
    answered = sum(1 for row in rows if row.answer is not None)
    unanswered = len(rows) - answered
    also = f", and {unanswered} question{'s' * (unanswered != 1)} not answered" if unanswered else ""
    click.echo(f"Wrote {out}: {answered} answer{'s' * (answered != 1)}{also}.")


@click.command()
@LEARNER_OPTION
@click.option("--items", is_flag=True, help="Item analysis of every question, over all learners stored.")
@click.option("--optimize", is_flag=True, help="Fit FSRS to your reviews (needs the fsrs optimizer extra).")
@DB_OPTION
def stats(learner: str, items: bool, optimize: bool, db_path: Path | None) -> None:
    """A learner's history and weakest topics, or (--items) how each question behaves."""
    if optimize:  # the optimizer imports torch: it runs in a child process, never in this one
        from quizapp.cli.schedule_output import optimize_schedule

        with AttemptStore(db_path or default_db_path()) as store:
            for line in optimize_schedule(store, learner):
                _say(line)
        return
    with AttemptStore(db_path or default_db_path()) as store:
        if items:
            _print_items(_stored_rows(store, None))
            return
        summaries = session_summaries(store, learner, _default_questions())
        if not summaries:
            _say(f"No sessions for {learner} yet.")
            progress = learning_progress(store, learner, _default_questions(), wall_now())
            if progress.topics:  # cards with no session to list (written by a tool, say): show them
                for line in progress_lines(progress):
                    _say(line)
            return
        _say(f"Sessions of {learner}:")
        click.echo(f"  {'ID':>7}  {'started (UTC)':<16}  {'mode':<8} {'score':>5}")
        for past in summaries:
            percent = "-" if past.percentage is None else f"{past.percentage:.0f}%"
            state = "" if past.finished else "  (unfinished)"
            if not past.finished and past.unanswered:
                state = f"  (unfinished: {past.unanswered} of {past.questions} not answered yet)"
            _say(
                f"  {past.id:>7}  {past.started_at[:16]}  {past.mode:<8} {percent:>5}  "
                f"{past.answers} answer{'s' * (past.answers != 1)}{state}"
            )
        click.echo("  (quizapp submit -o FILE --session ID hands one in; the latest finished by default)")
        click.echo("Topics, weakest first:")
        for topic in topic_scores(_stored_rows(store, learner)):
            _say(
                f"  {topic.topic or '(unknown)':<24} {100 * topic.fraction:5.0f}%  "
                f"({topic.answers} answer{'s' * (topic.answers != 1)})"
            )
        for line in progress_lines(learning_progress(store, learner, _default_questions(), wall_now())):
            _say(line)


def _print_items(rows: list[ScoreRow]) -> None:
    analysed = item_analysis(rows)
    if not analysed:
        click.echo("No answers stored yet.")
        return
    click.echo(f"{'question':<40} {'learners':>8} {'correct':>8} {'discrim.':>8}")
    for item in analysed:
        discrimination = "-" if item.discrimination is None else f"{item.discrimination:.2f}"
        _say(f"{item.question_id:<40} {item.learners:>8} {item.proportion_correct:>8.2f} {discrimination:>8}")
        for warning in item.warnings:
            _say(f"    ! {warning}")


@click.command()
@click.option(
    "--plain", is_flag=True, help="Plain prompts and typed answers (screen readers, scripts, pipes)."
)
@click.option("--mode", type=MODE_CHOICE, default="practice", show_default=True)
@click.option(
    "--topic", "topics", multiple=True, shell_complete=complete_topics, help="Only these topics (repeatable)."
)
@click.option("--difficulty", "difficulties", multiple=True, type=DIFFICULTY_CHOICE)
@click.option("--type", "types", multiple=True, type=TYPE_CHOICE, help="Only these types (repeatable).")
@click.option("--count", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--seed",
    type=click.IntRange(0, SEED_LIMIT - 1),
    default=None,
    help="Shuffle seed, 0 to 2**63-1 (default: a new one each time).",
)
@click.option("--time-limit", type=TIME_LIMIT, help="Seconds, for an exam (1 to 86400).")
@click.option(
    "--resume",
    type=click.IntRange(min=0),
    is_flag=False,
    flag_value=LATEST,
    default=None,
    help="With --plain: go on with an unfinished session (this id, or your latest one).",
)
@ASSIGNMENT_OPTION
@LEARNER_OPTION
@BANK_OPTION
@device_option("Where code runs (the full-screen quiz).")
@DB_OPTION
def take(
    *,
    plain: bool,
    mode: str,
    topics: tuple[str, ...],
    difficulties: tuple[str, ...],
    types: tuple[str, ...],
    count: int,
    seed: int | None,
    time_limit: float | None,
    resume: int | None,
    assignment_path: Path | None,
    learner: str,
    bank_paths: tuple[Path, ...],
    device: Device,
    db_path: Path | None,
) -> None:
    """Take a quiz, full-screen (or in plain lines with --plain); it starts straight away.

    Every answer is stored the moment it is given. With --assignment, the assignment's
    questions, seed, mode and rules replace the choices above.
    """
    request = QuizRequest(
        mode=Mode(mode),
        topics=topics,
        difficulties=difficulties,
        types=types,
        count=count,
        time_limit_s=time_limit,
    )
    if assignment_path is not None:
        request = QuizRequest.for_assignment(read_assignment(assignment_path))
        seed = request.assignment.seed if request.assignment else seed
    if not plain:
        if resume is not None:
            raise click.UsageError("--resume works with --plain; the app offers to resume on its home screen")
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise click.UsageError("the full-screen quiz needs a terminal; use --plain for pipes and scripts")
        from quizapp.tui.launch import run_app  # Textual loads only when the app opens

        run_app(
            bank_paths=bank_paths, db_path=db_path, learner=learner, device=device, request=request, seed=seed
        )
        return
    seed = seed if seed is not None else random.randrange(1_000_000)
    status = take_plain(
        request, seed=seed, learner=learner, bank_paths=bank_paths, db_path=db_path, resume=resume
    )
    sys.exit(status)
