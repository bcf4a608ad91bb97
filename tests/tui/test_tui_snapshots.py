"""Snapshots of the main screens at 80x24 (update with ``pytest --snapshot-update`` after a look)."""

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.app import QuizApp
from tests.paths import TUI_BANK
from tests.tui.tui_driver import FakeClock, answer_current, services_for, settle

SnapCompare = Callable[..., bool]


def app_for(tmp_path: Path, runner: SnippetRunner, request: QuizRequest | None = None) -> QuizApp:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", runner)
    services.clock = FakeClock()
    return QuizApp(lambda: services, request=request)


def test_home_screen(snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner) -> None:
    assert snap_compare(app_for(tmp_path, shared_runner), terminal_size=(80, 24), run_before=settle)


def test_a_multiple_select_question(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async def pick_two(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("1", "3")

    app = app_for(tmp_path, shared_runner, QuizRequest(types=("multiple_select",)))
    assert snap_compare(app, terminal_size=(80, 24), run_before=pick_two)


def test_feedback_after_a_wrong_answer(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async def answer_wrongly(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await answer_current(pilot, right=False)

    app = app_for(tmp_path, shared_runner, QuizRequest(types=("single_choice",)))
    assert snap_compare(app, terminal_size=(80, 24), run_before=answer_wrongly)


def test_results_screen(snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async def answer_three(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for right in (True, False, True):
            await answer_current(pilot, right=right)
            await pilot.press("n")
            await settle(pilot)

    app = app_for(tmp_path, shared_runner, QuizRequest(types=("numeric", "true_false", "short_text")))
    assert snap_compare(app, terminal_size=(80, 24), run_before=answer_three)


def test_feedback_in_the_light_theme(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async def answer_in_light(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"
        await settle(pilot)
        await answer_current(pilot, right=True)

    app = app_for(tmp_path, shared_runner, QuizRequest(types=("code_output",)))
    assert snap_compare(app, terminal_size=(80, 24), run_before=answer_in_light)
