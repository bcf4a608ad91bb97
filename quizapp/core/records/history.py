"""A learner's stored history as score rows and session summaries, and the bank by topic."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.model.question_base import Difficulty
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore, SessionRecord
from quizapp.core.records.gradebook import ScoreRow, below_full_reason, counted_rows, unanswered_row


def _quiz_title(session: SessionRecord) -> str:
    """The quiz title stored with a session, or its mode when it has none."""
    return str(session.settings.get("quiz") or session.mode)


def stored_rows(
    store: AttemptStore, questions: Sequence[Question], learner: str | None = None
) -> list[ScoreRow]:
    """Every stored answer as a score row, oldest session first.

    Each row names its session, mode and finishing time, and says why it is below full
    marks. A finished session's questions that were never answered are rows too, worth
    their points and scoring 0 ("not answered"): skipping cannot raise a percentage.

    Args:
        store: The attempt store.
        questions: The bank, where each answer's topic, type and points are looked up (left
            empty for a question no longer in it).
        learner: Only this learner's answers; everyone's when None.
    """
    by_id = {question.id: question for question in questions}
    rows = []
    for session in store.sessions(learner):
        where = {
            "session": str(session.id),
            "mode": session.mode,
            "submitted_at": session.finished_at or "",
        }
        responses = store.responses(session.id)
        for response in responses:
            question = by_id.get(response.question_id)
            rows.append(
                ScoreRow(
                    session.learner,
                    _quiz_title(session),
                    response.question_id,
                    question.topic if question else "",
                    question.type if question else "",
                    response.answer,
                    response.score,
                    response.max_score,
                    response.hints_used,
                    response.seconds,
                    response.answered_at,
                    reason=below_full_reason(response.score, response.max_score, hints=response.hints_used),
                    **where,
                )
            )
        if session.finished_at is None:
            continue
        answered = {response.question_id for response in responses}
        for question_id in session.question_ids:
            question = by_id.get(question_id)
            if question_id in answered or question is None:
                continue
            rows.append(unanswered_row(session.learner, _quiz_title(session), question, where))
    return rows


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One stored session in a learner's history."""

    id: int
    started_at: str
    """When it started (ISO 8601, UTC)."""
    mode: str
    quiz: str
    """The quiz title stored with it, or its mode."""
    points: float
    """Points earned: each question's first answer counts, as in the results."""
    max_points: float
    """Points its counted questions are worth."""
    answers: int
    """Answers stored, retries included."""
    finished: bool

    @property
    def percentage(self) -> float | None:
        """Points earned as a percentage of the most possible; None when nothing was answered."""
        return 100 * self.points / self.max_points if self.max_points else None


def session_summaries(
    store: AttemptStore, learner: str, questions: Sequence[Question] = ()
) -> list[SessionSummary]:
    """Every session of ``learner``, oldest first, with what it scored.

    Scored as the results and the gradebook are (``counted_rows``): each question's first
    answer counts, retries are practice. With the bank's ``questions``, a finished session's
    unanswered questions count 0 and flashcards (self-assessment) are left out.
    """
    totals: dict[str, list[float]] = {}
    for row in counted_rows(stored_rows(store, questions, learner)):
        if not row.not_counted:
            bucket = totals.setdefault(row.session, [0.0, 0.0])
            bucket[0] += row.score
            bucket[1] += row.max
    summaries = []
    for session in store.sessions(learner):
        points, most = totals.get(str(session.id), [0.0, 0.0])
        summaries.append(
            SessionSummary(
                session.id,
                session.started_at,
                session.mode,
                _quiz_title(session),
                round(points, 2),
                round(most, 2),
                len(store.responses(session.id)),
                session.finished_at is not None,
            )
        )
    return summaries


@dataclass(frozen=True, slots=True)
class TopicOverview:
    """How many questions a topic has, in all and per difficulty."""

    topic: str
    count: int
    by_difficulty: dict[str, int]
    """Questions per difficulty, every difficulty present (zero when it has none)."""


def topic_overview(questions: Sequence[Question]) -> list[TopicOverview]:
    """The topics of a bank with their question counts, sorted by topic."""
    levels: dict[str, Counter[str]] = {}
    for question in questions:
        levels.setdefault(question.topic, Counter())[question.difficulty.value] += 1
    return [
        TopicOverview(topic, sum(counts.values()), {level.value: counts[level.value] for level in Difficulty})
        for topic, counts in sorted(levels.items())
    ]
