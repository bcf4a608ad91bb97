"""Score rows and the gradebook built from them: which answers count, and a total that adds up.

The rules, one place for ``grade``, ``export`` and ``stats``:

- **A flashcard is self-assessment.** Its self-rating is shown (labelled "self-rated") but
  never counted in a total, a maximum or a percentage.
- **The first answer to a question in a session counts**; later answers are retries, listed
  but not counted.
- **One submission per learner and quiz counts.** When several name the same learner for the
  same quiz, none is merged into another: the one submitted last counts (compared as times,
  whatever their zones; given last on the command line when the times tie), and every other
  is reported and left out of the gradebook.
- **A gradebook line is one submission** (learner, quiz, session, mode, submission time), and
  its total is the sum of its cells.
- **A session's maximum holds every question it asks.** One never answered scores 0 ("not
  answered"); in a session not finished yet (it can be resumed), such a question is "not
  answered yet": 0 of its points in the session's total, so stopping early cannot raise a
  percentage, but no answer, so it is left out of topic scores, item analysis and review.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.core.model.questions import Question

SELF_RATED_TYPE = "flashcard"
SELF_RATED_NOTE = "self-rated flashcard: self-assessment, not scored"
RETRY_NOTE = "a retry: the first answer to this question counts"
NOT_ANSWERED = "not answered"
NOT_ANSWERED_YET = "not answered yet: the session is unfinished"
SET_ASIDE_NOTE = "another submission of this learner for this quiz counts"


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One learner's graded answer to one question."""

    learner: str
    quiz: str
    question_id: str
    topic: str
    type: str
    answer: Any
    score: float
    max: float
    hints: int
    seconds: float
    answered_at: str
    reason: str = ""
    """Why the score is below full, in words for the learner and the grader ("" at full)."""
    session: str = ""
    """Which attempt it belongs to: the stored session's id, or the submission file."""
    mode: str = ""
    """practice, exam, flashcards or review."""
    submitted_at: str = ""
    """When the session was finished or the submission written (ISO 8601); "" if never."""
    not_counted: str = ""
    """Why this row is no answer that counts ("" when it is one). Each such row is left out of
    every total, except a question its unfinished session has not had answered yet
    (``NOT_ANSWERED_YET``), which scores 0 of its points in its session's total: see
    ``in_session_total``."""
    hints_source: str = ""
    """Whose word ``hints`` is: "self-reported" (a submission file), "hints off" (its assignment
    refused hints), or "" (recorded by this app)."""
    evidence: str = ""
    """What a machine-read score rests on, for a grader to check by reading the answer: for an
    explain question graded again (``quizapp grade``), the concepts it was credited with and
    those it was not; "" otherwise, and in a learner's own stored record."""

    @property
    def self_rated(self) -> bool:
        """Whether the score is the learner's own rating (a flashcard), not a grade."""
        return self.type == SELF_RATED_TYPE

    @property
    def finished(self) -> bool:
        """Whether its session was finished (or handed in): one never finished has no ``submitted_at``."""
        return bool(self.submitted_at)


def in_session_total(row: ScoreRow) -> bool:
    """Whether a marked row (``counted_rows``) is in its session's total and maximum.

    A counted answer is, and so is a question its unfinished session has not had answered
    yet (0 of its points); a retry, a flashcard's self-rating and a set-aside submission are not.
    """
    return not row.self_rated and row.not_counted in ("", NOT_ANSWERED_YET)


def unanswered_row(
    learner: str, quiz: str, question: "Question", where: Mapping[str, str], *, finished: bool = True
) -> ScoreRow:
    """A question asked but not answered: it scores 0 of its points, and says so.

    Args:
        learner: Who was asked.
        quiz: The quiz's title.
        question: The question left unanswered.
        where: The attempt it belongs to: ``session``, ``mode`` and ``submitted_at``.
        finished: Whether that attempt was finished. A session not finished yet may still be
            resumed: its question is "not answered yet", in the session's total (as 0) but no
            answer (``not_counted``), so topic scores, item analysis and review pass it by.
    """
    pending = "" if finished else NOT_ANSWERED_YET
    return ScoreRow(
        learner,
        quiz,
        question.id,
        question.topic,
        question.type,
        None,
        0.0,
        question.points,
        0,
        0.0,
        "",
        reason=pending or NOT_ANSWERED,
        session=where["session"],
        mode=where["mode"],
        submitted_at=where["submitted_at"],
        not_counted=pending,
    )


@dataclass(frozen=True, slots=True)
class DuplicateSubmissions:
    """Several submissions that name one learner for one quiz; one of them counts."""

    learner: str
    quiz: str
    sessions: tuple[str, ...]
    """Every submission naming them, in the order given."""
    counted: str
    """The one that counts: the one submitted last."""


def counted_rows(rows: Iterable[ScoreRow]) -> list[ScoreRow]:
    """The rows with ``not_counted`` filled for flashcards and retries; order kept.

    A row already set aside (a duplicate submission's) keeps its note.
    """
    seen: set[tuple[str, str, str, str]] = set()
    marked = []
    for row in rows:
        key = (row.learner, row.quiz, row.session, row.question_id)
        note = row.not_counted
        if not note and key in seen:
            note = RETRY_NOTE
        elif not note and row.self_rated:
            note = SELF_RATED_NOTE
        seen.add(key)
        marked.append(row if note == row.not_counted else replace(row, not_counted=note))
    return marked


