"""The lab screen with the real worker: steps reach the plots live, runs compare and cancel, 80x24 fits."""

import math
import re
from dataclasses import replace
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual_plot import PlotWidget

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import PRESETS, LabSettings, LabStep
from quizapp.core.execution.run_result import RunStatus
from quizapp.tui.app import QuizApp
from quizapp.tui.lab_app import LabApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.lab import LabRun, LabScreen
from quizapp.tui.tiny_terminals import TooSmallNotice
from quizapp.tui.widgets.lab_curves import LabCurves
from tests.paths import TUI_BANK
from tests.tui.tui_driver import services_for, settle, until

TINY = LabSettings(model="shallow_mlp", clipping="norm", max_norm=0.5, steps=20)


async def lab_screen(pilot: Pilot[None], app: LabApp) -> LabScreen:
    """The lab screen, once the app shows it."""
    await until(pilot, lambda: isinstance(app.screen, LabScreen))
    screen = app.screen
    assert isinstance(screen, LabScreen)
    return screen


async def test_steps_arrive_in_the_plots_and_a_run_can_be_cancelled(shared_runner: SnippetRunner) -> None:
    shared_runner.wait_ready()
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await lab_screen(pilot, app)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.runs[1].result is not None, limit=3000)
        assert screen.runs[1].result is not None
        assert screen.runs[1].result.status is RunStatus.OK
        curves = screen.query_one(LabCurves)
        assert [step.step for step in curves.runs[1].steps] == list(range(1, 21))
        loss_plot, norm_plot = curves.plots
        await until(pilot, lambda: len(loss_plot._datasets) == 1 and len(loss_plot._datasets[0].x) == 20)
        # The norm plot holds the run's curve and its max_norm line, both as log10.
        assert len(norm_plot._datasets) == 2
        assert norm_plot._datasets[1].y[0] == -0.3010299956639812  # log10(0.5)
        assert "done" in str(screen.query_one("#lab-runs").render())

        long_run = screen.start(replace(PRESETS["rnn-clipped"], steps=2000))
        await until(pilot, lambda: len(screen.runs[long_run].steps) >= 2, limit=3000)
        await pilot.press("escape")
        await until(pilot, lambda: screen.runs[long_run].result is not None)
        result = screen.runs[long_run].result
        assert result is not None
        assert result.status is RunStatus.CANCELLED
        assert len(screen.runs[long_run].steps) < 2000
        assert "cancelled" in str(screen.query_one("#lab-runs").render())


async def test_the_lab_fits_80x24_and_compares_clipped_with_unclipped(shared_runner: SnippetRunner) -> None:
    shared_runner.wait_ready()
    app = LabApp(shared_runner, replace(PRESETS["rnn-clipped"], steps=6))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await lab_screen(pilot, app)
        whole = Region(0, 0, 80, 24)
        for selector in ("#model", "#clipping", "#max-norm", "#norm-type", "#lr", "#steps", "#device"):
            region = screen.query_one(selector).region
            assert region.area > 0, selector
            assert whole.contains_region(region), selector
        for plot in screen.query(PlotWidget):
            assert plot.region.height >= 6
            assert whole.contains_region(plot.region)
        await pilot.press("ctrl+b")
        await until(pilot, lambda: all(run.result is not None for run in screen.runs.values()), limit=3000)
        clipped, unclipped = screen.runs[1], screen.runs[2]
        assert (clipped.settings.clipping, unclipped.settings.clipping) == ("norm", "none")
        assert all(step.norm_after <= 1.0 + 1e-4 for step in clipped.steps)
        assert max(step.norm_before for step in unclipped.steps[:2]) > 1.0


async def test_home_opens_the_lab_and_escape_comes_back(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    app = QuizApp(lambda: services_for(TUI_BANK, tmp_path / "a.sqlite3", shared_runner))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LabScreen))
        await pilot.press("escape")  # nothing running: back home
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


