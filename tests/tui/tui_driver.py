"""Helpers that drive the real app with Pilot the way a learner would: keys, clicks, waits on workers."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.questions import (
    ExplainQuestion,
    FlashcardQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    Question,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.services import AppServices, make_services
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.quiz import QuizScreen


class FakeClock:
    """A session clock the test moves on by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def services_for(bank: Path, db: Path, runner: SnippetRunner, *, seed: int = 7) -> AppServices:
    """Real services over a real bank and a real SQLite file, sharing the test session's runner."""
    services = make_services(bank_paths=[bank], db_path=db, learner="ada", runner=runner)
    services.new_seed = lambda: seed
    return services


@asynccontextmanager
async def quiz_app(
    bank: Path,
    db: Path,
    runner: SnippetRunner,
    *,
    request: QuizRequest | None = None,
    size: tuple[int, int] = (80, 24),
    seed: int = 7,
) -> AsyncIterator[tuple[QuizApp, Pilot[None], AppServices]]:
    """The real app over ``services_for(bank, db, runner)``, run at ``size`` and settled on its first screen.

    With ``request`` it opens that quiz, as ``quizapp take`` does; without, the home screen.
    """
    services = services_for(bank, db, runner, seed=seed)
    app = QuizApp(lambda: services, request=request)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot, services


async def settle(pilot: Pilot[None]) -> None:
    """Wait for every worker (loading, grading, runs) to finish, then for the screen to update."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool], *, limit: int = 400) -> None:
    """Let the app run until ``condition`` holds (each step a short pause, at most ``limit``)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never reached the expected state")


def quiz_screen(app: QuizApp) -> QuizScreen:
    """The quiz screen on top."""
    screen = app.screen
    assert isinstance(screen, QuizScreen), f"expected the quiz screen, got {type(screen).__name__}"
    return screen


async def type_into_input(pilot: Pilot[None], text: str) -> None:
    """Type a line into the focused input as keystrokes, then press Enter."""
    assert isinstance(pilot.app.focused, Input)
    for character in text:
        await pilot.press(character)
    await pilot.press("enter")


def typed_key(question: NumericQuestion | ShortTextQuestion | CodeOutputQuestion | CodeErrorQuestion) -> str:
    """The key of a question answered by typing one line, as a learner would type it."""
    if isinstance(question, NumericQuestion):
        return f"{question.answer:g}"
    if isinstance(question, ShortTextQuestion):
        return question.accepted[0]
    if isinstance(question, CodeOutputQuestion):
        return (question.answer or "").strip()
    return question.answer


async def answer_current(pilot: Pilot[None], *, right: bool = True) -> Question:
    """Answer the current question from the keyboard, rightly or wrongly; return the question."""
    screen = quiz_screen(pilot.app)  # type: ignore[arg-type]
    question = screen.session.current
    assert question is not None
    shown = screen.session.choices()
    if isinstance(question, SingleChoiceQuestion):
        wanted = question.answer if right else next(c.id for c in shown if c.id != question.answer)
        await pilot.press(str([c.id for c in shown].index(wanted) + 1), "enter")
    elif isinstance(question, MultipleSelectQuestion):
        wanted_ids = question.answer if right else tuple(c.id for c in shown if c.id not in question.answer)
        for choice_id in wanted_ids:
            await pilot.press(str([c.id for c in shown].index(choice_id) + 1))
        await pilot.press("enter")
    elif isinstance(question, TrueFalseQuestion):
        await pilot.press("1" if question.answer == right else "2", "enter")
    elif isinstance(question, CodeErrorQuestion) and question.options:
        wanted = question.answer if right else next(o for o in question.options if o != question.answer)
        await pilot.press(str(question.options.index(wanted) + 1), "enter")
    elif isinstance(question, (NumericQuestion, ShortTextQuestion, CodeOutputQuestion, CodeErrorQuestion)):
        key = typed_key(question)
        await type_into_input(pilot, key if right else "12345")
    elif isinstance(question, ExplainQuestion):
        area = pilot.app.focused
        assert isinstance(area, TextArea)
        area.insert(question.model_answer if right else "no idea")
        await pilot.press("ctrl+s")
    elif isinstance(question, FlashcardQuestion):
        await pilot.press("space", "3" if right else "1")
    elif isinstance(question, CodeTaskQuestion):
        area = pilot.app.focused
        assert isinstance(area, TextArea)
        area.text = question.solution if right else question.starter
        await pilot.press("ctrl+s")
    await settle(pilot)
    return question
