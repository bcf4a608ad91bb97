"""A learner's stored history as score rows and session summaries, and the bank by topic."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.model.question_base import Difficulty
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore, SessionRecord
from quizapp.core.records.gradebook import (
    ScoreRow,
    below_full_reason,
    counted_rows,
    in_session_total,
    unanswered_row,
)


def _quiz_title(session: SessionRecord) -> str:
    """The quiz title stored with a session, or its mode when it has none."""
    return str(session.settings.get("quiz") or session.mode)


def stored_rows(
    store: AttemptStore, questions: Sequence[Question], learner: str | None = None
) -> list[ScoreRow]:
    """Every stored answer as a score row, oldest session first.

    Each row names its session, mode and finishing time, and says why it is below full
    marks. A session's questions without an answer are rows too, worth their points and
    scoring 0, so neither skipping nor stopping early can raise a percentage: "not answered"
    in a finished session; "not answered yet" in one not finished (resuming asks them), where
    the row is no answer (``not_counted``) but is in the session's total (``in_session_total``).
    Nothing stored is changed: the session stays as resumable as it was.

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
        answered = {response.question_id for response in responses}
        finished = session.finished_at is not None
        for question_id in session.question_ids:
            question = by_id.get(question_id)
            if question_id in answered or question is None:
                continue
            rows.append(
                unanswered_row(session.learner, _quiz_title(session), question, where, finished=finished)
            )
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
    """Points its scored questions are worth, answered or not (an unfinished session's too)."""
    answers: int
    """Answers stored, retries included."""
    finished: bool
    questions: int = 0
    """Questions it asks."""
    unanswered: int = 0
    """Questions it asks that have no answer: each scores 0 in ``points`` and counts in
    ``max_points`` (in an unfinished session, those that resuming asks)."""

    @property
    def percentage(self) -> float | None:
        """Points earned as a percentage of the most possible; None when nothing can be scored.

        An unfinished session's is its score so far over all its questions: never more than
        the learner has earned of the whole quiz.
        """
        return 100 * self.points / self.max_points if self.max_points else None


def session_summaries(
    store: AttemptStore, learner: str, questions: Sequence[Question] = ()
) -> list[SessionSummary]:
    """Every session of ``learner``, oldest first, with what it scored.

    Scored as the results and the gradebook are (``counted_rows``, ``in_session_total``): each
    question's first answer counts, retries are practice. With the bank's ``questions``, every
    question a session asks and has no answer to counts 0 in its maximum, finished or not
    (so an unfinished session never reads higher than the quiz it was), and flashcards
    (self-assessment) are left out.
    """
    totals: dict[str, list[float]] = {}
    for row in counted_rows(stored_rows(store, questions, learner)):
        if in_session_total(row):
            bucket = totals.setdefault(row.session, [0.0, 0.0])
            bucket[0] += row.score
            bucket[1] += row.max
    summaries = []
    for session in store.sessions(learner):
        points, most = totals.get(str(session.id), [0.0, 0.0])
        responses = store.responses(session.id)
        answered = {response.question_id for response in responses}
        summaries.append(
            SessionSummary(
                session.id,
                session.started_at,
                session.mode,
                _quiz_title(session),
                round(points, 2),
                round(most, 2),
                len(responses),
                session.finished_at is not None,
                len(session.question_ids),
                sum(1 for question_id in session.question_ids if question_id not in answered),
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
