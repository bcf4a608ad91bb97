"""A learner's history from a real attempt store, and the bank's topics at a glance."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.history import SessionSummary, session_summaries, stored_rows, topic_overview
from quizapp.core.session.quiz_session import Mode, QuizSession

QUIZ = """\
title: Small
topic: norm-type
questions:
  - id: default-norm
    type: numeric
    difficulty: beginner
    prompt: The default norm_type?
    answer: 2
    points: 2
    explanation: L2.
  - id: inf-norm
    type: true_false
    difficulty: advanced
    prompt: The inf norm is the largest magnitude.
    answer: true
    explanation: Yes.
  - id: clip-value
    type: true_false
    topic: clip-grad-value
    difficulty: beginner
    prompt: clip_grad_value_ returns the total norm.
    answer: false
    explanation: It returns None.
"""


@pytest.fixture
def questions(write_quiz: Callable[[str], Path]) -> list[Question]:
    loaded = load_bank([write_quiz(QUIZ)])
    assert not loaded.problems
    return list(loaded.bank.questions)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttemptStore]:
    with AttemptStore(tmp_path / "attempts.sqlite3") as opened:
        yield opened


def by_id(questions: list[Question], question_id: str) -> Question:
    return next(question for question in questions if question.id == question_id)


def test_stored_rows_take_topic_and_type_from_the_given_questions(
    questions: list[Question], store: AttemptStore
) -> None:
    ada = QuizSession(
        [by_id(questions, "default-norm"), by_id(questions, "clip-value")],
        mode=Mode.EXAM,
        learner="ada",
        seed=1,
        store=store,
        quiz="Exam: all topics",
    )
    ada.answer("2")
    ada.next()
    ada.answer(True)
    grace = QuizSession(
        [by_id(questions, "inf-norm")], mode=Mode.PRACTICE, learner="grace", seed=1, store=store
    )
    grace.answer(True)

    rows = stored_rows(store, questions, "ada")
    without_bank = stored_rows(store, [])

    assert [(r.learner, r.quiz, r.question_id, r.topic, r.type, r.score, r.max) for r in rows] == [
        ("ada", "Exam: all topics", "default-norm", "norm-type", "numeric", 2.0, 2.0),
        ("ada", "Exam: all topics", "clip-value", "clip-grad-value", "true_false", 0.0, 1.0),
    ]
    assert rows[1].answer is True
    assert [(r.learner, r.quiz, r.topic, r.type) for r in without_bank][-1] == ("grace", "practice", "", "")
    assert len(without_bank) == 3


def test_session_summaries_count_each_questions_first_answer(
    questions: list[Question], store: AttemptStore
) -> None:
    practice = QuizSession(
        [by_id(questions, "inf-norm"), by_id(questions, "default-norm")],
        mode=Mode.PRACTICE,
        learner="ada",
        seed=1,
        store=store,
        quiz="Practice: norm-type",
    )
    practice.answer(False)
    practice.answer(True)  # a retry is practice: the first answer counts
    practice.next()
    practice.answer("3")
    practice.next()
    practice.finish()
    QuizSession([by_id(questions, "clip-value")], mode=Mode.EXAM, learner="ada", seed=2, store=store)
    QuizSession([by_id(questions, "clip-value")], mode=Mode.EXAM, learner="grace", seed=2, store=store)

    first, second = session_summaries(store, "ada")

    assert (first.mode, first.quiz, first.points, first.max_points, first.answers) == (
        "practice",
        "Practice: norm-type",
        0.0,
        3.0,
        3,
    )
    assert first.finished
    assert first.percentage == 0.0
    assert first.id < second.id
    assert first.started_at <= second.started_at
    assert (second.quiz, second.answers, second.finished, second.percentage) == ("exam", 0, False, None)
    assert session_summaries(store, "nobody") == []


def test_a_summary_percentage_is_none_only_without_points_possible() -> None:
    summary = SessionSummary(1, "2026-01-01T00:00:00", "exam", "Exam", 0.0, 4.0, 2, True)
    assert summary.percentage == 0.0
    assert SessionSummary(2, "2026-01-01T00:00:00", "exam", "Exam", 0.0, 0.0, 0, True).percentage is None


def test_topic_overview_counts_questions_per_topic_and_difficulty(questions: list[Question]) -> None:
    overview = topic_overview(questions)

    assert [(o.topic, o.count, o.by_difficulty) for o in overview] == [
        ("clip-grad-value", 1, {"beginner": 1, "intermediate": 0, "advanced": 0}),
        ("norm-type", 2, {"beginner": 1, "intermediate": 0, "advanced": 1}),
    ]
    assert topic_overview([]) == []
