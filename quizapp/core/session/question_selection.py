"""Which questions a session asks: filtered and shuffled from a seed, or a learner's misses."""

import random
from collections.abc import Iterable, Sequence

from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore


def select_questions(
    questions: Sequence[Question],
    *,
    seed: int,
    count: int | None = None,
    topics: Iterable[str] = (),
    difficulties: Iterable[str] = (),
    types: Iterable[str] = (),
) -> list[Question]:
    """Filter by topic, difficulty and type (empty means any), shuffle from ``seed``, take ``count``."""
    wanted_topics, wanted_levels, wanted_types = set(topics), set(difficulties), set(types)
    chosen = [
        question
        for question in questions
        if (not wanted_topics or question.topic in wanted_topics)
        and (not wanted_levels or question.difficulty in wanted_levels)
        and (not wanted_types or question.type in wanted_types)
    ]
    random.Random(seed).shuffle(chosen)
    return chosen if count is None else chosen[:count]


def review_questions(store: AttemptStore, learner: str, questions: Sequence[Question]) -> list[Question]:
    """The questions whose latest answer by ``learner`` was not fully right, for review mode."""
    latest: dict[str, bool] = {}
    for session in store.sessions(learner):
        for response in store.responses(session.id):
            latest[response.question_id] = response.score >= response.max_score
    return [question for question in questions if latest.get(question.id) is False]
