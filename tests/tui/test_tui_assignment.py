"""The full-screen app takes an assignment as ``quizapp take --assignment`` hands it over."""

from pathlib import Path

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.records.assignments import Assignment
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.submissions import read_submission, write_submission
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.results import ResultsScreen
from tests.paths import TUI_BANK
from tests.tui.tui_driver import answer_current, quiz_screen, services_for, settle

ASSIGNMENT = Assignment(
    title="Quiz 2", mode="exam", seed=77, questions=("t-true-false", "t-single", "t-numeric"), hints=False
)


async def test_an_assignment_runs_in_the_app_with_its_seed_and_no_hints(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    services = services_for(TUI_BANK, db, shared_runner, seed=5)  # the app would draw seed 5
    app = QuizApp(lambda: services, request=QuizRequest.for_assignment(ASSIGNMENT))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = quiz_screen(app)
        session = screen.session
        assert (session.seed, session.rules.assignment) == (77, ASSIGNMENT.fingerprint)
        assert [item.question.id for item in session.items] == list(ASSIGNMENT.questions)
        assert not screen.check_action("hint", ())  # no hint key, no hint button
        await pilot.press("h")
        await settle(pilot)
        assert session.hints_used == 0
        await answer_current(pilot)
        await settle(pilot)
        await pilot.press("f10", "y")  # finish, and confirm: two questions stay unanswered
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert (app.screen.results.points, app.screen.results.max_points) == (1.0, 3.0)
    with AttemptStore(db) as store:
        [record] = store.sessions("ada")
        write_submission(store, record.id, tmp_path / "ada.json")
    submission = read_submission(tmp_path / "ada.json")
    assert (submission.assignment, submission.seed, submission.questions) == (
        ASSIGNMENT.fingerprint,
        77,
        ASSIGNMENT.questions,
    )
