"""Re-grading submissions from their raw answers, against the grader's bank and assignment.

``regrade`` grades every answer again against the grader's own bank, re-running code
answers in the sandbox; the first answer to each question is the score, retries are
listed as practice (``gradebook.counted_rows``). Every question of the session counts in
the maximum, answered or not. With the grader's assignment, a submission whose
assignment, seed, questions or mode disagree is not gradable; without it, a submission
that names an assignment is not gradable either. Hint counts come from the
learner's file: where an assignment turned hints off they are ignored, elsewhere every
row says they are self-reported. A broken or hostile file is reported as not gradable
with its reason; it never stops the others.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from quizapp.core.errors import QuizAppError
from quizapp.core.grading.answer_rules import Grade
from quizapp.core.grading.response_grading import (
    AnswerShapeError,
    AnswerTooLongError,
    CodeJudge,
    GradedResponse,
    NoCodeJudgeError,
    grade_response,
)
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from quizapp.core.model.questions import Question
from quizapp.core.model.variant import make_variant
from quizapp.core.records.assignments import Assignment
from quizapp.core.records.gradebook import ScoreRow, below_full_reason, unanswered_row
from quizapp.core.records.submission_files import (
    Submission,
    SubmissionError,
    SubmittedResponse,
    read_submission,
    write_submission,
)
from quizapp.core.records.submission_rules import as_the_session_took_them, check_attempt, lateness
from quizapp.core.session.session_rules import SELF_STUDY, SessionRules

__all__ = [
    "GradedSubmission",
    "NotGradable",
    "Submission",
    "SubmissionError",
    "SubmittedResponse",
    "read_submission",
    "regrade",
    "regrade_files",
    "regrade_response",
    "regrade_source",
    "write_submission",
]

SELF_REPORTED = "self-reported"
"""A hint count from a learner's file where hints were allowed: nobody vouches for it."""
HINTS_OFF = "hints off"
"""The assignment refused hints: a count in the file is ignored."""
SELF_REPORTED_HINTS = "hint count self-reported"


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
    assignment: str = ""
    """The fingerprint of the grader's assignment it was graded against ("" for self-study)."""


@dataclass(frozen=True, slots=True)
class NotGradable:
    """A submission that could not be graded, and why."""

    source: str
    reason: str


def regrade(
    submission: Submission,
    questions: Sequence[Question],
    *,
    judge: CodeJudge | None,
    source: str = "",
    assignment: Assignment | None = None,
    now: datetime | None = None,
) -> GradedSubmission:
    """Grade every response again from its raw answer; each question's first answer is its score.

    Every question asked counts, answered or not: the assignment's (the grader's own), else
    the session's as the file lists them. Retries are rows too, which ``counted_rows``
    marks as practice.

    Args:
        submission: The learner's file, read.
        questions: The grader's bank.
        judge: Runs code answers (None: they score 0, "not run").
        source: The file's name, for the gradebook's ``session`` column.
        assignment: The grader's own assignment, when the submission names one.
        now: The grading time, which no time in the file may be after (default: now).

    Answers are taken in the order of their times, and held to the rules the live session
    applies (``submission_rules``): a question answered more often than its session takes
    makes the file not gradable; an answer after the assignment's time limit earns nothing.

    Raises:
        SubmissionError: The file is not gradable (``submission_rules.check_attempt``), or
            answers a question more often than its session takes.
    """
    check_attempt(submission, assignment, now or datetime.now(UTC))
    rules = SELF_STUDY
    if assignment is not None:  # as ``SessionStarter.start`` sets them for a live session
        rules = SessionRules(assignment.fingerprint, assignment.hints, assignment.attempts)
    responses = as_the_session_took_them(submission, rules)
    limit_s = assignment.time_limit_s if assignment is not None else None
    started = datetime.fromisoformat(submission.started_at) if submission.started_at else None
    bank = {question.id: question for question in questions}
    asked = assignment.questions if assignment is not None else submission.questions
    hints_off = assignment is not None and not assignment.hints
    quiz = assignment.title if assignment is not None else submission.quiz or submission.mode
    rows, changed, missing = [], [], []
    where = {"session": source, "mode": submission.mode, "submitted_at": submission.submitted_at}
    if asked and (unasked := sorted({r.question_id for r in submission.responses} - set(asked))):
        raise SubmissionError(f"it answers questions its session did not ask: {', '.join(unasked)}")
    answers_so_far: Counter[str] = Counter()
    for response in responses:
        question = bank.get(response.question_id)
        if question is None:
            missing.append(response.question_id)
            continue
        if question_hash(question) != response.question_hash:
            changed.append(response.question_id)
        if hints_off:  # the session refused hints: a count in the file is not the learner's
            response = response.model_copy(update={"hints_used": 0})  # noqa: PLW2901
        answers_so_far[question.id] += 1
        late = lateness(response, started, limit_s) or _not_run_again(question, answers_so_far[question.id])
        rows.append(
            _graded_row(
                question, response, submission, judge, quiz=quiz, where=where, hints_off=hints_off, late=late
            )
        )
    answered = {response.question_id for response in submission.responses}
    for question_id in dict.fromkeys(asked):
        question = bank.get(question_id)
        if question_id in answered:
            continue
        if question is None:
            missing.append(question_id)
            continue
        rows.append(unanswered_row(submission.learner, quiz, question, where))
    return GradedSubmission(
        source,
        submission.learner,
        tuple(rows),
        tuple(dict.fromkeys(changed)),
        tuple(dict.fromkeys(missing)),
        submission.bank_fingerprint != bank_fingerprint(questions),
        quiz,
        submission.mode,
        assignment.fingerprint if assignment is not None else "",
    )


