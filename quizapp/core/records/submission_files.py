"""The submission file: a finished session's raw answers, as a learner hands them in.

A submission carries what the learner did (raw answers, hints, seconds), the questions
of the session (answered or not) and, when the session was an assignment, that
assignment's fingerprint; never a score the grader has to trust.
"""

import codecs
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from quizapp import __version__
from quizapp.core.errors import QuizAppError
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.learner_names import MAX_LEARNER_NAME_CHARS, MIN_LEARNER_NAME_CHARS
from quizapp.core.records.regular_files import UnreadableFileError, read_regular_file
from quizapp.core.seeds import SEED_LIMIT

MAX_SUBMISSION_BYTES = 8 * 1024 * 1024
FORMAT = "quizapp-submission"
CLOCK_SKEW = timedelta(minutes=5)
"""How far a learner's clock may run ahead of the grader's before a time counts as in the future."""
SUBMITTED_AT_PRECISION = timedelta(seconds=1)
"""``submitted_at`` is written to the second, its answers' times to the millisecond."""


def _aware_time(text: str) -> str:
    """``text`` itself, once it is known to be an ISO 8601 date and time with a time zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date and time") from None
    if moment.utcoffset() is None:
        raise ValueError(f"{text!r} has no time zone (such as +00:00)")
    return text


AwareTime = Annotated[str, Field(max_length=64), AfterValidator(_aware_time)]
"""An ISO 8601 date and time with its time zone, kept as the file wrote it."""


class SubmissionError(QuizAppError):
    """A submission cannot be written or read."""


class SubmittedResponse(BaseModel):
    """One raw answer as the learner gave it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    question_id: str = Field(max_length=200)
    question_hash: str = Field(max_length=64)
    answer: Any
    hints_used: int = Field(default=0, ge=0, le=1000, strict=True)
    seconds: float = Field(default=0.0, ge=0, allow_inf_nan=False, strict=True)
    answered_at: AwareTime
    """When the answer was stored (ISO 8601, with its time zone)."""


class Submission(BaseModel):
    """A finished session, as a file a learner hands in."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    format: Literal["quizapp-submission"]
    version: Literal[1]
    app_version: str = Field(max_length=64)
    learner: str = Field(min_length=MIN_LEARNER_NAME_CHARS, max_length=MAX_LEARNER_NAME_CHARS)
    """Whose answers these are (``learner_names``: the rule every ``--learner`` option holds to)."""
    quiz: str = Field(default="", max_length=200)
    mode: str = Field(max_length=32)
    seed: int = Field(ge=0, lt=SEED_LIMIT, strict=True)
    bank_fingerprint: str = Field(max_length=64)
    responses: tuple[SubmittedResponse, ...] = Field(max_length=10_000)
    submitted_at: AwareTime
    """When the file was written (ISO 8601, UTC); the learner's own word, like all of it."""
    started_at: AwareTime | None = None
    """When the session started (None in older files: then no time limit can be checked)."""
    questions: tuple[str, ...] = Field(default=(), max_length=10_000)
    """Every question of the session, in order, answered or not (empty in older files)."""
    assignment: str = Field(default="", max_length=64)
    """The fingerprint of the assignment taken ("" for self-study)."""


