"""Start or resume a plain-mode quiz over the bank and the attempt database, and run it."""

import sys
from dataclasses import replace
from pathlib import Path

from quizapp.cli.bank_warning import warn_of_left_out_files
from quizapp.cli.plain_quiz import LineQuiz
from quizapp.cli.plain_text import output_width
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.learning.due_queue import NothingDueError, changed_notes
from quizapp.core.records.attempt_store import AttemptStore, SessionRecord, default_db_path
from quizapp.core.session.quiz_plan import QuizRequest, needs_runner, questions_by_id
from quizapp.core.session.session_starter import CannotResumeError, SessionStarter
from quizapp.locations import default_bank_path

LATEST = 0
"""``--resume`` without an id: the learner's latest unfinished session."""
INPUT_ENDED = 3
"""Exit status when input ended before the last question: the session is kept to resume."""


def take_plain(
    request: QuizRequest,
    *,
    seed: int,
    learner: str,
    bank_paths: tuple[Path, ...],
    db_path: Path | None,
    resume: int | None = None,
) -> int:
    """Run a plain-mode quiz on stdin and stdout: a new one, or (``resume``) a stored one.

    Args:
        request: What to ask (ignored when resuming: a session keeps its own questions).
        seed: The shuffle seed of a new session.
        learner: Whose session it is.
        bank_paths: The bank (default: the question bank).
        db_path: The attempt database (default: the usual one).
        resume: A stored session's id to take up again, ``LATEST`` for the latest
            unfinished one, None for a new session.

    Returns:
        The exit status: 0 when the session was finished, ``INPUT_ENDED`` when input
        ended first.

    Raises:
        NothingToAskError: No question matches the request.
        CannotResumeError: There is no such unfinished session of this learner.
    """
    loaded = load_bank(list(bank_paths) or [default_bank_path()], check_snippet_syntax=False)
    warn_of_left_out_files(loaded)
    with AttemptStore(db_path or default_db_path()) as store:
        starter = SessionStarter(loaded.bank.questions, learner=learner, store=store)
        record = None if resume is None else _resumable(store, learner, resume)
        if record is None:
            try:
                questions = starter.plan(request, seed=seed)
            except NothingDueError as nothing:  # no error: the learner is told when to come back
                sys.stdout.write(f"{str(nothing)[:1].upper()}{str(nothing)[1:]}.\n")
                return 0
        else:
            questions = questions_by_id(loaded.bank.questions, record.question_ids)
        hidden = [*(bank_paths or [default_bank_path()]), db_path or default_db_path()]
        runner = SnippetRunner(hidden_paths=hidden) if needs_runner(questions) else None
        try:
            starter = replace(starter, judge=RunnerJudge(runner) if runner else None)
            # a new session: an assignment's request brings its own seed and rules
            session = starter.resume(record.id) if record is not None else starter.start(request, seed=seed)
            interactive = sys.stdin.isatty()
            quiz = LineQuiz(
                session, _read_line, sys.stdout, interactive=interactive, width=output_width(sys.stdout)
            )
            for note in changed_notes(store, learner, questions):
                quiz.say(f"Note: {note}.")
            results = quiz.run()
        finally:
            if runner is not None:
                runner.close()
    return 0 if results is not None else INPUT_ENDED


def _resumable(store: AttemptStore, learner: str, resume: int) -> SessionRecord:
    if resume == LATEST:
        record = store.unfinished_session(learner)
        if record is None:
            raise CannotResumeError(f"{learner} has no unfinished session to resume")
        return record
    record = next((kept for kept in store.sessions(learner) if kept.id == resume), None)
    if record is None:
        raise CannotResumeError(f"{learner} has no stored session {resume} (quizapp stats lists them)")
    if record.finished_at is not None:
        raise CannotResumeError(f"session {resume} was finished already; submit it, or start a new quiz")
    return record


def _read_line() -> str | None:
    line = sys.stdin.readline()
    return line if line else None