RETRIES_RUN = 3
"""How many answers to one question that runs code are run again; later ones are retries
that never count (a question's first answer is its score), and a file of thousands would
hold the grader's runner for hours."""


def _not_run_again(question: Question, answer_number: int) -> str:
    """Why answer ``answer_number`` to ``question`` is not run again ("" when it is)."""
    if answer_number <= RETRIES_RUN or not _runs_code(question):
        return ""
    return (
        f"answer {answer_number} to this question, a retry that does not count: not run again "
        f"(the first {RETRIES_RUN} answers to a question that runs code are)"
    )


def _runs_code(question: Question) -> bool:
    """Whether grading an answer to ``question`` runs code: a code task, or a variant to work out."""
    return isinstance(question, CodeTaskQuestion) or bool(getattr(question, "parameters", None))


def _graded_row(
    question: Question,
    response: SubmittedResponse,
    submission: Submission,
    judge: CodeJudge | None,
    *,
    quiz: str,
    where: dict[str, str],
    hints_off: bool,
    late: str = "",
) -> ScoreRow:
    """One response graded again, with why it is below full and whose word its hint count is.

    One given after the time limit, or a retry past ``RETRIES_RUN`` of code (``late`` says
    which), is not run or graded: it earns nothing.
    """
    hints = response.hints_used
    evidence = ""
    if late:
        points, reason = 0.0, late
    else:
        graded = regrade_response(question, response, submission, judge)
        points = graded.points
        reason = below_full_reason(points, question.points, hints=hints, feedback=_why(graded))
        evidence = concept_evidence(graded)
    if hints and not hints_off:
        reason = f"{reason}; {SELF_REPORTED_HINTS}" if reason else SELF_REPORTED_HINTS
    return ScoreRow(
        submission.learner,
        quiz,
        question.id,
        question.topic,
        question.type,
        response.answer,
        points,
        question.points,
        hints,
        response.seconds,
        response.answered_at,
        reason=reason,
        hints_source=HINTS_OFF if hints_off else SELF_REPORTED,
        evidence=evidence,
        session=where["session"],
        mode=where["mode"],
        submitted_at=where["submitted_at"],
    )


def concept_evidence(graded: GradedResponse) -> str:
    """For an explain answer that was read, the concepts credited and those not; "" otherwise.

    Its score is a machine's reading of free text: this says what the reading rests on, so a
    grader can confirm it against the answer: 'concepts credited: "rnn", "cap"; not credited:
    "diverge"'. Each name is quoted, since a concept's name may hold a comma.
    """
    grade = graded.grade
    if graded.variant.question.type != "explain" or graded.not_graded:
        return ""
    credited = ", ".join(f'"{name}"' for name in grade.found) or "none"
    if not grade.missed:
        return f"concepts credited: {credited}"
    return f"concepts credited: {credited}; not credited: " + ", ".join(f'"{name}"' for name in grade.missed)


def _why(graded: GradedResponse) -> str:
    """The grade's own words for a wrong answer; a choice's feedback teaches, it is not a reason.

    An answer that was not graded at all says why, whatever the question's type.
    """
    if graded.not_graded:
        return graded.not_graded
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
    except AnswerTooLongError as error:
        reason = f"not graded: {error}"
    except AnswerShapeError:
        reason = "the answer has the wrong shape for this question"
    return GradedResponse(Grade(0.0, reason), 0.0, question.points, variant, not_graded=reason)


def regrade_source(
    source: str,
    load: Callable[[], Submission],
    questions: Sequence[Question],
    *,
    judge: CodeJudge | None,
    assignment: Assignment | None = None,
    now: datetime | None = None,
) -> GradedSubmission | NotGradable:
    """Read one submission with ``load`` and grade it again; one that fails is listed with its reason.

    The one path for a file, whether ``regrade_files`` grades it here or a cluster worker
    does (``quizapp.cluster``), so both give the same result and the same reason. ``now``
    is the grading time (default: now), as for ``regrade``.
    """
    try:
        return regrade(load(), questions, judge=judge, source=source, assignment=assignment, now=now)
    except QuizAppError as error:
        return NotGradable(source, str(error))
    except Exception as error:  # one bad file must never abort the batch
        return NotGradable(source, f"unexpected error: {error!r}")


def regrade_files(
    paths: Sequence[Path],
    questions: Sequence[Question],
    *,
    judge: CodeJudge | None,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
    assignment: Assignment | None = None,
) -> list[GradedSubmission | NotGradable]:
    """Re-grade many submission files in parallel; each that fails is listed with its reason.

    With ``assignment`` (the grader's own), each is graded against it: one that is not an
    attempt at it is not gradable.
    """

    def one(path: Path) -> GradedSubmission | NotGradable:
        return regrade_source(
            str(path), lambda: read_submission(path), questions, judge=judge, assignment=assignment
        )

    results: list[GradedSubmission | NotGradable] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, result in enumerate(pool.map(one, paths), start=1):
            results.append(result)
            if progress is not None:
                progress(done, len(paths))
    return results
