"""Notices quote what a learner typed: they show it as written and never read it as markup."""

from pathlib import Path

from textual.widgets import Input
from textual.widgets._toast import Toast

from quizapp.core.execution.client import SnippetRunner
from quizapp.tui.app import QuizApp
from quizapp.tui.lab_app import LabApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.lab import LabScreen
from tests.paths import TUI_BANK
from tests.tui.test_tui_lab import TINY
from tests.tui.tui_driver import services_for, settle, until


def toasts(app: LabApp | QuizApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_a_lab_field_holding_markup_is_quoted_as_typed(shared_runner: SnippetRunner) -> None:
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LabScreen))
        for field_id, typed in (("max-norm", "[/]"), ("norm-type", "x[/]"), ("lr", "[b]1")):
            field = app.screen.query_one(f"#{field_id}", Input)
            field.value = typed
            await pilot.press("ctrl+r")
            await pilot.pause()
            await pilot.pause()
            assert app.is_running
            assert any(repr(typed) in shown for shown in toasts(app)), toasts(app)
            field.value = "1"
        assert not app.screen.runs  # type: ignore[attr-defined]


async def test_every_notice_of_the_quiz_app_is_literal(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    app = QuizApp(lambda: services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.screen.notify("answer [/] and [b]x[/b]")  # a widget's notice, markup left at its default
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert any("answer [/] and [b]x[/b]" in shown for shown in toasts(app)), toasts(app)