def set_aside_duplicates(rows: Sequence[ScoreRow]) -> tuple[list[ScoreRow], list[DuplicateSubmissions]]:
    """Find submissions naming one learner for one quiz; mark all but the latest as not counted.

    Returns:
        The rows (those of set-aside submissions with their ``not_counted`` note), and one
        report per learner and quiz with more than one submission.
    """
    submitted: dict[tuple[str, str], dict[str, tuple[datetime, int]]] = {}
    for order, row in enumerate(rows):
        sessions = submitted.setdefault((row.learner, row.quiz), {})
        sessions[row.session] = (_moment(row.submitted_at), order)
    duplicates = []
    counting: dict[tuple[str, str], str] = {}
    for (learner, quiz), sessions in submitted.items():
        latest = max(sessions, key=lambda session: sessions[session])
        counting[(learner, quiz)] = latest
        if len(sessions) > 1:
            in_order = tuple(sorted(sessions, key=lambda session: sessions[session][1]))
            duplicates.append(DuplicateSubmissions(learner, quiz, in_order, latest))
    marked = []
    for row in rows:
        counts = counting[(row.learner, row.quiz)]
        note = f"{SET_ASIDE_NOTE}: {counts}"
        marked.append(row if counts == row.session else replace(row, not_counted=note))
    return marked, duplicates


def _moment(text: str) -> datetime:
    """When ``text`` says, to compare submission times as times ("…+05:00" and "…Z" alike).

    A time without a zone is taken as UTC; one that is not a time at all ("" for a session
    never finished) comes before every other.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


GRADEBOOK_COLUMNS = (
    "learner",
    "quiz",
    "session",
    "mode",
    "submitted_at",
    "finished",
    "total",
    "max",
    "percentage",
)
SELF_ASSESSMENT_COLUMN = "self_rated_flashcards"


def gradebook(rows: Sequence[ScoreRow]) -> tuple[list[str], list[dict[str, Any]]]:
    """The wide view: one line per submission, a cell per question, a total that is their sum.

    Only rows in the session's total (``in_session_total``) fill cells; flashcards appear in one
    labelled self-assessment cell ("2 rated, 1.5 of 2 by the learner's own rating, not
    scored"), never in the total. ``finished`` is False for a session never finished, whose
    questions not answered yet are cells of 0.
    """
    marked = counted_rows(rows)
    questions = sorted({row.question_id for row in marked if in_session_total(row)})
    lines: dict[tuple[str, str, str], dict[str, Any]] = {}
    self_ratings: dict[tuple[str, str, str], list[ScoreRow]] = {}
    for row in marked:
        counts = in_session_total(row)
        if not counts and row.not_counted != SELF_RATED_NOTE:
            continue
        key = (row.learner, row.quiz, row.session)
        line = lines.setdefault(
            key,
            {
                "learner": row.learner,
                "quiz": row.quiz,
                "session": row.session,
                "mode": row.mode,
                "submitted_at": row.submitted_at,
                "finished": row.finished,
                "total": 0.0,
                "max": 0.0,
            },
        )
        if not counts:  # a flashcard's own rating
            self_ratings.setdefault(key, []).append(row)
            continue
        line[row.question_id] = row.score
        line["total"] = round(line["total"] + row.score, 2)
        line["max"] = round(line["max"] + row.max, 2)
    for key, line in lines.items():
        line["percentage"] = round(100 * line["total"] / line["max"], 1) if line["max"] else None
        line[SELF_ASSESSMENT_COLUMN] = self_assessment(self_ratings.get(key, []))
    return [*GRADEBOOK_COLUMNS, *questions, SELF_ASSESSMENT_COLUMN], list(lines.values())


def self_assessment(flashcards: Sequence[ScoreRow]) -> str:
    """How a learner rated their own flashcards, labelled as such ("" when there were none)."""
    if not flashcards:
        return ""
    rated = round(sum(row.score for row in flashcards), 2)
    possible = round(sum(row.max for row in flashcards), 2)
    return f"{len(flashcards)} self-rated: {rated} of {possible} by own rating (not scored)"


def below_full_reason(row_score: float, max_points: float, *, hints: int = 0, feedback: str = "") -> str:
    """Why a score is below full marks, in words ("" at full marks).

    Args:
        row_score: The points earned.
        max_points: The points the question is worth.
        hints: Hints used: each costs part of the points.
        feedback: What grading said about the answer ("did not finish in 10 s", "raised
            ValueError: ...", "check failed: ..."); without it, the reason is read from the
            score: "wrong answer", "partly right" or only the hints.
    """
    if row_score >= max_points:
        return ""
    hinted = f"{hints} hint{'' if hints == 1 else 's'} used"
    if feedback:
        return f"{feedback}; {hinted}" if hints else feedback
    # The scoring policy loads the answer rules, which the home screen's record never needs.
    from quizapp.core.grading.answer_rules import Grade, score  # noqa: PLC0415

    if hints and row_score == score(max_points, Grade(1.0), hints_used=hints):
        return hinted
    verdict = "wrong answer" if row_score <= 0 else "partly right"
    return f"{verdict}; {hinted}" if hints else verdict
