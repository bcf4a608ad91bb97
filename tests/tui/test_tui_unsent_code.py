"""Quitting or leaving with code typed but not given says that code will be lost (there are no drafts)."""

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.confirm import ConfirmScreen
from tests.paths import TUI_BANK
from tests.tui.tui_driver import quiz_app, settle


async def ask(app: QuizApp, how: str) -> None:
    """Ctrl+Q quits (asks first); leaving is Esc, which the code editor keeps for itself."""
    if how == "quit":
        await app.run_action("quit")
    else:
        await app.screen.run_action("leave")


@pytest.mark.parametrize("how", ["quit", "leave"])
async def test_the_warning_names_the_code_that_will_be_lost(
    tmp_path: Path, shared_runner: SnippetRunner, how: str
) -> None:
    async with quiz_app(
        TUI_BANK, tmp_path / "a.sqlite3", shared_runner, request=QuizRequest(types=("code_task",), count=None)
    ) as (app, pilot, _):
        await ask(app, how)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        untouched = str(app.screen.query_one("#dialog-detail", Static).render())
        assert "will be lost" not in untouched  # the starter code, unchanged, loses nothing
        await pilot.press("n")
        await settle(pilot)

        area = app.focused
        assert isinstance(area, TextArea)
        area.insert("x = 1\n")
        await ask(app, how)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#dialog-detail", Static).render())
        assert "No answer given yet" in detail
        assert detail.startswith("The code you typed for this question will be lost")  # said first
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
