"""Snapshots of the main screens at 80x24 and 60x20 (after a look, update with ``--snapshot-update``)."""

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.model.questions import QUESTION_CLASSES
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


NARROW = (60, 20)
"""The smallest terminal the app is laid out for: every screen stays readable and usable."""


def test_home_screen_narrow(snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner) -> None:
    assert snap_compare(app_for(tmp_path, shared_runner), terminal_size=NARROW, run_before=settle)


def test_a_multiple_select_question_narrow(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async def pick_two(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("1", "3")

    app = app_for(tmp_path, shared_runner, QuizRequest(types=("multiple_select",)))
    assert snap_compare(app, terminal_size=NARROW, run_before=pick_two)


@pytest.mark.parametrize("size", [(80, 24), NARROW], ids=["80x24", "60x20"])
def test_a_code_task_after_a_run(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    async def run_the_starter(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(TextArea).cursor_blink = False  # one picture whatever the timing
        await pilot.press("ctrl+r")
        await settle(pilot)
        pilot.app.screen.query_one("#run-status").update("Ran on cpu in 0.05 s: no error.")  # type: ignore[attr-defined]
        await settle(pilot)

    app = app_for(tmp_path, shared_runner, QuizRequest(types=("code_task",)))
    assert snap_compare(app, terminal_size=size, run_before=run_the_starter)


@pytest.mark.parametrize("size", [(80, 24), NARROW], ids=["80x24", "60x20"])
def test_results_of_a_whole_quiz_open_at_the_score(
    snap_compare: SnapCompare, tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    async def answer_all(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for number in range(9):
            await answer_current(pilot, right=number % 3 != 1)
            await pilot.press("n")
            await settle(pilot)

    request = QuizRequest(types=tuple(kind for kind in QUESTION_CLASSES if kind != "code_task"))
    app = app_for(tmp_path, shared_runner, request)
    assert snap_compare(app, terminal_size=size, run_before=answer_all)
