"""The rules a submission is held to before its answers are graded, as its session held the learner.

Its times must be possible (``timeline_problem``); one that names an assignment is graded
only against it; a question may have only as many answers as its session takes, in the
order of their times; an answer after an exam's time limit earns nothing. The attempt and
time rules are the live session's own (``session.session_rules``).
"""

from collections import Counter
from datetime import datetime

from quizapp.core.records.assignments import Assignment, disagreement
from quizapp.core.records.submission_files import (
    Submission,
    SubmissionError,
    SubmittedResponse,
    timeline_problem,
)
from quizapp.core.session.session_rules import SessionRules, time_left

GRADING_GRACE_S = 60.0
"""A session dates an answer when it stores it, after grading it (a code answer runs first):
an answer dated this long past the time limit was still given in time."""


def check_attempt(submission: Submission, assignment: Assignment | None, now: datetime) -> None:
    """Refuse a submission whose times cannot be true or that is not an attempt at ``assignment``.

    Without ``assignment``, one that names an assignment is refused: its own question list
    is the learner's word, and only the grader's assignment says what was asked. With a
    time limit, it must say when it started.

    Raises:
        SubmissionError: Why it is not gradable.
    """
    if why := timeline_problem(submission, now):
        raise SubmissionError(why)
    if assignment is None and submission.assignment:
        raise SubmissionError(
            f"it was taken from assignment {submission.assignment}: grade it against that assignment "
            "(quizapp grade --assignment FILE), not as self-study"
        )
    if assignment is not None:
        why = disagreement(
            assignment,
            fingerprint=submission.assignment,
            seed=submission.seed,
            questions=submission.questions,
            mode=submission.mode,
        )
        if why:
            raise SubmissionError(f"not an attempt at this assignment: {why}")
        if assignment.time_limit_s is not None and not submission.started_at:
            raise SubmissionError(
                f"it does not say when it started, so the time limit ({assignment.time_limit_s:g} s) "
                "cannot be checked"
            )


def as_the_session_took_them(submission: Submission, rules: SessionRules) -> list[SubmittedResponse]:
    """The responses in the order they were given (by time, not place in the file).

    Raises:
        SubmissionError: A question has more answers than its session takes (``rules``, as
            the live session applies them): which one would count is not the file's to say.
    """
    ordered = sorted(submission.responses, key=lambda response: datetime.fromisoformat(response.answered_at))
    for question_id, count in Counter(response.question_id for response in ordered).items():
        if refused := rules.attempt_refused(submission.mode, count - 1):
            raise SubmissionError(
                f"it has {count} answers to {question_id}, more than its session takes ({refused})"
            )
    return ordered


def lateness(response: SubmittedResponse, started: datetime | None, limit_s: float | None) -> str:
    """Why an answer earns nothing for coming after the time limit ("" when it came in time)."""
    if started is None or limit_s is None:
        return ""
    elapsed = (datetime.fromisoformat(response.answered_at) - started).total_seconds()
    if time_left(limit_s, elapsed - GRADING_GRACE_S) == 0.0:
        return f"answered after the time limit: {elapsed:.0f} s after the start, the limit is {limit_s:g} s"
    return ""
