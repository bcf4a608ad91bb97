"""The app's start-up pauses the garbage collector and always hands it back, loaded or not."""

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.records.store_opening import StoreError
from quizapp.start_up import pause_collection, resume_collection
from quizapp.tui.app import QuizApp
from tests.paths import TUI_BANK
from tests.tui.tui_driver import services_for, settle, until


@pytest.fixture
def paused() -> Iterator[None]:
    """Collection paused as the quizapp command pauses it; on again afterwards, whatever happens."""
    assert gc.isenabled()
    pause_collection()
    try:
        yield
    finally:
        resume_collection()
        gc.enable()
        gc.unfreeze()


async def test_collection_resumes_once_the_home_screen_shows_the_bank(
    tmp_path: Path, shared_runner: SnippetRunner, paused: None
) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.services is services
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up made is no longer walked by each collection


async def test_collection_resumes_when_the_app_cannot_start(paused: None) -> None:
    def broken() -> None:
        raise StoreError("the attempt database is damaged")

    app = QuizApp(broken)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.error is not None)
    assert app.error == "the attempt database is damaged"
    assert gc.isenabled()


def test_resuming_leaves_alone_a_collector_someone_else_turned_off() -> None:
    gc.disable()
    try:
        pause_collection()  # already off: not ours
        resume_collection()
        assert not gc.isenabled()
    finally:
        gc.enable()
