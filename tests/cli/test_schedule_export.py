"""``quizapp export --schedule``: the FSRS cards and their reviews as JSON, read back and checked."""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import State

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.learning.card_schedule import CardSchedule
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import NOW_ENV
from quizapp.core.model.questions import NumericQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.session_starter import SessionStarter
from tests.paths import BANK

DAY_ONE = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
NUMERIC = [q for q in load_bank([BANK]).bank.questions if isinstance(q, NumericQuestion)][:3]


def quizapp(*args: str, now: datetime) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", NOW_ENV: now.isoformat()},
    )


def two_days_of_due_sessions(db: Path, learner: str) -> None:
    """Day one: the first numeric question wrong, the others right; day two: what is due, right."""
    with AttemptStore(db) as store:
        for day in range(2):
            now = DAY_ONE + timedelta(days=day)
            starter = SessionStarter(NUMERIC, learner, store, now=lambda now=now: now)  # type: ignore[misc]
            session = starter.start(QuizRequest(mode=Mode.DUE, count=None), seed=1)
            while (question := session.current) is not None:
                assert isinstance(question, NumericQuestion)
                wrong = day == 0 and question.id == NUMERIC[0].id
                session.answer(str(question.answer + 1000 if wrong else question.answer))
                session.next()
            session.finish()


def test_the_schedule_exports_every_card_with_its_state_and_reviews(tmp_path: Path) -> None:
    db, out = tmp_path / "a.sqlite3", tmp_path / "cards.json"
    two_days_of_due_sessions(db, "ada")
    two_days_of_due_sessions(db, "bob")
    now = DAY_ONE + timedelta(days=3)

    result = quizapp("export", "--schedule", "--out", str(out), "--learner", "ada", "--db", str(db), now=now)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}: 3 cards of 1 learner."
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("quizapp-schedule", 1)
    assert datetime.fromisoformat(document["exported_at"]) == now
    [ada] = document["learners"]
    assert ada["learner"] == "ada"
    assert ada["parameters_source"] == "default"
    assert ada["parameters"] == list(CardSchedule().parameters)
    assert ada["desired_retention"] == 0.9
    with AttemptStore(db) as store:
        stored = CardStore(store).cards("ada")
        answers = {
            response.id: response.question_id
            for session in store.sessions("ada")
            for response in store.responses(session.id)
        }
    assert [card["question_id"] for card in ada["cards"]] == sorted(q.id for q in NUMERIC)
    for card in ada["cards"]:
        kept = stored[card["question_id"]]
        assert datetime.fromisoformat(card["due"]) == kept.due
        assert card["stability"] == kept.card.stability
        assert card["stability"] > 0
        assert card["difficulty"] == kept.card.difficulty
        assert card["state"] == kept.card.state.name.lower()
        assert 0 < card["retrievability"] <= 1
        assert all(answers[review["response_id"]] == card["question_id"] for review in card["reviews"])
    by_id = {card["question_id"]: card for card in ada["cards"]}
    missed = by_id[NUMERIC[0].id]
    assert [review["rating"] for review in missed["reviews"]] == ["again", "good"]
    assert datetime.fromisoformat(missed["due"]) < datetime.fromisoformat(by_id[NUMERIC[1].id]["due"])
    assert [review["rating"] for review in by_id[NUMERIC[1].id]["reviews"]] == ["good", "good"]
    assert by_id[NUMERIC[1].id]["state"] == State.Review.name.lower()  # two Goods a day apart: learned


def test_every_learner_by_default_and_refusals_that_say_why(tmp_path: Path) -> None:
    db, out = tmp_path / "a.sqlite3", tmp_path / "cards.json"
    two_days_of_due_sessions(db, "ada")
    two_days_of_due_sessions(db, "bob")

    every = quizapp("export", "--schedule", "--out", str(out), "--db", str(db), now=DAY_ONE)
    assert every.returncode == 0, every.stderr
    assert [entry["learner"] for entry in json.loads(out.read_text())["learners"]] == ["ada", "bob"]

    csv = quizapp("export", "--schedule", "--out", str(tmp_path / "cards.csv"), "--db", str(db), now=DAY_ONE)
    assert csv.returncode == 2
    assert "--schedule writes JSON: give --out a .json file, not cards.csv" in csv.stderr
    wide = quizapp("export", "--schedule", "--wide", "--out", str(out), "--db", str(db), now=DAY_ONE)
    assert wide.returncode == 2
    assert "--wide is a CSV gradebook" in wide.stderr
