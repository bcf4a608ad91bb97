"""Starting, restarting and resuming sessions in one place, over a real SQLite file."""

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.session_starter import CannotResumeError, NothingToAskError, SessionStarter


def single(question_id: str, topic: str = "norm-type") -> Question:
    body: dict[str, Any] = {
        "id": question_id,
        "type": "single_choice",
        "topic": topic,
        "difficulty": "beginner",
        "explanation": "e",
        "prompt": "p",
        "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
        "answer": "a",
    }
    return TypeAdapter(Question).validate_python(body)


BANK = [single("one"), single("two"), single("three"), single("value", topic="clip-grad-value")]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with AttemptStore(tmp_path / "attempts.sqlite3") as opened:
        yield opened


def ids(session: Any) -> list[str]:
    return [item.question.id for item in session.items]


def test_a_request_starts_a_stored_reproducible_session(store: AttemptStore) -> None:
    starter = SessionStarter(BANK, learner="ada", store=store)
    request = QuizRequest(mode=Mode.EXAM, topics=("norm-type",), count=2, time_limit_s=600)

    session = starter.start(request, seed=5)

    assert len(ids(session)) == 2
    assert set(ids(session)) <= {"one", "two", "three"}
    assert session.mode is Mode.EXAM
    assert session.time_limit_s == 600
    assert ids(starter.start(request, seed=5)) == ids(session)
    stored = store.sessions("ada")[0]
    assert stored.id == session.session_id
    assert stored.seed == 5
    assert list(stored.question_ids) == ids(session)
    assert stored.settings["quiz"] == "Exam: norm-type"


def test_nothing_to_ask_says_why(store: AttemptStore) -> None:
    starter = SessionStarter(BANK, learner="ada", store=store)
    with pytest.raises(NothingToAskError, match="no question matches"):
        starter.start(QuizRequest(topics=("no-such-topic",)), seed=1)
    with pytest.raises(NothingToAskError, match="nothing to review"):
        starter.start(QuizRequest(mode=Mode.REVIEW), seed=1)
    assert store.sessions("ada") == []


def test_start_over_keeps_the_questions_and_their_order(store: AttemptStore) -> None:
    starter = SessionStarter(BANK, learner="ada", store=store)
    session = starter.start_over([BANK[2], BANK[0]], mode=Mode.PRACTICE, title="Retry", seed=3)
    assert ids(session) == ["three", "one"]
    assert store.sessions("ada")[0].settings["quiz"] == "Retry"


def test_a_resumed_session_goes_on_after_its_last_answer(store: AttemptStore) -> None:
    starter = SessionStarter(BANK, learner="ada", store=store)
    first = starter.start(QuizRequest(count=3), seed=9)
    first.answer("a")
    first.next()

    resumed = starter.resume(first.session_id or 0)

    assert resumed.session_id == first.session_id
    assert ids(resumed) == ids(first)
    assert resumed.answered == 1
    assert resumed.current is not None
    assert resumed.current.id == ids(first)[1]
    assert len(store.sessions("ada")) == 1  # resumed, not started anew


def test_a_resumed_exams_clock_kept_running(store: AttemptStore) -> None:
    starter = SessionStarter(BANK, learner="ada", store=store)
    exam = starter.start(QuizRequest(mode=Mode.EXAM, count=2, time_limit_s=600), seed=2)
    started = datetime.fromisoformat(store.sessions("ada")[0].started_at)

    resumed = starter.resume(exam.session_id or 0, now=started + timedelta(seconds=100))
    assert resumed.time_limit_s == pytest.approx(500.0)
    assert resumed.time_left() == pytest.approx(500.0, abs=1)

    late = starter.resume(exam.session_id or 0, now=started + timedelta(seconds=900))
    assert late.time_left() == 0.0


def test_what_cannot_be_resumed_is_refused_with_the_reason(store: AttemptStore) -> None:
    starter = SessionStarter(BANK, learner="ada", store=store)
    finished = starter.start(QuizRequest(count=1), seed=1)
    finished.finish()
    open_one = starter.start(QuizRequest(topics=("norm-type",), count=2), seed=1)

    with pytest.raises(CannotResumeError, match="finished already"):
        starter.resume(finished.session_id or 0)
    with pytest.raises(CannotResumeError, match="no stored session 999"):
        starter.resume(999)
    with pytest.raises(CannotResumeError, match="bob has no stored session"):
        SessionStarter(BANK, learner="bob", store=store).resume(open_one.session_id or 0)
    with pytest.raises(CannotResumeError, match="no longer in the bank"):
        SessionStarter([BANK[3]], learner="ada", store=store).resume(open_one.session_id or 0)
    with pytest.raises(CannotResumeError, match="attempt database"):
        SessionStarter(BANK, learner="ada").resume(open_one.session_id or 0)