def write_submission(store: AttemptStore, session_id: int, path: Path, *, quiz: str = "") -> Submission:
    """Write a finished session of the store as a submission file.

    Raises:
        SubmissionError: The session does not exist or is not finished, or the store holds
            a time that is not one.
    """
    session = next((s for s in store.sessions() if s.id == session_id), None)
    if session is None:
        raise SubmissionError(f"there is no session {session_id}")
    if session.finished_at is None:
        raise SubmissionError(f"session {session_id} is not finished; finish or resume it first")
    submission = Submission(
        format=FORMAT,
        version=1,
        app_version=__version__,
        learner=session.learner,
        quiz=quiz or str(session.settings.get("quiz") or session.mode),
        mode=session.mode,
        seed=session.seed,
        bank_fingerprint=session.bank_fingerprint,
        responses=tuple(
            SubmittedResponse(
                question_id=r.question_id,
                question_hash=r.question_hash,
                answer=r.answer,
                hints_used=r.hints_used,
                seconds=r.seconds,
                answered_at=_stored_time(r.answered_at),
            )
            for r in store.responses(session_id)
        ),
        submitted_at=datetime.now(UTC).isoformat(timespec="seconds"),
        started_at=_stored_time(session.started_at),
        questions=session.question_ids,
        assignment=str(session.settings.get("assignment") or ""),
    )
    try:
        path.write_text(submission.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise SubmissionError(f"cannot write {path}: {error.strerror or error}") from None
    return submission


def _stored_time(text: str) -> str:
    """A time from the attempt store, which writes UTC: one without a zone (an older store) is UTC.

    Raises:
        SubmissionError: It is not a time at all.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SubmissionError(f"the attempt database holds {text!r}, which is not a time") from None
    return text if moment.utcoffset() is not None else moment.replace(tzinfo=UTC).isoformat()


def read_submission(path: Path) -> Submission:
    """Read and check a submission file.

    A path that is not a regular file (a FIFO, a directory, a device) is refused without
    waiting on it: it is opened non-blocking and looked at before anything is read.

    Raises:
        SubmissionError: It is not a regular file, unreadable, too large, not JSON, or not
            a submission.
    """
    return parse_submission(read_submission_bytes(path))


def read_submission_bytes(path: Path) -> bytes:
    """The bytes of a submission file, refused unread when it is not a regular file or too large.

    Raises:
        SubmissionError: It is not a regular file, unreadable, or too large.
    """
    try:
        return read_regular_file(path, MAX_SUBMISSION_BYTES)
    except UnreadableFileError as error:
        raise SubmissionError(f"cannot read it: {error}" if error.failed_read else str(error)) from None


def parse_submission(data: bytes) -> Submission:
    """Check the bytes of a submission file (as ``read_submission_bytes`` read them).

    A UTF-8 byte-order mark at the start (Windows editors write one) is skipped.

    Raises:
        SubmissionError: They are not JSON, or not a submission.
    """
    try:
        return Submission.model_validate_json(data.removeprefix(codecs.BOM_UTF8))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        message = first["msg"].removeprefix("Value error, ")
        raise SubmissionError(f"not a quizapp submission ({where}: {message})") from None


def timeline_problem(submission: Submission, now: datetime) -> str:
    """Why the times of ``submission`` cannot be true ("" when they can).

    Every time in the file is the learner's word; this refuses the ones no session writes: a
    time in the future of ``now`` (the grading time) by more than ``CLOCK_SKEW``, an answer
    timed before its session started or after the file was written.
    """
    times = [("it was submitted at", submission.submitted_at)]
    times += [("it started at", submission.started_at)] if submission.started_at else []
    times += [(f"its answer to {r.question_id} is dated", r.answered_at) for r in submission.responses]
    for what, text in times:
        if datetime.fromisoformat(text) > now + CLOCK_SKEW:
            return f"{what} {text}, in the future (graded at {now.isoformat(timespec='seconds')})"
    latest = datetime.fromisoformat(submission.submitted_at) + SUBMITTED_AT_PRECISION
    started = datetime.fromisoformat(submission.started_at) if submission.started_at else None
    if started is not None and started > latest:
        return f"it started at {submission.started_at}, after it was submitted ({submission.submitted_at})"
    for response in submission.responses:
        answered = datetime.fromisoformat(response.answered_at)
        when = f"its answer to {response.question_id} is dated {response.answered_at}"
        if started is not None and answered < started:
            return f"{when}, before its session started ({submission.started_at})"
        if answered > latest:
            return f"{when}, after it was submitted ({submission.submitted_at})"
    return ""
