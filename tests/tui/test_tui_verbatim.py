"""Learner text is never markup: answers, feedback and run output show exactly as written, escapes escaped."""

import shutil
from pathlib import Path

from textual.widgets import DataTable, Input, Static, TextArea
from textual.widgets._toast import Toast

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.services import make_services
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.answer_detail import AnswerDetailScreen
from quizapp.tui.screens.bank_problems import BankProblemsScreen
from quizapp.tui.screens.progress import ProgressScreen
from quizapp.tui.screens.results import ResultsScreen
from tests.paths import TUI_BANK
from tests.tui.tui_driver import quiz_app, quiz_screen, services_for, settle, until

TITLE_ESCAPE = "\x1b]0;title\x07"
CLEAR_SCREEN = "\x1b[2J"
ODD_ANSWERS = {
    "t-short": "[/]",
    "t-output": "tensor([nan, 1.])",
    "t-explain": "[bold]x[/bold]",
    "t-error": f"{TITLE_ESCAPE}{CLEAR_SCREEN}",
}
"""Each question answered with one text that markup or a terminal would take for something else."""
SHOWN_ESCAPE = r"\x1b]0;title\x07\x1b[2J"


def drawn(app: QuizApp) -> str:
    """The text the top screen draws on the terminal now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_odd_answers_show_as_typed_in_the_results_and_in_full(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    request = QuizRequest(types=("short_text", "code_output", "explain", "code_error"), count=None)
    app = QuizApp(lambda: services, request=request)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        order = []
        while not isinstance(app.screen, ResultsScreen):
            screen = quiz_screen(app)
            question = screen.session.current
            assert question is not None
            order.append(question.id)
            answer = ODD_ANSWERS[question.id]
            if question.id == "t-error":  # options in the bank; type it into a free-text line instead
                screen.view.answer.post_message(screen.view.answer.Submitted(answer))
            elif isinstance(app.focused, Input):
                app.focused.value = answer  # as pasted
                await pilot.press("enter")
            else:
                assert isinstance(app.focused, TextArea)
                app.focused.text = answer
                await pilot.press("ctrl+s")
            await settle(pilot)
            on_screen = drawn(app)
            assert "\x1b" not in on_screen  # the feedback too
            await pilot.press("n")
            await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        table = results.query_one("#answers", DataTable)
        on_screen = drawn(app)
        assert "\x1b" not in on_screen
        assert "\x07" not in on_screen
        for text in ("[/]", "tensor([nan, 1.])", "[bold]x[/bold]", SHOWN_ESCAPE[:19] + "…"):
            assert text in on_screen, f"{text!r} is not shown as typed"  # a cell holds 20 characters

        table.focus()
        table.move_cursor(row=order.index("t-short"))
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, AnswerDetailScreen)
        await until(pilot, lambda: "[/]" in drawn(app))
        await pilot.press("escape")
        table.move_cursor(row=order.index("t-error"))
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, AnswerDetailScreen)
        await until(pilot, lambda: SHOWN_ESCAPE in drawn(app))
        assert "\x1b" not in drawn(app)


async def test_what_a_run_prints_and_raises_shows_as_printed(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("code_task",), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        area = app.focused
        assert isinstance(area, TextArea)
        area.text = (
            "print('[bold]x[/bold] [/] tensor([nan, 1.])')\n"
            "print('\\x1b]0;title\\x07\\x1b[2J')\n"
            "raise ValueError('[/] \\x1b[2J')\n"
        )
        await pilot.press("ctrl+r")
        panel = quiz_screen(app).view.run_panel
        await until(pilot, lambda: "Raised" in str(panel.query_one("#run-status", Static).render()))
        await settle(pilot)
        output = drawn(app)
        assert "[bold]x[/bold] [/] tensor([nan, 1.])" in output
        assert SHOWN_ESCAPE in output
        assert "\x1b" not in output
        status = drawn(app)
        assert r"Raised ValueError: [/] \x1b[2J" in status


async def test_a_learner_name_with_escapes_is_shown_written_out(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    name = f"ada{CLEAR_SCREEN}[b]x"  # --learner takes any valid text
    services = make_services(
        bank_paths=[TUI_BANK], db_path=tmp_path / "a.sqlite3", learner=name, runner=shared_runner
    )
    app = QuizApp(lambda: services)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        on_screen = drawn(app)
        assert "\x1b" not in on_screen
        assert r"ada\x1b[2J[b]x ·" in on_screen  # in the header, as written

        await pilot.press("p")  # the progress screen names the learner too
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await settle(pilot)
        assert "\x1b" not in drawn(app)
        assert r"ada\x1b[2J[b]x · progress" in drawn(app)


async def test_a_quiz_file_named_with_escapes_is_listed_written_out(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(TUI_BANK, bank)
    (bank / f"broken{CLEAR_SCREEN}.yaml").write_text("title: [unclosed\n", encoding="utf-8")

    async with quiz_app(bank, tmp_path / "a.sqlite3", shared_runner) as (app, _, _):
        assert isinstance(app.screen, BankProblemsScreen)
        on_screen = drawn(app)
        assert "\x1b" not in on_screen
        assert r"\x1b[2J.yaml:2:1: YAML syntax error" in on_screen  # the path before it wraps


async def test_a_notice_quoting_escapes_shows_them_written_out(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    app = QuizApp(lambda: services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.screen.notify(f"cannot write {CLEAR_SCREEN}here", title=TITLE_ESCAPE)
        await pilot.pause()
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert any(r"cannot write \x1b[2Jhere" in text and r"\x1b]0;title\x07" in text for text in shown), (
            shown
        )
        assert not any("\x1b" in text for text in shown)
