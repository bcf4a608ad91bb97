"""A newcomer at 80x24 and 60x20: what the screen shows fits, and every key does what its button says."""

from pathlib import Path

from textual.widgets import Button, DataTable, Input, TextArea

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.results import ResultsScreen
from tests.paths import TUI_BANK
from tests.tui.tui_driver import answer_current, quiz_app, quiz_screen, services_for, settle


def label(app: QuizApp, button_id: str) -> str:
    return str(app.screen.query_one(f"#{button_id}", Button).label)


def notes(app: QuizApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def inside(app: QuizApp, widget_id: str) -> bool:
    """Whether the widget is drawn wholly inside the terminal."""
    region = app.screen.query_one(f"#{widget_id}").region
    width, height = app.size
    return region.width > 0 and region.right <= width and region.bottom <= height


async def test_results_open_at_the_score_with_the_answers_focused(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(
        lambda: services, request=QuizRequest(types=("numeric", "true_false", "short_text"), count=None)
    )
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        for right in (True, False, True):
            await answer_current(pilot, right=right)
            await pilot.press("n")
            await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.query_one("#results").scroll_y == 0
        assert inside(app, "score")
        table = results.query_one("#answers", DataTable)
        assert app.focused is table
        focused_border = table.styles.border_top[1]
        results.query_one("#home", Button).focus()
        await settle(pilot)
        assert table.styles.border_top[1] != focused_border  # focus shows in the table's border
        table.focus()
        await settle(pilot)
        await pilot.press("r")  # the footer's key works from the table
        await settle(pilot)
        assert quiz_screen(app).session.mode is Mode.PRACTICE


async def test_a_code_tasks_buttons_fit_at_80_columns(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK, tmp_path / "a.sqlite3", shared_runner, request=QuizRequest(types=("code_task",), count=None)
    ) as (app, pilot, _):
        await pilot.press("ctrl+r")
        await settle(pilot)
        run = app.screen.query_one("#run", Button)
        assert run.outer_size.height == 1, "the Run button is drawn as a box"
        assert "Run" in label(app, "run")
        for button_id in ("submit", "run", "next", "finish"):
            assert inside(app, button_id), f"{button_id} is cut off"


async def test_keys_do_what_the_buttons_say_in_every_focus(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("numeric", "code_output"), count=None),
    ) as (app, pilot, services):
        screen = quiz_screen(app)
        while screen.session.current is not None and screen.session.current.type != "numeric":
            await pilot.press("ctrl+n")
            await settle(pilot)
        assert isinstance(app.focused, Input)
        assert label(app, "hint") == "Hint F3"  # h types into the answer line
        await pilot.press("h")
        assert app.focused.value == "h"
        assert screen.session.hints_used == 0
        await pilot.press("f3")
        await settle(pilot)
        assert screen.session.hints_used == 1
        await pilot.press("backspace", "x", "enter")  # not a number: refused, not graded
        await settle(pilot)
        assert screen.outcome is None
        assert any("is not a number" in note for note in notes(app))
        await pilot.press("backspace")
        await answer_current(pilot, right=False)
        assert screen.query_one("#next", Button).has_focus
        assert label(app, "next") == "Next n"
        assert label(app, "retry") == "Try again t"

    app = QuizApp(lambda: services, request=QuizRequest(types=("code_output",), count=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = quiz_screen(app)
        await pilot.press("ctrl+r")  # before answering: says why nothing runs
        await settle(pilot)
        assert any("Answer first" in note for note in notes(app))
        await answer_current(pilot, right=False)
        snippet = screen.query_one("#snippet", TextArea)
        snippet.focus()
        await settle(pilot)
        assert label(app, "next") == "Next Ctrl+N"
        assert label(app, "retry") == "Try again Ctrl+T"
        before = snippet.text
        await pilot.press("n")  # types into the editor, as its label no longer promises otherwise
        assert snippet.text != before
        assert screen.session.current is not None
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert screen.outcome is None  # trying again from the editor
        await answer_current(pilot, right=True)
        snippet.focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)


async def test_an_exam_says_recorded_in_the_status_line_not_over_the_buttons(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    services = services_for(TUI_BANK, db, shared_runner)
    app = QuizApp(
        lambda: services, request=QuizRequest(mode=Mode.EXAM, types=("numeric", "short_text"), count=None)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer_current(pilot)
        status = str(app.screen.query_one("#status").render())
        assert status.startswith("✓ Recorded · Exam 2/2")
        assert "1 answered" in status
        assert not notes(app)  # no toast over Skip and Finish
        assert inside(app, "finish")
        await pilot.press("ctrl+r")  # no snippet here: nothing to run, and nothing breaks
        await settle(pilot)
    with AttemptStore(db) as store:
        assert len(store.responses(store.sessions()[0].id)) == 1


async def test_home_at_60_columns_keeps_every_choice_within_reach(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner, size=(60, 20)) as (app, pilot, _):
        home = app.screen
        assert isinstance(home, HomeScreen)
        for widget_id in ("mode", "difficulty", "count", "time-limit", "start"):
            region = home.query_one(f"#{widget_id}").region
            assert region.width > 0, f"{widget_id} is not shown"
            assert region.right <= 60, f"{widget_id} is cut off at the right"
        for widget_id in ("mode", "difficulty", "count", "time-limit", "start"):
            home.query_one(f"#{widget_id}").focus()
            await settle(pilot)
            assert inside(app, widget_id), f"{widget_id} cannot be scrolled into view"
        await pilot.press("enter")  # Start, focused
        await settle(pilot)
        quiz_screen(app)


async def test_the_page_follows_the_cursor_in_the_snippet_editor(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("code_output",), count=None),
        size=(60, 20),
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        await answer_current(pilot, right=False)  # the page scrolls down to the feedback
        snippet = screen.query_one("#snippet", TextArea)
        snippet.focus(scroll_visible=False)
        page = screen.view.content_region
        lines = snippet.document.line_count
        for key, row in (("down", lines - 1), ("up", 0)):
            for _ in range(lines):
                await pilot.press(key)
            await settle(pilot)
            assert snippet.cursor_location[0] == row
            cursor = snippet.cursor_screen_offset
            assert page.y <= cursor.y < page.bottom, f"the cursor on line {row + 1} is out of view"


async def test_a_bank_of_one_question_says_one_question(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    (tmp_path / "one.yaml").write_text(
        "title: One\ntopic: t\nquestions:\n  - id: only-one\n    type: true_false\n"
        "    difficulty: beginner\n    prompt: Is this the only question?\n    answer: true\n"
        "    explanation: It is.\n"
    )

    async with quiz_app(tmp_path / "one.yaml", tmp_path / "a.sqlite3", shared_runner) as (app, _, _):
        header = "\n".join(strip.text for strip in app.screen._compositor.render_strips())

        assert "ada · 1 question" in header
        assert "1 questions" not in header
