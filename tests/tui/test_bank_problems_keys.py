"""The bank-problems screen says what its problems left out, offers to go on only with questions to
go on with, and the too-small notice shows the way out first."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizapp.services import make_services
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.bank_problems import BankProblemsScreen
from quizapp.tui.screens.home import HomeScreen
from tests.paths import TUI_BANK
from tests.tui.tui_driver import settle

QUIZ = """title: {title}
topic: good-topic
questions:
{questions}"""
QUESTION = """  - id: {id}
    type: true_false
    difficulty: beginner
    prompt: Is {id} fine?
    answer: true
    explanation: e
"""


def quiz(title: str, *ids: str) -> str:
    return QUIZ.format(title=title, questions="".join(QUESTION.format(id=qid) for qid in ids))


@asynccontextmanager
async def app_over(
    bank: Path, db: Path, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[tuple[QuizApp, Pilot[None]]]:
    """The real app over ``bank``, settled on its first screen; no snippet runner is started."""
    services = make_services(bank_paths=[bank], db_path=db, learner="ada")
    app = QuizApp(lambda: services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


def drawn(app: QuizApp) -> str:
    """The words the top screen draws now, wrapped lines joined by single spaces."""
    return " ".join(" ".join(strip.text for strip in app.screen._compositor.render_strips()).split())


async def test_a_duplicate_id_is_told_as_one_question_left_out_not_its_file(tmp_path: Path) -> None:
    bank = tmp_path / "dup"
    bank.mkdir()
    (bank / "a-good.yaml").write_text(quiz("Good", "good-tf", "good-num"), encoding="utf-8")
    (bank / "b-dup.yaml").write_text(quiz("Dup", "good-tf", "other-num"), encoding="utf-8")

    async with app_over(bank, tmp_path / "a.sqlite3") as (app, pilot):
        assert isinstance(app.screen, BankProblemsScreen)
        shown = drawn(app)
        assert (
            "The question bank has 1 problem in 1 file. It left out 1 question, not the whole file. "
            "3 questions loaded. Fix it and run 'quizapp validate' to check."
        ) in shown
        assert "Those files were left out" not in shown
        assert "Go on with 3 questions (c)" in shown
        assert "c Go on without them" in shown
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_whole_files_and_single_questions_are_counted_apart(tmp_path: Path) -> None:
    bank = tmp_path / "mixed"
    bank.mkdir()
    (bank / "a-good.yaml").write_text(quiz("Good", "good-tf"), encoding="utf-8")
    (bank / "b-dup.yaml").write_text(quiz("Dup", "good-tf", "other-num"), encoding="utf-8")
    (bank / "c-broken.yaml").write_text(quiz("Broken", "Bad Id", "Worse Id"), encoding="utf-8")

    async with app_over(bank, tmp_path / "a.sqlite3") as (app, _):
        assert (
            "The question bank has 3 problems in 2 files. 2 left out 1 file whole; 1 left out 1 "
            "question, not the whole file. 2 questions loaded."
        ) in drawn(app)


async def test_one_question_loaded_is_one_question(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "good.yaml").write_text(quiz("Good", "only-one"), encoding="utf-8")
    (bank / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")

    async with app_over(bank, tmp_path / "a.sqlite3") as (app, _):
        shown = drawn(app)
        assert "It left out 1 file whole. 1 question loaded." in shown
        assert "Go on with 1 question (c)" in shown


async def test_with_no_question_loaded_there_is_no_way_on_but_quitting_and_the_screen_says_so(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")

    async with app_over(broken, tmp_path / "a.sqlite3") as (app, pilot):
        screen = app.screen
        assert isinstance(screen, BankProblemsScreen)
        shown = drawn(app)
        assert (
            "It left out 1 file whole. No question loaded, so there is nothing to go on with: "
            "press q to quit."
        ) in shown
        assert "Go on" not in shown  # neither the button nor the footer's key
        assert "q Quit" in shown
        assert not screen.query("#carry-on")
        await pilot.press("c")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_an_empty_folder_is_no_left_out_file_but_a_bank_without_questions(tmp_path: Path) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()

    async with app_over(empty, tmp_path / "a.sqlite3") as (app, _):
        assert isinstance(app.screen, BankProblemsScreen)
        shown = drawn(app)
        # The folder's path may be broken across lines (a long temporary path has no spaces).
        assert "The question bank has no questions: no quiz files (*.yaml, *.yml) found in /" in shown
        unspaced = "".join(shown.split())
        assert f"{''.join(str(empty).split())}.Thereisnothingtogoonwith:pressqtoquit" in unspaced
        assert "left out" not in shown
        assert "Go on" not in shown


@pytest.mark.parametrize("size", [(20, 6), (10, 4)])
async def test_the_too_small_notice_shows_how_to_quit_at_the_smallest_sizes(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    async with app_over(TUI_BANK, tmp_path / "a.sqlite3", size) as (app, _):
        shown = drawn(app)
        assert shown.startswith("Ctrl+Q quits. Too small:"), shown
