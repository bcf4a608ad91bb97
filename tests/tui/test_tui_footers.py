"""Each footer lists only the keys that work on the screen shown; pop-ups say how to close them."""

from pathlib import Path

import pytest
from textual.widgets import Input, Markdown
from textual.widgets._footer import FooterKey

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.tui.app import QuizApp
from quizapp.tui.lab_app import LabApp
from quizapp.tui.screens.answer_detail import AnswerDetailScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.lab import LabScreen
from quizapp.tui.screens.progress import ProgressScreen
from quizapp.tui.screens.results import ResultsScreen
from tests.paths import TUI_BANK
from tests.tui.test_tui_lab import TINY, lab_screen
from tests.tui.tui_driver import answer_current, quiz_app, services_for, settle, until


def footer_keys(app: QuizApp) -> list[str]:
    """What the footer drawn at the bottom of the terminal says: the top screen's own footer."""
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


async def test_help_and_an_answer_in_full_say_how_to_close_them(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("true_false",), count=None),
        size=(60, 20),
    ) as (app, pilot, _):
        await answer_current(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnswerDetailScreen)
        shown = footer_keys(app)
        assert any("Close" in key and "esc" in key for key in shown), shown
        assert not any("Retry" in key or "Home" in key for key in shown), shown
        assert "Esc closes" in str(app.screen.query_one("#help").border_subtitle)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = footer_keys(app)
        assert any("Close" in key for key in shown), shown
        assert not any("Retry" in key or "Start" in key for key in shown), shown
        assert "Esc closes" in str(app.screen.query_one("#help").border_subtitle)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)


async def test_a_turned_flashcard_offers_its_ratings_not_turning(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    app = QuizApp(
        lambda: services, request=QuizRequest(types=("flashcard",), mode=Mode.FLASHCARDS, count=None)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("Turn card" in key for key in footer_keys(app))
        await pilot.press("space")
        await settle(pilot)
        shown = footer_keys(app)
        assert not any("Turn card" in key for key in shown), shown
        assert any("Good" in key for key in shown), shown


async def test_home_keys_work_after_a_quiz_started_from_the_count_field(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, _):
        home = app.screen
        assert isinstance(home, HomeScreen)
        count = home.query_one("#count", Input)
        count.focus()
        count.value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await answer_current(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not isinstance(app.focused, Input)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))


async def test_a_dialog_over_home_gives_the_focus_back_where_it_was(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, _):
        count = app.screen.query_one("#count", Input)
        count.focus()
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.query(Markdown)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is count


def bottom_line(app: QuizApp | LabApp) -> str:
    """The terminal's last line as drawn: the footer."""
    return app.screen._compositor.render_strips()[-1].text


LAB_KEYS = ["^r Run", "^b ± clip", "esc Back", "^l Clear", "^e CSV", "^q Quit"]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_lab_footer_shows_every_key_whole(
    size: tuple[int, int], shared_runner: SnippetRunner
) -> None:
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=size) as pilot:
        await lab_screen(pilot, app)
        await settle(pilot)
        line = bottom_line(app)
        assert all(key in line for key in LAB_KEYS), line


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_lab_opened_from_home_shows_help_and_quit_too(
    size: tuple[int, int], tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner, size=size) as (app, pilot, _):
        line = bottom_line(app)
        for key in ("^q Quit", "f1 Help", "^p palette"):  # home fits in full, the palette's key too
            assert key in line, line

        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LabScreen))
        await settle(pilot)
        line = bottom_line(app)
        assert all(key in line for key in [*LAB_KEYS, "f1 Help"]), line


@pytest.mark.parametrize("size", [(40, 12), (32, 10)], ids=["40x12", "32x10"])
async def test_a_footer_too_narrow_for_every_key_leaves_whole_keys_out_and_keeps_quit(
    size: tuple[int, int], tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner, size=size) as (app, pilot, _):
        for _ in range(2):  # home, then a quiz
            line = bottom_line(app).strip()
            assert line == " ".join(footer_keys(app)), line  # every key drawn whole, none cut
            assert "^q Quit" in line, line
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert "f10 Finish" in footer_keys(app)


async def test_a_compact_footer_keeps_a_key_group_apart_from_the_next_key(
    shared_runner: SnippetRunner,
) -> None:
    # Measured: with a plot focused, the lab's footer read "← → ↑ ↓ Panr Reset scales".
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        await lab_screen(pilot, app)
        app.screen.query_one("#loss-plot").focus()
        await settle(pilot)
        line = bottom_line(app)
        assert "Pan r Reset scales" in line, line
        assert "Panr" not in line


async def test_the_lab_fields_show_their_whole_names_at_80_columns(shared_runner: SnippetRunner) -> None:
    # Measured: "norm_ty…" and "clip_va…" in the field borders.
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        await lab_screen(pilot, app)
        await settle(pilot)
        drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        for name in ("max_norm", "norm_type", "clip_value", "lr", "steps"):
            assert f"─ {name} ─" in drawn, drawn
