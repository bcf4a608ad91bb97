"""At small terminals a question opens at its first line, and every action stays within reach."""

from pathlib import Path

import pytest

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.widgets.question_view import QuestionView
from tests.paths import TUI_BANK
from tests.tui.tui_driver import quiz_screen, services_for, settle


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (50, 16)])
@pytest.mark.parametrize("kind", ["code_output", "code_task", "code_error", "explain", "numeric"])
async def test_a_question_opens_at_its_first_line(
    tmp_path: Path, shared_runner: SnippetRunner, kind: str, size: tuple[int, int]
) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services, request=QuizRequest(types=(kind,), count=None))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        while isinstance(app.screen, QuizScreen):
            view = app.screen.query_one(QuestionView)
            prompt = view.query_one("#prompt")
            question = quiz_screen(app).session.current
            assert question is not None
            assert view.scroll_y == 0, f"{question.id} opens scrolled down"
            assert prompt.region.y == view.content_region.y
            assert app.focused is not None
            assert view in app.focused.ancestors
            await pilot.press("ctrl+n")
            await settle(pilot)