def axis_labels(plot: PlotWidget) -> list[str]:
    """The y-axis labels as drawn, top to bottom (the plot's left margin, row by row)."""
    margin = plot.query_one("#margin-left")
    return [text for strip in margin.render_lines(Region(0, 0, *margin.size)) if (text := strip.text.strip())]


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24), (100, 40)])
async def test_no_two_axis_labels_are_drawn_over_each_other(
    shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    shared_runner.wait_ready()
    app = LabApp(shared_runner, replace(PRESETS["rnn-unclipped"], steps=12))  # spans many decades
    async with app.run_test(size=size) as pilot:
        screen = await lab_screen(pilot, app)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.runs[1].result is not None, limit=3000)
        curves = screen.query_one(LabCurves)
        await until(pilot, lambda: curves.redraws > 0 and not curves.dirty)
        for plot in curves.plots:
            plot.focus()  # in a narrow lab the curves are below the form: bring each into view
            await settle(pilot)
            drawn = axis_labels(plot)
            assert drawn, f"{plot.id} has no labels at {size}"
            for label in drawn:  # each a whole label: 0.1, 1, 100, 1e5… (never "11e6")
                assert re.fullmatch(r"\d+(\.\d+)?(e-?\d+)?", label), f"{label!r} on {plot.id} at {size}"
            values = [float(label) for label in drawn]
            assert values == sorted(values, reverse=True), f"{drawn} on {plot.id} at {size}"


@pytest.mark.parametrize("size", [(40, 12), (50, 16)])
async def test_a_narrow_lab_puts_the_curves_under_the_form_and_scrolls_to_them(
    shared_runner: SnippetRunner, size: tuple[int, int]
) -> None:
    shared_runner.wait_ready()
    app = LabApp(shared_runner, replace(PRESETS["rnn-clipped"], steps=6))
    async with app.run_test(size=size) as pilot:
        screen = await lab_screen(pilot, app)
        width, height = size
        whole = Region(0, 0, width, height)
        for selector in ("#model", "#clipping"):  # the form opens first, as wide as the screen
            region = screen.query_one(selector).region
            assert whole.contains_region(region), selector
            assert region.width >= width - 6, selector
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.runs[1].result is not None, limit=3000)
        for plot in screen.query(PlotWidget):
            assert plot.size.width >= width - 2, "a plot beside the form would be a few columns wide"
            plot.focus()
            await settle(pilot)
            assert whole.contains_region(plot.region), f"{plot.id} is not scrolled into view"
            assert plot.region.height >= 4


async def test_the_lab_in_a_pane_a_few_cells_large_says_so_and_runs_once_it_grows(
    shared_runner: SnippetRunner,
) -> None:
    shared_runner.wait_ready()
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=(10, 4)) as pilot:
        screen = await lab_screen(pilot, app)
        notices = [notice for notice in screen.query(TooSmallNotice) if notice.display]
        assert len(notices) == 1
        assert "quizapp lab --plain" in str(notices[0].render())  # the lab's own plain command
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert 1 not in screen.runs  # no key reaches a screen no one can see
        await pilot.resize_terminal(32, 10)
        await settle(pilot)
        await pilot.press("enter", "escape")  # open and close the model's choices
        await pilot.press("ctrl+r")
        await pilot.resize_terminal(1, 1)  # the run goes on while the pane is a cell large
        await until(pilot, lambda: 1 in screen.runs and screen.runs[1].result is not None, limit=3000)
        result = screen.runs[1].result
        assert result is not None
        assert result.status is RunStatus.OK
    assert app.return_code in (0, None)


@pytest.mark.parametrize(("norm", "said"), [(math.nan, "gradient norm nan"), (math.inf, "gradient norm inf")])
def test_a_run_listed_as_diverged_says_when_its_norm_was_past_any_clipping(norm: float, said: str) -> None:
    run = LabRun(TINY, "red")
    run.steps = [
        LabStep(step=1, loss=0.4, norm_before=1.5, norm_after=0.5, clipped=True, returned=1.5),
        LabStep(step=2, loss=math.inf, norm_before=norm, norm_after=math.nan, clipped=True, returned=norm),
    ]
    assert f"diverged at step 2, {said}, which clipping cannot make finite · 2 clipped" in run.describe(1)
    unclipped = LabRun(replace(TINY, clipping="none"), "blue", steps=run.steps)
    assert f"diverged at step 2, {said} · 2 clipped" in unclipped.describe(2)  # only the norm
    run.steps = run.steps[:1]
    assert "clipping cannot" not in run.describe(1)
