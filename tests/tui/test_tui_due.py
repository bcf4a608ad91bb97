"""Due mode in the real app over simulated days (an injected wall clock): FSRS brings back what was missed.

Each day the learner opens the app, reads the due count on the home screen, picks the Due
mode and answers as they always do: one question wrong, one right, one right after a hint,
one right at once. The home screen's count is the queue's; Again comes back sooner than
Good, Hard sooner than Good; with nothing due, the learner is told when to come back.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.learning.card_store import CardStore
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.session_starter import SessionStarter
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.home import MODES, HomeScreen
from quizapp.tui.screens.results import ResultsScreen
from tests.due_days import DAY_ONE, FOUR_NUMBERS_BANK
from tests.tui.tui_driver import FakeClock, quiz_screen, services_for, settle, type_into_input

ANSWERS = {"always-wrong": "99", "always-right": "2", "with-a-hint": "3", "at-once": "4"}


def at(when: datetime) -> Callable[[], datetime]:
    """A wall clock stopped at ``when``."""
    return lambda: when


def due_home_text(app: QuizApp) -> str:
    return str(app.home.query_one("#history", Static).render())


async def choose_due_and_start(pilot: Pilot[None], home: HomeScreen) -> None:
    home.query_one("#mode").focus()
    await pilot.press("end")  # Due is the last mode
    assert MODES[home.mode_index][0] == "due"
    await pilot.press("ctrl+s")
    await settle(pilot)


async def answer_the_due_session(pilot: Pilot[None], app: QuizApp) -> list[str]:
    """Answer every question as this learner does; return the ids asked, in order."""
    asked = []
    while isinstance(app.screen, type(quiz_screen(app))):
        question = quiz_screen(app).session.current
        assert question is not None
        asked.append(question.id)
        if question.id == "with-a-hint":
            await pilot.press("f3")
            await settle(pilot)
        await type_into_input(pilot, ANSWERS[question.id])
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        if isinstance(app.screen, ResultsScreen):
            break
    return asked


async def test_a_learner_over_four_days_in_the_app(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    bank, db = tmp_path / "bank.yaml", tmp_path / "a.sqlite3"
    bank.write_text(FOUR_NUMBERS_BANK, encoding="utf-8")
    asked = dict.fromkeys(ANSWERS, 0)
    for day in range(4):
        services = services_for(bank, db, shared_runner)
        services.clock, services.now = FakeClock(), at(DAY_ONE + timedelta(days=day))
        app = QuizApp(lambda services=services: services)  # type: ignore[misc]
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            starter = SessionStarter(services.bank.bank.questions, "ada", services.store, now=services.now)
            queue = starter.plan(QuizRequest(mode=Mode.DUE, count=None), seed=7)
            known = CardStore(services.store).cards("ada")
            new = sum(question.id not in known for question in queue)
            assert app.home.due_count == len(queue)
            assert f"Due now: {len(queue) - new} to review, {new} new" in due_home_text(app)
            await choose_due_and_start(pilot, app.home)
            for qid in await answer_the_due_session(pilot, app):
                asked[qid] += 1
            assert isinstance(app.screen, ResultsScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)

    assert asked["always-wrong"] == 4  # due again every day
    assert asked["always-right"] < 4
    with AttemptStore(db) as store:
        cards = CardStore(store)
        due = {qid: card.due for qid, card in cards.cards("ada").items()}
        reviews = cards.reviews("ada")
    assert due["always-wrong"] < due["always-right"]  # Again sooner than Good
    assert due["with-a-hint"] < due["at-once"]  # Hard sooner than Good
    assert all(review.response_id is not None for review in reviews)  # each names the answer it rated


async def test_with_nothing_due_home_says_when_to_come_back(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    bank, db = tmp_path / "bank.yaml", tmp_path / "a.sqlite3"
    bank.write_text(FOUR_NUMBERS_BANK, encoding="utf-8")
    services = services_for(bank, db, shared_runner)
    services.clock, services.now = FakeClock(), at(DAY_ONE)
    app = QuizApp(lambda: services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.home.due_count == 4  # four new questions
        await choose_due_and_start(pilot, app.home)
        await answer_the_due_session(pilot, app)
        await pilot.press("escape")
        await settle(pilot)
        services.now = at(DAY_ONE + timedelta(seconds=30))  # the missed one is due a minute on
        app.home.show(services)
        await settle(pilot)
        assert app.home.due_count == 0
        text = " ".join(due_home_text(app).split())
        assert "Due now: nothing is due for ada now; the next question is due 2025-03-01 09:01" in text
        assert "(in 1 min): come back then." in text
        await choose_due_and_start(pilot, app.home)
        assert app.screen is app.home  # told when to come back, not a blank quiz
        [notice] = list(app._notifications)
        assert "come back then" in notice.message
