"""Start-up: the collector paused and handed back, and nothing loaded that the home screen does not need."""

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.records.store_opening import StoreError
from quizapp.services import make_services
from quizapp.start_up import pause_collection, resume_collection
from quizapp.tui.app import QuizApp
from tests.paths import TUI_BANK
from tests.tui.tui_driver import quiz_app, until


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
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, _pilot, services):
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


def test_the_home_screen_needs_no_runner_and_the_one_made_later_hides_bank_and_database(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "attempts.sqlite3"
    db.parent.mkdir()
    services = make_services(bank_paths=[TUI_BANK], db_path=db, learner="ada")
    try:
        assert services.made_runner is None  # loading the bank made no runner
        runner = services.runner
        assert services.runner is runner  # made once
        hidden = set(runner.hidden_paths)
        assert {str(TUI_BANK.resolve()), str(db.resolve()), str(db.parent.resolve())} <= hidden
    finally:
        services.close()


def test_loading_the_bank_for_the_home_screen_imports_no_execution_client(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from quizapp.services import make_services; "
        f"services = make_services(bank_paths=[Path({str(TUI_BANK)!r})], "
        f"db_path=Path({str(tmp_path / 'a.sqlite3')!r}), learner='ada'); "
        "print(sorted(m for m in ('quizapp.core.execution.client', 'quizapp.core.execution.protocol') "
        "if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
