"""``quizapp take --plain --mode due`` over simulated days: FSRS brings back what was missed sooner."""

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.learning_clock import NOW_ENV
from quizapp.core.learning.optimizer_extra import missing_optimizer_packages
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.session_starter import SessionStarter
from tests.due_days import DAY_ONE, FOUR_NUMBERS_BANK

ANSWERS = {"always-wrong": "99", "always-right": "2", "with-a-hint": "?\n3", "at-once": "4"}
"""How this learner answers each question, every day: wrong, right, right after a hint, right."""
SEED = "7"


def take_due(db: Path, bank: Path, now: datetime, stdin: str) -> subprocess.CompletedProcess[str]:
    command = ["take", "--plain", "--mode", "due", "--seed", SEED, "--bank", str(bank), "--db", str(db)]
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *command, "--learner", "ada"],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", NOW_ENV: now.isoformat()},
    )


def due_now(db: Path, bank: Path, now: datetime, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids the due queue asks at ``now``, in order (what the command will ask)."""
    monkeypatch.setenv(NOW_ENV, now.isoformat())
    questions = load_bank([bank]).bank.questions
    with AttemptStore(db) as store:
        starter = SessionStarter(questions, learner="ada", store=store)
        return [q.id for q in starter.plan(QuizRequest(mode=Mode.DUE), seed=int(SEED))]


def test_a_learner_over_five_days_sees_missed_questions_sooner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, bank = tmp_path / "a.sqlite3", tmp_path / "bank.yaml"
    bank.write_text(FOUR_NUMBERS_BANK, encoding="utf-8")
    asked: dict[str, int] = dict.fromkeys(ANSWERS, 0)
    for day in range(5):
        now = DAY_ONE + timedelta(days=day)
        order = due_now(db, bank, now, monkeypatch)
        result = take_due(db, bank, now, "\n".join(ANSWERS[qid] for qid in order) + "\n")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Due: {len(order)} question")
        for qid in order:
            asked[qid] += 1

    assert asked["always-wrong"] == 5  # due again every day
    assert asked["always-right"] < 5
    with AttemptStore(db) as store:
        cards = CardStore(store).cards("ada")
    due = {qid: card.due for qid, card in cards.items()}
    assert due["always-wrong"] < due["always-right"]
    assert due["with-a-hint"] < due["at-once"]  # Hard comes back sooner than Good

    last = DAY_ONE + timedelta(days=4, seconds=30)  # the wrong one is due a minute after
    nothing = take_due(db, bank, last, "")
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout.startswith("Nothing is due for ada now; the next question is due 2025-03-05 09:01")
    assert "(in 1 min): come back then." in nothing.stdout

    stats = subprocess.run(
        [sys.executable, "-m", "quizapp", "stats", "--db", str(db), "--learner", "ada"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", NOW_ENV: (DAY_ONE + timedelta(days=7)).isoformat()},
    )  # three days after the last session
    assert stats.returncode == 0, stats.stderr
    progress = stats.stdout[stats.stdout.index("Learning over time (desired retention 90%):") :]
    assert "Reviews per day, last 7 days (today last): 4 2 2 2 0 0 0 (average 1.4)" in progress
    assert "Streak: 0 days" in progress
    assert "FSRS weights: the defaults (quizapp stats --optimize fits your own)" in progress
    assert "Due now: 2; next due 2025-03-09 09:00 UTC" in progress  # the missed two; the known two later
    norms = next(line for line in progress.splitlines() if line.strip().startswith("norms"))
    # FSRS's chances three days on: about 0.93 for the one always right, 0.47 for the one always wrong
    assert norms.split()[1:5] == ["1.4", "of", "2", "(69%)"]
    assert norms.endswith("20%")  # retention: 1 of the 5 reviews of a question seen before


def test_topics_take_turns_in_the_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, bank = tmp_path / "a.sqlite3", tmp_path / "bank.yaml"
    bank.write_text(FOUR_NUMBERS_BANK, encoding="utf-8")
    questions = {q.id: q for q in load_bank([bank]).bank.questions}

    order = due_now(db, bank, DAY_ONE, monkeypatch)

    assert sorted(order) == sorted(ANSWERS)
    assert [questions[qid].topic for qid in order] in (
        ["norms", "order", "norms", "order"],
        ["order", "norms", "order", "norms"],
    )


def test_a_changed_key_starts_the_card_over_and_the_learner_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, bank = tmp_path / "a.sqlite3", tmp_path / "bank.yaml"
    bank.write_text(FOUR_NUMBERS_BANK, encoding="utf-8")
    order = due_now(db, bank, DAY_ONE, monkeypatch)
    assert take_due(db, bank, DAY_ONE, "\n".join(ANSWERS[qid] for qid in order) + "\n").returncode == 0
    bank.write_text(
        FOUR_NUMBERS_BANK.replace("prompt: Two?, answer: 2", "prompt: Two??, answer: 5"), encoding="utf-8"
    )
    bank.write_text(bank.read_text().replace("prompt: Four?", "prompt: What is four?"), encoding="utf-8")

    day_two = DAY_ONE + timedelta(days=1)
    order = due_now(db, bank, day_two, monkeypatch)  # resets the changed card, as the command would
    result = take_due(db, bank, day_two, "\n".join(ANSWERS[qid] for qid in order) + "\n")

    assert result.returncode == 0, result.stderr
    note = "Note: always-right changed on 2025-03-02 (its key, code or choices): its schedule starts over."
    assert note in result.stdout
    assert "at-once changed" not in result.stdout  # a reworded prompt keeps its card
    with AttemptStore(db) as store:
        reviews = [r.question_id for r in CardStore(store).reviews("ada")]
    assert reviews.count("always-right") == 2  # its history is kept


def test_stats_optimize_says_how_to_get_the_optimizer_extra_without_importing_torch(tmp_path: Path) -> None:
    command = ["stats", "--optimize", "--db", str(tmp_path / "a.sqlite3")]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizapp", *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 0, result.stderr
    if missing_optimizer_packages():
        assert 'pip install "fsrs[optimizer]"' in result.stdout
    else:  # installed: an empty database has nothing to fit
        assert result.stdout.startswith("Too few reviews to fit FSRS to ")
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "fsrs" in imported  # the line above is what -X importtime prints
    assert "torch" not in imported
