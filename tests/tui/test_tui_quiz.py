"""The real app, driven by Pilot through whole quizzes: every type, hints, runs, exams, results."""

import sqlite3
from pathlib import Path

from textual.widgets import DataTable, Log, Static, TextArea

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.model.questions import QUESTION_CLASSES, SingleChoiceQuestion, TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.answer_detail import AnswerDetailScreen, detail_markdown
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.results import ResultsScreen
from quizapp.tui.widgets.feedback_panel import FeedbackPanel
from quizapp.tui.widgets.quiz_bars import ActionBar
from quizapp.tui.widgets.run_panel import RunPanel
from tests.paths import TUI_BANK
from tests.tui.tui_driver import FakeClock, answer_current, quiz_app, quiz_screen, services_for, settle, until

TUI_BANK_TYPES = set(QUESTION_CLASSES) - {"lab_prediction"}
"""The types of TUI_BANK: all but lab predictions, whose answers open the lab (each 'o' trains);
test_tui_lab_questions.py drives them over a bank of their own."""
ALL_TYPES = TUI_BANK_TYPES


def stored(db: Path) -> dict[str, float]:
    """Question id -> score of every answer in the attempt database (a fresh connection)."""
    with AttemptStore(db) as store:
        return {r.question_id: r.score for s in store.sessions() for r in store.responses(s.id)}


