"""The progress screen: plots of a learner's FSRS progress, opened from home, pinned data and clock.

The reviews are made at fixed times, the app's wall clock is stopped and the local time
zone is UTC, so the snapshot shows the same days, bars and numbers wherever it runs.
"""

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from textual.widgets import Static

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.progress import learning_progress
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.progress import ProgressScreen
from tests.paths import TUI_BANK
from tests.tui.tui_driver import FakeClock, services_for, settle

SnapCompare = Callable[..., bool]
DAY_ONE = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
NOW = DAY_ONE + timedelta(days=5, hours=3)
RATINGS = (Rating.Good, Rating.Again, Rating.Hard, Rating.Good)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC while the test runs (days and times on screen are local)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def five_days_of_reviews(db: Path) -> None:
    """A learner who reviewed on five of six days, with some questions wrong or hard."""
    questions = load_bank([TUI_BANK]).bank.questions
    with AttemptStore(db) as store:
        cards = CardStore(store)
        for day in range(6):
            for number, question in enumerate(questions[: 6 + 2 * day]):
                if day == 2 or ((number + day) % 3 == 0 and day > 0):
                    continue
                rating = RATINGS[(7 * number + day) % 4]
                when = DAY_ONE + timedelta(days=day, minutes=number)
                cards.review("ada", question, rating, now=when, seconds=5.0)


def progress_app(tmp_path: Path, runner: SnippetRunner) -> QuizApp:
    db = tmp_path / "a.sqlite3"
    five_days_of_reviews(db)
    services = services_for(TUI_BANK, db, runner)
    services.clock, services.now = FakeClock(), lambda: NOW
    return QuizApp(lambda: services)


async def test_p_on_home_opens_the_progress_the_stats_command_prints(
    tmp_path: Path, shared_runner: SnippetRunner, utc: None
) -> None:
    app = progress_app(tmp_path, shared_runner)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        services = app.ready_services
        expected = learning_progress(services.store, "ada", services.bank.bank.questions, NOW)
        assert screen.progress == expected
        assert expected.streak == 3  # 4, 5 and 6 March
        assert expected.last_week == (0, 6, 6, 0, 6, 7, 7)  # 28 Feb, then 1 to 6 March (none on the 3rd)
        table = str(screen.query_one("#progress-text", Static).render())
        for number, topic in enumerate(expected.topics, start=1):
            share = f"{100 * topic.expected_known / topic.questions:.0f}%"
            assert f"{number} {topic.topic[:15]}" in table
            assert share in table
        assert f"Due now: {expected.due_now}" in table
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.home


def test_progress_screen(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner, utc: None
) -> None:
    async def open_progress(pilot: object) -> None:
        await settle(pilot)  # type: ignore[arg-type]
        await pilot.press("p")  # type: ignore[attr-defined]
        await settle(pilot)  # type: ignore[arg-type]

    app = progress_app(tmp_path, shared_runner)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_progress)


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_in_a_narrow_terminal_the_parts_stack_and_the_keys_scroll_each_into_view(
    tmp_path: Path, shared_runner: SnippetRunner, utc: None, size: tuple[int, int]
) -> None:
    app = progress_app(tmp_path, shared_runner)
    width, height = size
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        assert app.focused is screen.query_one("#progress-page")  # the keys scroll the page
        seen: set[str] = set()
        for _ in range(9):  # the down arrow, as a learner without a mouse would (parts are 10 rows)
            for part in ("known-plot", "retention-plot", "reviews-plot", "progress-table"):
                region = screen.query_one(f"#{part}").region
                if region.height and region.y >= 1 and region.bottom <= height - 1:
                    assert region.right <= width, f"{part} is cut off at the right"
                    seen.add(part)
            await pilot.press(*["down"] * 5)
            await pilot.pause()
        assert seen == {"known-plot", "retention-plot", "reviews-plot", "progress-table"}
