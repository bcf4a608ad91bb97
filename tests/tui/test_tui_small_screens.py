"""At small terminals a question opens at its first line, and every action stays within reach."""

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, ListView

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.app import QuizApp
from quizapp.tui.lab_app import LabApp
from quizapp.tui.screens.bank_problems import BankProblemsScreen
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.results import ResultsScreen
from quizapp.tui.tiny_terminals import TooSmallNotice
from quizapp.tui.widgets.question_view import QuestionView
from quizapp.tui.widgets.quiz_bars import ActionBar
from tests.paths import BANK, BROKEN, TUI_BANK
from tests.tui.tui_driver import answer_current, quiz_app, quiz_screen, services_for, settle


def assert_shown_whole(button: Button, within: Region) -> None:
    """``button`` lies inside ``within`` and its label has room for every character."""
    label = str(button.label)
    assert within.contains_region(button.region), f"{label!r} is cut: {button.region} in {within}"
    shown = button.content_region.width
    assert shown >= len(label), f"{label!r} is cut to {shown} columns"


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


@pytest.mark.parametrize("bank", [TUI_BANK, BANK], ids=["tui-bank", "shipped-bank"])
@pytest.mark.parametrize("size", [(80, 24), (60, 20), (50, 16), (40, 12)])
async def test_every_action_of_a_code_task_is_shown_whole(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int], bank: Path
) -> None:
    services = services_for(bank, tmp_path / "a.sqlite3", shared_runner, seed=1)
    app = QuizApp(lambda: services, request=QuizRequest(types=("code_task",), count=None))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = quiz_screen(app)
        for step in ("typing", "buttons", "answered"):
            if step == "buttons":
                screen.query_one("#finish", Button).focus()  # letter keys work here: other labels
            if step == "answered":
                await pilot.press("ctrl+s")
            await settle(pilot)
            shown = [button for button in screen.query_one(ActionBar).query(Button) if button.display]
            assert {button.id for button in shown} >= {"next", "finish"}
            whole = Region(0, 0, *size)
            for button in shown:
                assert whole.contains_region(button.region), f"{button.id} is cut: {button.region}"
                assert button.region.width >= len(str(button.label)) + 2, f"{button.id} is cut"
            footer = " ".join(
                binding.description for (_, binding, _, _) in screen.active_bindings.values() if binding.show
            )
            assert "Finish" in footer


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (32, 10)])
@pytest.mark.parametrize(
    "keys",
    [("4", "2", "escape"), ("ctrl+q",), ("f10",)],
    ids=["leave-with-typing-unsent", "quit", "finish-unanswered"],
)
async def test_a_dialogs_question_and_both_buttons_are_shown_whole(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    services = services_for(BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services, request=QuizRequest(types=("numeric",), count=3))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("1", "ctrl+s", "ctrl+n")  # one answer given, so leaving asks first
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        whole = Region(0, 0, *size)
        box = dialog.query_one("#dialog")
        inside = box.content_region
        assert whole.contains_region(inside)
        question = dialog.query_one("#dialog-question")
        assert inside.contains_region(question.region), f"the question is cut: {question.region} in {inside}"
        detail = dialog.query_one("#dialog-detail")
        if box.show_vertical_scrollbar:  # only when the dialog is as tall as the screen allows
            assert box.outer_size.height >= size[1] - 1, "a scroll bar where all of it would fit"
        if not inside.contains_region(detail.region):  # what it says must be within reach
            assert box.max_scroll_y > 0
            assert box.show_vertical_scrollbar
        for button in dialog.query(Button):
            assert_shown_whole(button, inside)
        assert app.focused is not None
        assert app.focused.id == "no"  # staying is still the default
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (32, 10)])
async def test_a_bank_with_problems_shows_what_is_wrong_and_both_ways_on_at_any_size(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "good.yaml").write_text((TUI_BANK / "every_type.yaml").read_text())
    for name in ("missing_field", "syntax_tab_indent", "many_problems"):
        (bank / f"{name}.yaml").write_text((BROKEN / f"{name}.yaml").read_text())
    services = services_for(bank, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BankProblemsScreen)
        whole = Region(0, 0, *size)
        page = screen.query_one("#problems").content_region
        summary = screen.query_one("#problems-summary")
        problems = screen.query_one(ListView)
        assert app.focused is problems  # the arrows move through the problems
        if size != (32, 10):  # room for the summary above the problems: it opens there
            assert summary.region.y == page.y, "the page opens at its summary"
        first = problems.children[0].region.intersection(whole).intersection(page)
        assert first.height >= 2, f"the first problem is hardly shown: {first}"
        for button in screen.query(Button):
            button.focus()
            await settle(pilot)
            assert_shown_whole(button, screen.query_one("#problems").region)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (32, 10)])
