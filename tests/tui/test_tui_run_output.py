"""The output of a run says which code it came from once the code on screen has changed."""

from pathlib import Path

from textual.widgets import TextArea

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.widgets.run_panel import RunPanel
from tests.paths import TUI_BANK
from tests.tui.tui_driver import quiz_app, quiz_screen, settle, until


async def test_output_of_code_edited_since_its_run_is_labelled_earlier(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        TUI_BANK, tmp_path / "a.sqlite3", shared_runner, request=QuizRequest(types=("code_task",), count=None)
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        area = app.focused
        assert isinstance(area, TextArea)
        area.text = "raise ValueError('first version')\n"
        await pilot.press("ctrl+r")
        panel = screen.query_one(RunPanel)
        await until(pilot, lambda: "Raised ValueError" in str(panel.query_one("#run-status").render()))
        assert not panel.has_class("earlier")
        assert not panel.border_title

        area.text = "print('second version')\n"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.outcome is not None
        assert panel.has_class("earlier")
        assert "earlier version" in str(panel.border_title)

        area.text = "raise ValueError('first version')\n"  # the code of the run again
        await settle(pilot)
        assert not panel.has_class("earlier")
