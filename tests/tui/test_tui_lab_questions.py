"""The lab from the app: a lab question's feedback opens its experiment; home runs clipped vs unclipped."""

import math
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.model.lab_prediction import LabPredictionQuestion
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.lab import LabScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.widgets.lab_curves import LabCurves
from tests.paths import FIXTURES, TUI_BANK
from tests.tui.tui_driver import quiz_app, quiz_screen, services_for, settle, type_into_input, until

LAB_BANK = FIXTURES / "lab_bank"


def _lab(app: QuizApp) -> LabScreen:
    screen = app.screen
    assert isinstance(screen, LabScreen), type(screen).__name__
    return screen


async def _answer_and_watch(pilot: Pilot[None], app: QuizApp) -> None:
    """Answer the current lab question rightly, then open its experiment and come back."""
    screen = quiz_screen(app)
    question = screen.session.current
    assert isinstance(question, LabPredictionQuestion)
    button = screen.query_one("#open-lab", Button)
    assert not button.display  # nothing to watch before answering
    if question.answer_range is None:
        await pilot.press("o")  # (in a number's field it would type an o)
        assert isinstance(app.screen, QuizScreen)
        shown = [choice.id for choice in screen.session.choices()]
        await pilot.press(str(shown.index(question.answer or "") + 1), "enter")
    else:
        await type_into_input(pilot, f"{question.answer_range.max:g}")
    await settle(pilot)
    assert screen.view.feedback.has_class("correct")
    assert button.display
    assert "(o)" in str(button.label)

    await pilot.press("o")
    await until(pilot, lambda: isinstance(app.screen, LabScreen))
    lab = _lab(app)
    assert [run.settings for run in lab.runs.values()] == list(question.experiment())
    await until(pilot, lambda: all(not run.running for run in lab.runs.values()), limit=3000)
    curves = lab.query_one(LabCurves)
    assert all(curves.runs[number].steps for number in lab.runs)
    await pilot.press("escape")  # nothing running: back to the question
    await until(pilot, lambda: app.screen is screen)


async def test_after_answering_a_lab_question_o_opens_its_experiment_running(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    async with quiz_app(
        LAB_BANK,
        tmp_path / "a.sqlite3",
        shared_runner,
        request=QuizRequest(types=("lab_prediction",), count=2),
    ) as (app, pilot, _):
        await _answer_and_watch(pilot, app)
        await pilot.press("n")
        await settle(pilot)
        await _answer_and_watch(pilot, app)


async def test_from_home_the_unclipped_rnn_blows_up_where_the_clipped_one_trains(
    tmp_path: Path, shared_runner: SnippetRunner
) -> None:
    app = QuizApp(lambda: services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LabScreen))
        lab = _lab(app)
        steps = lab.query_one("#steps", Input)
        await pilot.click("#steps")
        await pilot.press("end")
        for _ in steps.value:
            await pilot.press("backspace")
        await pilot.press("3", "0")
        assert steps.value == "30"
        await pilot.press("ctrl+b")  # the form's run (clipped at max_norm 1) and the same unclipped
        await until(
            pilot, lambda: len(lab.runs) == 2 and all(not r.running for r in lab.runs.values()), limit=3000
        )
        clipped, unclipped = lab.runs[1], lab.runs[2]
        assert (clipped.settings.clipping, unclipped.settings.clipping) == ("norm", "none")
        assert clipped.settings.steps == unclipped.settings.steps == 30
        # Clipped: every step measured, every loss finite, no norm after clipping above max_norm.
        assert len(clipped.steps) == 30
        assert all(math.isfinite(step.loss) for step in clipped.steps)
        assert max(step.norm_after for step in clipped.steps) <= 1.0 + 1e-4
        # Unclipped: its norm leaps by orders of magnitude, then the loss turns nan and the run stops.
        first = unclipped.steps[0].norm_before
        peak = max((s.norm_before for s in unclipped.steps if math.isfinite(s.norm_before)), default=0.0)
        assert peak > 1e4 * first
        assert not math.isfinite(unclipped.steps[-1].loss)
        assert len(unclipped.steps) < 30
        runs_text = str(lab.query_one("#lab-runs").render())
        assert f"diverged at step {unclipped.steps[-1].step}" in runs_text
        # The curves hold what was drawn: the unclipped norm plot reaches past 1e4 on its log axis.
        curves = lab.query_one(LabCurves)
        await until(pilot, lambda: not curves.dirty)
        _, norm_plot = curves.plots
        drawn = [y for dataset in norm_plot._datasets for y in dataset.y if math.isfinite(y)]
        assert max(drawn) > 4
