"""Planning a session: titles, the question pool of each mode, and resuming by ids."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore, SessionRecord
from quizapp.core.session.quiz_plan import (
    QuizRequest,
    needs_runner,
    plan_questions,
    questions_by_id,
    time_left_on_resume,
)
from quizapp.core.session.quiz_session import Mode

BODIES: dict[str, dict[str, Any]] = {
    "single_choice": {
        "prompt": "p",
        "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
        "answer": "a",
    },
    "numeric": {"prompt": "p", "answer": 2.0},
    "flashcard": {"front": "F", "back": "B"},
    "code_output": {"prompt": "p", "code": "print(1)", "answer": "1"},
    "code_task": {
        "prompt": "p",
        "starter": "x = 0",
        "check": {"probe": "result['x'] = x", "verify": "assert result['x']"},
        "solution": "x = 1",
    },
}


def make(
    question_id: str, kind: str, topic: str = "norm-type", difficulty: str = "beginner", **extra: Any
) -> Any:
    fields = {"id": question_id, "type": kind, "topic": topic, "difficulty": difficulty, "explanation": "e"}
    return TypeAdapter(Question).validate_python({**fields, **BODIES[kind], **extra})


BANK: list[Question] = [
    make("norm-single", "single_choice"),
    make("norm-numeric", "numeric", difficulty="advanced"),
    make("norm-card", "flashcard"),
    make("value-single", "single_choice", topic="clip-grad-value"),
    make("value-card", "flashcard", topic="clip-grad-value", difficulty="intermediate"),
    make("loop-output", "code_output", topic="training-loop"),
]
DRILL = make("drill", "code_output", answer=None, code="print({{a}})", parameters={"a": {"values": [1, 2]}})
TASK = make("task", "code_task")


def ids(questions: list[Question]) -> list[str]:
    return [question.id for question in questions]


@pytest.mark.parametrize(
    ("request_", "title"),
    [
        (QuizRequest(), "Practice: all topics"),
        (QuizRequest(Mode.EXAM), "Exam: all topics"),
        (QuizRequest(Mode.FLASHCARDS), "Flashcards: all topics"),
        (QuizRequest(Mode.REVIEW, topics=("norm-type",)), "Review: norm-type"),
        (QuizRequest(topics=("clip-grad-norm", "norm-type")), "Practice: clip-grad-norm, norm-type"),
        (QuizRequest(Mode.EXAM, topics=("a", "b", "c")), "Exam: a, b, c"),
        (QuizRequest(Mode.EXAM, topics=("a", "b", "c", "d")), "Exam: 4 topics"),
    ],
)
def test_the_title_is_short_and_names_mode_and_topics(request_: QuizRequest, title: str) -> None:
    assert request_.title() == title


def test_practice_filters_counts_and_is_reproducible() -> None:
    request = QuizRequest(topics=("norm-type",), count=2)

    planned = plan_questions(BANK, request, seed=4, store=None, learner="ada")

    assert len(planned) == 2
    assert {question.topic for question in planned} == {"norm-type"}
    assert planned == plan_questions(BANK, request, seed=4, store=None, learner="ada")
    every = plan_questions(BANK, QuizRequest(count=None), seed=4, store=None, learner="ada")
    assert sorted(ids(every)) == sorted(ids(BANK))


def test_difficulty_and_type_filters_apply() -> None:
    request = QuizRequest(Mode.EXAM, difficulties=("advanced",), types=("numeric", "flashcard"))
    assert ids(plan_questions(BANK, request, seed=1, store=None, learner="ada")) == ["norm-numeric"]


def test_flashcards_mode_asks_only_flashcards() -> None:
    cards = plan_questions(BANK, QuizRequest(Mode.FLASHCARDS, count=None), seed=2, store=None, learner="ada")
    narrowed = QuizRequest(Mode.FLASHCARDS, topics=("clip-grad-value",))
    numeric_only = QuizRequest(Mode.FLASHCARDS, types=("numeric",))

    assert sorted(ids(cards)) == ["norm-card", "value-card"]
    assert ids(plan_questions(BANK, narrowed, seed=2, store=None, learner="ada")) == ["value-card"]
    assert plan_questions(BANK, numeric_only, seed=2, store=None, learner="ada") == []


def test_review_mode_draws_from_the_learners_mistakes(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "attempts.sqlite3") as store:
        session = store.start_session(
            "ada", mode="practice", bank_fingerprint="f", seed=1, question_ids=["norm-single", "value-card"]
        )
        for question_id, points in (("norm-single", 0.0), ("value-card", 1.0), ("loop-output", 0.5)):
            store.record_response(
                session, question_id=question_id, question_hash="h", answer="x", score=points, max_score=1.0
            )
        review = QuizRequest(Mode.REVIEW, count=None)

        missed = plan_questions(BANK, review, seed=3, store=store, learner="ada")
        nobody = plan_questions(BANK, review, seed=3, store=store, learner="grace")
        topic = plan_questions(
            BANK, QuizRequest(Mode.REVIEW, topics=("norm-type",)), seed=3, store=store, learner="ada"
        )

    assert sorted(ids(missed)) == ["loop-output", "norm-single"]
    assert nobody == []
    assert ids(topic) == ["norm-single"]
    assert plan_questions(BANK, review, seed=3, store=None, learner="ada") == []


@pytest.mark.parametrize(
    ("questions", "needed"),
    [
        ([], False),
        (BANK, False),  # a code_output question with a written key is graded without running
        ([*BANK, DRILL], True),
        ([TASK], True),
    ],
)
def test_only_code_tasks_and_parameterized_questions_need_the_runner(
    questions: list[Question], needed: bool
) -> None:
    assert needs_runner(questions) is needed


def test_questions_by_id_keeps_the_stored_order_and_drops_the_missing() -> None:
    assert ids(questions_by_id(BANK, ["value-card", "gone", "norm-single"])) == ["value-card", "norm-single"]
    assert questions_by_id(BANK, []) == []


def _record(mode: str, limit: float | None, started: str) -> SessionRecord:
    return SessionRecord(1, "ada", mode, "", 0, ("q",), {"time_limit_s": limit}, started, None)


@pytest.mark.parametrize(
    ("mode", "limit", "seconds_ago", "left"),
    [
        ("exam", 600, 100, 500.0),
        ("exam", 600, 900, 0.0),
        ("exam", None, 100, None),
        ("practice", 600, 100, None),
    ],
)
def test_a_resumed_exams_clock_kept_running(
    mode: str, limit: float | None, seconds_ago: int, left: float | None
) -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    started = (now - timedelta(seconds=seconds_ago)).isoformat(timespec="milliseconds")
    assert time_left_on_resume(_record(mode, limit, started), now) == left
