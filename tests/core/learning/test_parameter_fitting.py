"""Fitting FSRS to a learner's reviews: what the optimizer is given, too few reviews, and a real fit.

The real fit runs ``quizapp stats --optimize`` as a learner would: the fsrs optimizer (torch)
runs in a child process, and the command's own process never imports torch.
"""

import importlib.util
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.optimizer_extra import missing_optimizer_packages
from quizapp.core.learning.parameter_fitting import (
    MIN_REVIEWS,
    CannotFitYetError,
    countable_reviews,
    fit_parameters,
    review_logs,
)
from quizapp.core.model.questions import NumericQuestion
from quizapp.core.records.attempt_store import AttemptStore

DAY_ONE = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
needs_optimizer = pytest.mark.skipif(
    bool(missing_optimizer_packages()), reason='needs the fsrs optimizer extra: pip install "fsrs[optimizer]"'
)


def numeric(qid: str, answer: float = 1.0) -> NumericQuestion:
    return NumericQuestion(
        type="numeric",
        id=qid,
        topic="norms",
        difficulty="beginner",
        explanation="E.",
        prompt="P?",
        answer=answer,
    )


def test_the_optimizer_learns_from_reviews_on_a_later_day_and_a_reset_starts_a_new_card(
    tmp_path: Path,
) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store)
        for offset in (timedelta(0), timedelta(minutes=10), timedelta(days=2), timedelta(days=9)):
            cards.review("ada", numeric("q"), Rating.Good, now=DAY_ONE + offset, seconds=4.0)
        changed = numeric("q", answer=2.0)  # its key changed: the card starts over
        cards.review("ada", changed, Rating.Again, now=DAY_ONE + timedelta(days=10), seconds=4.0)
        cards.review("ada", changed, Rating.Good, now=DAY_ONE + timedelta(days=12), seconds=4.0)
        logs = review_logs(cards.reviews("ada"))

    assert [log[1] for log in logs] == [3, 3, 3, 3, 1, 3]
    assert logs[0][3] == 4000  # milliseconds
    first, reset = logs[0][0], logs[4][0]
    assert [log[0] for log in logs] == [first] * 4 + [reset] * 2
    assert reset != first
    # same-day review and each sequence's first review do not count: days 2, 9 and (after the reset) 12
    assert countable_reviews(logs) == 3


def test_without_the_extra_it_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "pandas" else real_find_spec(name, *rest),
    )
    with AttemptStore(tmp_path / "a.sqlite3") as store, pytest.raises(CannotFitYetError) as refused:
        fit_parameters(CardStore(store), "ada", DAY_ONE)
    assert "needs the fsrs optimizer extra (pandas missing here)" in str(refused.value)
    assert 'pip install "quizapp[optimizer]"' in str(refused.value)


@needs_optimizer
def test_too_few_reviews_are_said_with_their_count(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store)
        for day in (0, 3):
            cards.review("ada", numeric("q"), Rating.Good, now=DAY_ONE + timedelta(days=day), seconds=4.0)
        with pytest.raises(
            CannotFitYetError, match=f"too few reviews to fit FSRS to ada: 1 .* {MIN_REVIEWS}"
        ):
            fit_parameters(cards, "ada", DAY_ONE + timedelta(days=4))
        assert cards.fitted("ada") is None


def a_learner_who_forgets_fast(db: Path, *, questions: int = 60, reviews: int = 11) -> None:
    """Reviews on the days FSRS asks, by a learner who forgets far sooner than FSRS's defaults expect."""
    rng = random.Random(5)
    with AttemptStore(db) as store:
        cards = CardStore(store)
        for number in range(questions):
            question, now = numeric(f"q{number}"), DAY_ONE + timedelta(minutes=number)
            last: datetime | None = None
            for _ in range(reviews):
                gap = 0.0 if last is None else (now - last).total_seconds() / 86400
                recalled = rng.random() < 0.5**gap if gap else True  # half forgotten after a day
                rating = Rating.Good if recalled else Rating.Again
                card = cards.review("ada", question, rating, now=now, seconds=5.0)
                last, now = now, max(card.due, now + timedelta(days=1))


@needs_optimizer
def test_stats_optimize_fits_keeps_and_uses_the_weights_without_torch_in_its_process(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    a_learner_who_forgets_fast(db)
    command = ["stats", "--optimize", "--learner", "ada", "--db", str(db)]

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizapp", *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "QUIZAPP_NOW": "2025-06-01T09:00"},
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("Fitted FSRS to ")
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "fsrs" in imported
    assert "torch" not in imported  # the optimizer ran in the child
    stats = subprocess.run(
        [sys.executable, "-m", "quizapp", "stats", "--learner", "ada", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "QUIZAPP_NOW": "2025-06-01T09:00"},
    )
    assert "FSRS weights: yours, fitted 2025-06-01 to " in stats.stdout
    with AttemptStore(db) as store:
        cards = CardStore(store)
        fitted = cards.fitted("ada")
        assert fitted is not None
        assert fitted.reviews >= MIN_REVIEWS
        assert f"Fitted FSRS to {fitted.reviews} reviews" in result.stdout
        assert fitted.parameters != cards.schedule.parameters
        assert cards.schedule_for("ada").parameters == fitted.parameters
        assert cards.schedule_for("bob").parameters == cards.schedule.parameters
        # this learner forgets fast: the fitted weights expect less to be recalled after a week
        week_old = cards.review("ada", numeric("fresh"), Rating.Good, now=DAY_ONE, seconds=5.0)
        week_old = cards.review(
            "ada", numeric("fresh"), Rating.Good, now=DAY_ONE + timedelta(days=1), seconds=5.0
        )
        later = DAY_ONE + timedelta(days=8)
        assert cards.schedule_for("ada").retrievability(week_old, later) < cards.schedule.retrievability(
            week_old, later
        )
