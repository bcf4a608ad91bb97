"""Which questions a session asks: filtered and shuffled from a seed, or a learner's misses."""

import random
from collections.abc import Iterable, Sequence

from quizapp.core.grading.attempt_rules import is_missed
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.gradebook import SELF_RATED_NOTE, ScoreRow, counted_rows
from quizapp.core.records.history import stored_rows


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
    """The questions ``learner`` missed the last time each was asked, for review mode.

    Missed is the one rule of ``attempt_rules.is_missed``: the first attempt of that session
    (the answer the gradebook counts) was not fully right, was helped by hints, or was never
    given in a finished session. A retry that came out right is practice and changes nothing;
    a later session whose first attempt is right takes the question off the list.
    """
    latest_first: dict[str, ScoreRow] = {}
    for row in counted_rows(stored_rows(store, questions, learner)):
        if row.not_counted in ("", SELF_RATED_NOTE):  # the first attempt (a flashcard's is self-rated)
            latest_first[row.question_id] = row
    missed = {qid for qid, row in latest_first.items() if is_missed(row.score, row.max, row.hints)}
    return [question for question in questions if question.id in missed]
