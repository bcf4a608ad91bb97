"""The app's other screens and entrances: home, a bank with problems, a damaged database, help, modes."""

import contextlib
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.widgets import Input, ListView, Static

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.records.attempt_store import StoreError
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.services import make_services
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.bank_problems import BankProblemsScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from tests.paths import BROKEN, TUI_BANK
from tests.tui.tui_driver import answer_current, quiz_app, quiz_screen, settle


async def test_home_lists_topics_and_starts_the_quiz_chosen(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, _):
        home = app.screen
        assert isinstance(home, HomeScreen)
        topics = home.query_one("#topics")
        labels = [str(topics.get_option_at_index(i).prompt) for i in range(topics.option_count)]  # type: ignore[attr-defined]
        assert labels[0].split() == ["[", "]", "clip-grad-norm", "9", "6/3/0"]
        assert labels[1].split() == ["[", "]", "clip-grad-value", "1", "0/1/0"]
        await pilot.press("space")  # pick clip-grad-norm
        home.query_one("#count", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = quiz_screen(app)
        assert len(screen.session.items) == 3
        assert {item.question.topic for item in screen.session.items} == {"clip-grad-norm"}


@pytest.mark.parametrize(
    ("field", "value", "notice"),
    [
        ("count", "0", "whole number above 0"),
        *[
            ("time-limit", minutes, "time limit is in minutes")
            for minutes in ("nan", "inf", "1e300", "0", "1441")
        ],
    ],
)
async def test_home_refuses_an_odd_count_or_time_limit(
    tmp_path: Path, shared_runner: SnippetRunner, field: str, value: str, notice: str
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, _):
        app.screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any(notice in n.message for n in app._notifications)


async def test_flashcards_mode_turns_and_rates_cards(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, _):
        app.screen.query_one("#mode").focus()
        await pilot.press("down", "down")  # the third mode: flashcards
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = quiz_screen(app)
        assert screen.session.mode is Mode.FLASHCARDS
        assert [item.question.type for item in screen.session.items] == ["flashcard"]
        assert not screen.query_one("#back").display
        await pilot.press("space")
        assert screen.query_one("#back").display
        await pilot.press("2")  # hard: half the points
        await settle(pilot)
        assert "0.5 of 1 point" in str(screen.query_one("#verdict", Static).render())


async def test_review_with_nothing_to_review_stays_home(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK, tmp_path / "a.sqlite3", shared_runner, request=QuizRequest(mode=Mode.REVIEW)
    ) as (app, _, _):
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing to review" in n.message for n in app._notifications)


async def test_review_asks_again_what_was_missed(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    db = tmp_path / "a.sqlite3"
    async with quiz_app(
        TUI_BANK, db, shared_runner, request=QuizRequest(types=("numeric", "true_false"), count=None)
    ) as (app, pilot, _):
        missed = await answer_current(pilot, right=False)
        await pilot.press("n")
        await settle(pilot)
        await answer_current(pilot, right=True)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # results -> home
        await settle(pilot)
        app.start_quiz(QuizRequest(mode=Mode.REVIEW))
        await settle(pilot)
        assert [item.question.id for item in quiz_screen(app).session.items] == [missed.id]
        assert "Your last quizzes" in str(app.home.query_one("#history", Static).render())


async def test_a_bank_with_problems_lists_them_and_goes_on_with_the_rest(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "good.yaml").write_text((TUI_BANK / "every_type.yaml").read_text())
    (bank / "broken.yaml").write_text((BROKEN / "missing_field.yaml").read_text())
    async with quiz_app(bank, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, services):
        screen = app.screen
        assert isinstance(screen, BankProblemsScreen)
        shown = [str(item.query_one(Static).render()) for item in screen.query_one(ListView).children]
        assert shown == [str(problem) for problem in services.bank.problems]
        assert shown[0].startswith(f"{bank / 'broken.yaml'}:")
        assert app.focused is screen.query_one(ListView)  # the arrows move through the problems
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_damaged_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "attempts.sqlite3"
    db.write_bytes(b"not a database at all" * 100)

    def build() -> "object":
        return make_services(bank_paths=[TUI_BANK], db_path=db, learner="ada")

    app = QuizApp(build)  # type: ignore[arg-type]
    await app.run_async(headless=True, size=(80, 24))  # the app ends by itself, with the reason
    assert app.return_code == 1
    assert app.error is not None
    assert "not a usable quizapp database" in app.error
    assert db.read_bytes() == b"not a database at all" * 100
    try:
        make_services(bank_paths=[TUI_BANK], db_path=db, learner="ada")
    except StoreError:
        pass
    else:
        raise AssertionError("the damaged database opened")


async def test_help_opens_with_question_mark_and_closes_with_escape(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(TUI_BANK, tmp_path / "a.sqlite3", shared_runner) as (app, pilot, _):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_take_without_a_terminal_says_to_use_plain(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "take", "--db", str(tmp_path / "a.sqlite3")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 2
    assert "needs a terminal; use --plain" in result.stderr


def test_the_bare_command_in_a_pipe_prints_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    assert "Usage:" in result.stdout
    assert "take" in result.stdout


def test_importing_the_app_loads_neither_torch_nor_pydantic() -> None:
    code = (
        "import sys, quizapp.tui.app, quizapp.cli.commands\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'torch', 'pydantic'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_quizapp_typed_in_a_terminal_opens_the_app_and_ctrl_q_quits(tmp_path: Path) -> None:
    """The real command in a pseudo-terminal: the home screen lists the bank's topics."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {
        **os.environ,
        "QUIZAPP_DB": str(tmp_path / "a.sqlite3"),
        "QUIZAPP_BANK": str(TUI_BANK),
        "TERM": "xterm-256color",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "quizapp"], stdin=slave, stdout=slave, stderr=slave, env=environment
    )
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + 30
        while b"clip-grad-value" not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                seen += os.read(master, 65536)
        assert b"clip-grad-value" in seen, "the home screen never showed the topics"
        os.write(master, b"\x11")  # Ctrl+Q: nothing to lose on the home screen, so no question
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    os.read(master, 65536)
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