async def test_practice_through_every_type_with_a_hint(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    db = tmp_path / "attempts.sqlite3"
    async with quiz_app(TUI_BANK, db, shared_runner, request=QuizRequest(count=None), size=(100, 40)) as (
        app,
        pilot,
        _,
    ):
        seen = set()
        for _ in range(10):
            screen = quiz_screen(app)
            if screen.session.current is not None and screen.session.current.id == "t-single":
                await pilot.press("h")  # a hint from the choice list: 10% of the points
                assert "logging" in str(screen.query_one(".hint").source)  # type: ignore[attr-defined]
            question = await answer_current(pilot)
            seen.add(question.type)
            feedback = screen.query_one(FeedbackPanel)
            assert feedback.display
            assert feedback.has_class("correct"), f"{question.id} was not graded right"
            assert "Correct" in str(screen.query_one("#verdict", Static).render())
            await pilot.press("n")
            await settle(pilot)
        assert seen == ALL_TYPES
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.results.points == 8.9  # the flashcard is self-assessment: not in the total
        assert results.results.max_points == 9
        assert "8.9 of 9 points (98.9%)" in str(results.query_one("#score", Static).render())
    scores = stored(db)
    assert len(scores) == 10
    assert scores["t-single"] == 0.9
    assert scores["t-task"] == 1.0


async def test_a_wrong_answer_then_a_retry_in_practice(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("numeric",), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        await answer_current(pilot, right=False)
        assert screen.query_one(FeedbackPanel).has_class("wrong")
        assert screen.query_one("#retry").display
        await pilot.press("t")
        await settle(pilot)
        await answer_current(pilot, right=True)
        assert screen.query_one(FeedbackPanel).has_class("correct")
        assert not screen.query_one("#retry").display


async def test_run_the_snippet_then_change_it_and_run_again(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("code_output",), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        await pilot.press("ctrl+r")  # not before answering: it would give the answer away
        await settle(pilot)
        assert not screen.query_one(RunPanel).display
        await answer_current(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        panel = screen.query_one(RunPanel)
        assert panel.display
        assert "10.0" in "\n".join(panel.query_one(Log).lines)
        assert "no error" in str(panel.query_one("#run-status", Static).render())
        # What if: print the clipped gradient instead of the returned norm (scaled by 5 / (10 + 1e-6)).
        snippet = screen.query_one("#snippet", TextArea)
        assert not snippet.read_only
        snippet.text = snippet.text.replace(
            "print(round(clip_grad_norm_([weight], max_norm=5.0).item(), 2))",
            "clip_grad_norm_([weight], max_norm=5.0)\nprint(weight.grad)",
        )
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "tensor([3.0000, 4.0000])" in "\n".join(panel.query_one(Log).lines)


async def test_a_run_can_be_cancelled(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("code_task",), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        editor = app.focused
        assert isinstance(editor, TextArea)
        editor.text = "print('started', flush=True)\nwhile True:\n    pass\n"
        await pilot.press("ctrl+r")
        panel = screen.query_one(RunPanel)
        await until(pilot, lambda: "started" in "\n".join(panel.query_one(Log).lines))
        assert panel.has_class("running")
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.has_class("running")
        assert "Cancelled" in str(panel.query_one("#run-status", Static).render())
        assert isinstance(app.screen, type(screen))  # Esc cancelled the run; it did not leave the quiz


async def test_an_exam_withholds_feedback_and_grades_at_the_end(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    async with quiz_app(
        TUI_BANK, db, shared_runner, request=QuizRequest(mode=Mode.EXAM, count=None), size=(100, 40)
    ) as (app, pilot, _):
        wrong = None
        for number in range(10):
            screen = quiz_screen(app)
            question = await answer_current(pilot, right=number != 3)
            wrong = question if number == 3 else wrong
            if number < 9:  # recorded without a verdict, and on to the next question at once
                assert screen.session.position == number + 1
                assert not screen.query_one(FeedbackPanel).display
                assert screen.outcome is None
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert wrong is not None
        assert results.results.points == 9 - wrong.points  # the flashcard is not in an exam's total
        assert results.results.max_points == 9
        table = results.query_one("#answers", DataTable)
        points = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        cards = [n for n, result in enumerate(results.results.questions) if not result.scored]
        assert cards
        assert all(points[n] == "self-rated" for n in cards)  # shown apart, as the total leaves it
        assert [q.id for q in results.results.missed] == [wrong.id]
    assert len(stored(db)) == 10


async def test_an_exam_that_runs_out_of_time(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    db = tmp_path / "a.sqlite3"
    clock = FakeClock()
    services = services_for(TUI_BANK, db, shared_runner)
    services.clock = clock
    scored = tuple(kind for kind in QUESTION_CLASSES if kind in TUI_BANK_TYPES - {"flashcard"})  # no cards
    request = QuizRequest(mode=Mode.EXAM, types=scored, count=None, time_limit_s=120)
    app = QuizApp(lambda: services, request=request)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = quiz_screen(app)
        await until(pilot, lambda: "02:00" in str(screen.query_one("#timer", Static).render()))
        first = await answer_current(pilot)
        clock.now += 61
        await until(pilot, lambda: "00:59" in str(screen.query_one("#timer", Static).render()))
        assert screen.query_one("#timer").has_class("urgent")
        clock.now += 60
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.results.points == first.points
        assert len(results.results.questions) == len(scored)
        assert sum(result.timed_out for result in results.results.questions) == len(scored) - 1
    assert list(stored(db)) == [first.id]


async def test_retry_missed_starts_a_practice_over_them(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    services = services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner)
    request = QuizRequest(types=("true_false", "numeric"), count=None)
    app = QuizApp(lambda: services, request=request)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        missed = await answer_current(pilot, right=False)
        await pilot.press("n")
        await settle(pilot)
        await answer_current(pilot, right=True)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")
        await settle(pilot)
        screen = quiz_screen(app)
        assert [item.question.id for item in screen.session.items] == [missed.id]
        assert screen.session.mode is Mode.PRACTICE


async def test_leaving_asks_first_and_the_quiz_resumes_from_home(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    services = services_for(TUI_BANK, db, shared_runner)
    app = QuizApp(
        lambda: services, request=QuizRequest(types=("true_false", "numeric", "short_text"), count=None)
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        first = await answer_current(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert getattr(app.focused, "id", None) == "no"  # so Enter on the dialog stays
        await pilot.press("enter")  # stay
        await settle(pilot)
        second = quiz_screen(app).session.current
        await pilot.press("escape")
        await pilot.press("y")  # leave
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#resume").display
        await pilot.press("r")
        await settle(pilot)
        screen = quiz_screen(app)
        assert screen.session.current == second
        assert screen.session.items[0].question == first
        assert screen.session.items[0].answers


async def test_quitting_mid_quiz_asks_first(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("numeric",), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "Quit quizapp?" in str(app.screen.query_one("#dialog-question", Static).render())
        await pilot.press("n")
        await pilot.pause()
        quiz_screen(app)
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_an_answer_on_the_results_opens_in_full(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("code_task",), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        await answer_current(pilot)
        await pilot.press("n")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        results.query_one("#answers").focus()
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, AnswerDetailScreen)
        text = detail_markdown(detail.result)
        assert "clip_grad_norm_(model.parameters(), max_norm=1.0)" in text  # the key: the solution
        assert "1 of 1 point (right)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results


async def test_the_mouse_works_too(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    async with quiz_app(
        TUI_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("single_choice", "true_false"), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        question = screen.session.current
        options = screen.query_one("#answer OptionList")
        if isinstance(question, TrueFalseQuestion):
            index = 0 if question.answer else 1
        else:
            assert isinstance(question, SingleChoiceQuestion)
            index = [choice.id for choice in screen.session.choices()].index(question.answer)
        assert await pilot.click(options, offset=(8, index + 1))  # below the top border
        await settle(pilot)
        assert screen.query_one(FeedbackPanel).has_class("correct")
        assert await pilot.click("#next")
        await settle(pilot)
        assert screen.session.position == 1


async def test_an_empty_answer_or_a_non_number_is_not_taken(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    async with quiz_app(
        TUI_BANK, db, shared_runner, request=QuizRequest(types=("numeric",), count=None), size=(100, 40)
    ) as (app, pilot, _):
        await pilot.press("space", "enter")
        await settle(pilot)
        screen = quiz_screen(app)
        assert screen.outcome is None
        assert any("Give an answer first" in n.message for n in app._notifications)
        await pilot.press("a", "b", "enter")  # not a number: refused with the reason, not graded
        await settle(pilot)
        assert screen.outcome is None
        assert any("'ab' is not a number" in n.message for n in app._notifications)
        assert stored(db) == {}
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("3", "enter")  # a number is taken
        await settle(pilot)
        assert screen.outcome is not None
    assert stored(db) == {"t-numeric": 1.0}


async def test_a_resumed_exam_whose_time_ran_out_meanwhile_ends(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    db = tmp_path / "a.sqlite3"
    services = services_for(TUI_BANK, db, shared_runner)
    request = QuizRequest(mode=Mode.EXAM, types=("numeric", "true_false"), count=None, time_limit_s=600)
    app = QuizApp(lambda: services, request=request)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        first = await answer_current(pilot)
        with sqlite3.connect(db) as connection:  # it started long ago (the clock of an exam is the wall's)
            connection.execute("UPDATE session SET started_at = '2000-01-01T00:00:00.000+00:00'")
        await pilot.press("escape", "y")  # leave the exam for later
        await until(
            pilot, lambda: isinstance(app.screen, HomeScreen) and app.home.query_one("#resume").display
        )
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.results.points == first.points
        assert [result.timed_out for result in results.results.questions] == [False, True]


async def test_a_bar_taken_down_before_its_deferred_layout_runs_does_not_raise(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    """A quiz that ends as it opens (a resumed exam out of time) takes its bar down mid-layout."""
    async with quiz_app(
        TUI_BANK, tmp_path / "a.sqlite3", shared_runner, request=QuizRequest(types=("numeric",), count=None)
    ) as (app, pilot, _):
        bar = quiz_screen(app).query_one(ActionBar)
        bar.on_resize()  # a layout after the next refresh...
        await bar.remove_children()  # ...of a bar whose buttons are gone by then
        await settle(pilot)
        assert app.is_running
    assert app.return_code in (0, None)


async def test_a_pasted_answer_longer_than_any_graded_is_not_taken_and_says_its_length(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    """A file pasted into the code editor by mistake: refused by its length, nothing run or stored."""
    db = tmp_path / "a.sqlite3"
    async with quiz_app(
        TUI_BANK,
        db,
        shared_runner,
        request=QuizRequest(types=("explain", "code_task"), count=None),
        size=(100, 40),
    ) as (app, pilot, _):
        screen = quiz_screen(app)
        area = app.focused
        assert isinstance(area, TextArea)
        area.load_text("# pasted\n" * 6_000)  # 54,000 characters
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.outcome is None
        notes = [n.message for n in app._notifications]
        said = "This answer is 54,000 characters long; an answer may be at most 20,000."
        assert any(said in note for note in notes)
        assert all(len(n) < 300 for n in notes)
        assert stored(db) == {}
