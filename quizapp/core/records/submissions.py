"""Portable submissions of finished sessions, and re-grading them from their raw answers.

A submission carries what the learner did (raw answers, hints, seconds), never a score
the grader has to trust: ``regrade`` grades every answer again against the grader's own
bank, re-running code answers in the sandbox. A broken or hostile file is reported as not
gradable with its reason; it never stops the others.
"""

import os
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quizapp import __version__
from quizapp.core.errors import QuizAppError
from quizapp.core.grading.answer_rules import Grade
from quizapp.core.grading.response_grading import (
    AnswerShapeError,
    CodeJudge,
    GradedResponse,
    NoCodeJudgeError,
    grade_response,
)
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from quizapp.core.model.questions import Question
from quizapp.core.model.variant import make_variant
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.gradebook import ScoreRow, below_full_reason

MAX_SUBMISSION_BYTES = 8 * 1024 * 1024
FORMAT = "quizapp-submission"


class SubmissionError(QuizAppError):
    """A submission cannot be written or read."""


class SubmittedResponse(BaseModel):
    """One raw answer as the learner gave it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    question_id: str = Field(max_length=200)
    question_hash: str = Field(max_length=64)
    answer: Any
    hints_used: int = Field(default=0, ge=0, le=1000)
    seconds: float = Field(default=0.0, ge=0)
    answered_at: str = Field(default="", max_length=64)


class Submission(BaseModel):
    """A finished session, as a file a learner hands in."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    format: Literal["quizapp-submission"]
    version: Literal[1]
    app_version: str = Field(max_length=64)
    learner: str = Field(min_length=1, max_length=200)
    quiz: str = Field(default="", max_length=200)
    mode: str = Field(max_length=32)
    seed: int
    bank_fingerprint: str = Field(max_length=64)
    responses: tuple[SubmittedResponse, ...] = Field(max_length=10_000)
    submitted_at: str = Field(default="", max_length=64)
    """When the file was written (ISO 8601, UTC); the learner's own word, like all of it."""


def write_submission(store: AttemptStore, session_id: int, path: Path, *, quiz: str = "") -> Submission:
    """Write a finished session of the store as a submission file.

    Raises:
        SubmissionError: The session does not exist or is not finished.
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
                answered_at=r.answered_at,
            )
            for r in store.responses(session_id)
        ),
        submitted_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    try:
        path.write_text(submission.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise SubmissionError(f"cannot write {path}: {error.strerror or error}") from None
    return submission


def read_submission(path: Path) -> Submission:
    """Read and check a submission file.

    A path that is not a regular file (a FIFO, a directory, a device) is refused without
    waiting on it: it is opened non-blocking and looked at before anything is read.

    Raises:
        SubmissionError: It is not a regular file, unreadable, too large, not JSON, or not
            a submission.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        raise SubmissionError(f"cannot read it: {error.strerror or error}") from None
    kind = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(kind):
        os.close(descriptor)
        what = _FILE_KINDS.get(stat.S_IFMT(kind), "something else")
        raise SubmissionError(f"it is not a regular file but {what}; refused")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(MAX_SUBMISSION_BYTES + 1)
        except OSError as error:
            raise SubmissionError(f"cannot read it: {error.strerror or error}") from None
    if len(data) > MAX_SUBMISSION_BYTES:
        raise SubmissionError(f"it is larger than {MAX_SUBMISSION_BYTES // (1024 * 1024)} MiB")
    try:
        return Submission.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise SubmissionError(f"not a quizapp submission ({where}: {first['msg']})") from None


_FILE_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True, slots=True)
class GradedSubmission:
    """A submission graded again by the grader's bank."""

    source: str
    learner: str
    rows: tuple[ScoreRow, ...]
    changed: tuple[str, ...]
    """Question ids whose content differs from the version the learner answered."""
    missing: tuple[str, ...]
    """Question ids the grader's bank does not have (not graded)."""
    bank_differs: bool
    quiz: str = ""
    mode: str = ""


@dataclass(frozen=True, slots=True)
class NotGradable:
    """A submission that could not be graded, and why."""

    source: str
    reason: str


def regrade(
    submission: Submission, questions: Sequence[Question], *, judge: CodeJudge | None, source: str = ""
) -> GradedSubmission:
    """Grade every response again from its raw answer; the last answer to each question counts."""
    bank = {question.id: question for question in questions}
    latest = {response.question_id: response for response in submission.responses}
    rows, changed, missing = [], [], []
    quiz = submission.quiz or submission.mode  # as a stored session without a title is named
    submitted_at = submission.submitted_at or max((r.answered_at for r in submission.responses), default="")
    for question_id, response in latest.items():
        question = bank.get(question_id)
        if question is None:
            missing.append(question_id)
            continue
        if question_hash(question) != response.question_hash:
            changed.append(question_id)
        graded = regrade_response(question, response, submission, judge)
        rows.append(
            ScoreRow(
                submission.learner,
                quiz,
                question_id,
                question.topic,
                question.type,
                response.answer,
                graded.points,
                question.points,
                response.hints_used,
                response.seconds,
                response.answered_at,
                reason=below_full_reason(
                    graded.points, question.points, hints=response.hints_used, feedback=_why(graded)
                ),
                session=source,
                mode=submission.mode,
                submitted_at=submitted_at,
            )
        )
    return GradedSubmission(
        source,
        submission.learner,
        tuple(rows),
        tuple(changed),
        tuple(missing),
        submission.bank_fingerprint != bank_fingerprint(questions),
        quiz,
        submission.mode,
    )


def _why(graded: GradedResponse) -> str:
    """The grade's own words for a wrong answer; a choice's feedback teaches, it is not a reason."""
    if graded.grade.correct or graded.variant.question.type in ("single_choice", "true_false"):
        return ""
    return graded.grade.feedback


def regrade_response(
    question: Question, response: SubmittedResponse, submission: Submission, judge: CodeJudge | None
) -> GradedResponse:
    """Grade one submitted response as the learner's session did: the same variant, the same path.

    An answer that cannot be graded here (no execution backend, the wrong shape) scores 0,
    with the reason.
    """
    variant = make_variant(question, learner=submission.learner, seed=submission.seed)
    try:
        return grade_response(variant, response.answer, hints_used=response.hints_used, judge=judge)
    except NoCodeJudgeError:
        reason = "not run: no execution backend"
    except AnswerShapeError:
        reason = "the answer has the wrong shape for this question"
    return GradedResponse(Grade(0.0, reason), 0.0, question.points, variant)


def regrade_files(
    paths: Sequence[Path],
    questions: Sequence[Question],
    *,
    judge: CodeJudge | None,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> list[GradedSubmission | NotGradable]:
    """Re-grade many submission files in parallel; each that fails is listed with its reason."""

    def one(path: Path) -> GradedSubmission | NotGradable:
        try:
            return regrade(read_submission(path), questions, judge=judge, source=str(path))
        except QuizAppError as error:
            return NotGradable(str(path), str(error))
        except Exception as error:  # one bad file must never abort the batch
            return NotGradable(str(path), f"unexpected error: {error!r}")

    results: list[GradedSubmission | NotGradable] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, result in enumerate(pool.map(one, paths), start=1):
            results.append(result)
            if progress is not None:
                progress(done, len(paths))
    return results
