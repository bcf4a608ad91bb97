"""The lab screen with the real worker: steps reach the plots live, runs compare and cancel, 80x24 fits."""

from dataclasses import replace
from pathlib import Path

from textual.geometry import Region
from textual_plot import PlotWidget

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import PRESETS, LabSettings
from quizapp.core.execution.run_result import RunStatus
from quizapp.tui.app import QuizApp
from quizapp.tui.lab_app import LabApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.lab import LabScreen
from quizapp.tui.widgets.lab_curves import LabCurves
from tests.paths import TUI_BANK
from tests.tui.tui_driver import services_for, settle, until

TINY = LabSettings(model="shallow_mlp", clipping="norm", max_norm=0.5, steps=20)


async def test_steps_arrive_in_the_plots_and_a_run_can_be_cancelled(shared_runner: SnippetRunner) -> None:
    shared_runner.wait_ready()
    app = LabApp(shared_runner, TINY)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LabScreen))
        screen = app.screen
        assert isinstance(screen, LabScreen)
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
        await until(pilot, lambda: isinstance(app.screen, LabScreen))
        screen = app.screen
        assert isinstance(screen, LabScreen)
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