async def test_the_results_buttons_are_shown_whole_at_any_size(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services, request=QuizRequest(types=("numeric", "true_false"), count=None))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for right in (True, False):
            await answer_current(pilot, right=right)
            await pilot.press("n")
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        whole = Region(0, 0, size[0], size[1] - 1)  # above the footer
        for button in app.screen.query(Button):
            button.focus()  # Tab to it: it scrolls into view
            await settle(pilot)
            assert_shown_whole(button, whole)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12), (32, 10)])
async def test_each_rating_of_a_turned_card_is_shown_whole_when_tabbed_to(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    services = services_for(BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services, request=QuizRequest(types=("flashcard",), count=1))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("space")  # turn the card
        await settle(pilot)
        view = app.screen.query_one(QuestionView)
        assert view.scroll_y == 0  # the back is read from its start
        whole = Region(0, 0, *size)
        ratings = list(app.screen.query("#ratings Button").results(Button))
        assert len(ratings) == 4
        for button in ratings:
            button.focus()
            await settle(pilot)
            assert whole.contains_region(button.region), f"{button.label} is cut: {button.region}"
            assert button.content_region.area >= len(str(button.label))  # its words wrap: all have room


def notice_of(app: QuizApp | LabApp) -> TooSmallNotice | None:
    """The too-small notice as shown on the current screen, or None if it is not shown."""
    shown = [notice for notice in app.screen.query(TooSmallNotice) if notice.display]
    return shown[0] if shown else None


def visible_widgets(screen: Screen[Any]) -> list[Widget]:
    """The screen's own parts that take room on it (the notice aside)."""
    return [child for child in screen.children if child.display and not isinstance(child, TooSmallNotice)]


@pytest.mark.parametrize("size", [(31, 10), (32, 9), (1, 1)])  # each edge, and one cell
async def test_a_terminal_too_small_says_so_takes_no_key_and_gives_the_screen_back_as_it_was(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    async with quiz_app(
        BANK, tmp_path / "a.sqlite3", shared_runner, request=QuizRequest(types=("numeric",), count=3)
    ) as (app, pilot, _):
        await pilot.press("4", "2")  # typed, not given yet
        screen = quiz_screen(app)
        typed = app.focused
        assert isinstance(typed, Input)
        assert typed.value == "42"
        assert notice_of(app) is None

        await pilot.resize_terminal(*size)
        await settle(pilot)
        notice = notice_of(app)
        assert notice is not None
        text = str(notice.render())
        assert text.startswith(f"Ctrl+Q quits. Too small: {size[0]}x{size[1]} (needs 32x10).")
        assert "nothing is lost" in text
        assert "quizapp take --plain" in text
        assert visible_widgets(app.screen) == []  # no half-drawn question behind it
        await pilot.press("7", "backspace", "ctrl+s", "ctrl+n", "f10", "enter", "escape", "y")
        await settle(pilot)
        assert app.screen is screen  # no key reached the quiz: nothing given, skipped or left
        assert screen.session.answered == 0
        assert typed.value == "42"

        await pilot.resize_terminal(32, 10)  # the smallest size that fits
        await settle(pilot)
        assert notice_of(app) is None
        assert visible_widgets(app.screen)
        assert app.focused is typed  # back where the learner left it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.session.answered == 1


@pytest.mark.parametrize("size", [(10, 4), (1, 1), (20, 2), (2, 20)])
async def test_a_tiny_terminal_never_crashes_the_app_and_loses_nothing(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    """A pane a few cells large: an option list left no width raised from its wrapping before."""
    services = services_for(BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(lambda: services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert notice_of(app) is not None
        for key in ("p", "escape", "l", "escape", "question_mark", "escape", "ctrl+s"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # the keys waited for a usable size
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("1", "ctrl+s")  # an answer given at a usable size...
        await settle(pilot)
        await pilot.resize_terminal(*size)  # ...then the pane shrinks again
        await settle(pilot)
        await pilot.press("f10", "y")  # not taken: the dialog would be drawn where none can read it
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        await pilot.resize_terminal(32, 10)
        await settle(pilot)
        await pilot.press("f10", "y")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.query_one("#answers", DataTable).row_count == 10  # every answer kept
    assert app.return_code in (0, None)


async def test_ctrl_q_in_a_terminal_too_small_says_what_quitting_loses_before_it_quits(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    async with quiz_app(BANK, db, shared_runner, request=QuizRequest(types=("numeric",), count=3)) as (
        app,
        pilot,
        services,
    ):
        await pilot.press("1", "ctrl+s", "ctrl+n")  # one answer given
        await settle(pilot)
        await pilot.press("4")  # and one typed
        await pilot.resize_terminal(24, 8)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        notice = notice_of(app)
        assert notice is not None
        text = str(notice.render())
        assert text.startswith("Quit? Ctrl+Q again quits; enlarge to stay. The answer you typed")
        assert "Your 1 answer so far is saved" in text
        drawn = " ".join(" ".join(strip.text.split()) for strip in app.screen._compositor.render_strips())
        assert "Ctrl+Q again quits; enlarge to stay. The answer you typed for this question will be lost" in (
            " ".join(drawn.split())  # both show at 24x8
        )
        assert app.is_running
        await pilot.resize_terminal(80, 24)  # growing answers "stay"
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        await pilot.resize_terminal(24, 8)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running  # asked again: the earlier question was answered by growing
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code in (0, None)
    assert not app.is_running
    session = services.store.sessions()[0]
    assert len(services.store.responses(session.id)) == 1  # what was given is kept


async def test_ctrl_q_in_a_terminal_too_small_quits_at_once_where_nothing_is_lost(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(BANK, tmp_path / "a.sqlite3", shared_runner, size=(20, 5)) as (app, pilot, _):
        assert notice_of(app) is not None
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running


async def test_a_quiz_that_opens_in_a_terminal_too_small_shows_the_notice_and_then_the_quiz(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    """``quizapp take`` in a small pane: the quiz screen arrives while the notice is needed."""
    async with quiz_app(
        BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("numeric",), count=2),
        size=(20, 6),
    ) as (app, pilot, _):
        assert isinstance(app.screen, QuizScreen)
        assert notice_of(app) is not None
        assert visible_widgets(app.screen) == []
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        assert notice_of(app) is None
        assert isinstance(app.focused, Input)
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert quiz_screen(app).session.answered == 1


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_the_verdict_shows_first_when_the_feedback_is_taller_than_the_screen(
    tmp_path: Path, shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    async with quiz_app(
        BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("explain",), count=1),
        size=size,
    ) as (app, pilot, _):
        await pilot.press(*"Clipping caps [/] [bold]x huge updates.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        view = app.screen.query_one(QuestionView)
        verdict = view.query_one("#verdict")
        assert "of 1 point" in str(verdict.render())
        assert view.max_scroll_y > 0  # the feedback (explanation, model answer) does not fit
        assert view.content_region.contains_region(verdict.region), (
            f"{verdict.region} in {view.content_region}"
        )
