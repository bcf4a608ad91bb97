"""Ctrl+E in the lab writes every finished run as a CSV of its steps, never over an earlier file."""

from pathlib import Path

from textual.app import App

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import LabSettings, steps_csv, steps_from_csv
from quizapp.tui.screens.lab import LabScreen
from tests.tui.tui_driver import until

TINY = LabSettings(model="shallow_mlp", clipping="norm", max_norm=0.5, steps=15)


class _LabOnly(App[None]):
    def __init__(self, screen: LabScreen) -> None:
        super().__init__()
        self.lab = screen

    def on_mount(self) -> None:
        self.push_screen(self.lab)


async def test_ctrl_e_writes_each_finished_run_as_csv(tmp_path: Path, shared_runner: SnippetRunner) -> None:
    shared_runner.wait_ready()
    screen = LabScreen(shared_runner, TINY, export_dir=tmp_path)
    app = _LabOnly(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+e")  # nothing has run yet: nothing is written
        await pilot.pause()
        assert list(tmp_path.iterdir()) == []
        await pilot.press("ctrl+b")
        await until(pilot, lambda: all(not run.running for run in screen.runs.values()), limit=3000)
        await pilot.press("ctrl+e", "ctrl+e")
        await pilot.pause()
        names = sorted(path.name for path in tmp_path.iterdir())
        assert names == [
            "lab-run1-shallow_mlp-norm-2.csv",
            "lab-run1-shallow_mlp-norm.csv",
            "lab-run2-shallow_mlp-none-2.csv",
            "lab-run2-shallow_mlp-none.csv",
        ]
        for number, clipping in ((1, "norm"), (2, "none")):
            text = (tmp_path / f"lab-run{number}-shallow_mlp-{clipping}.csv").read_text(encoding="utf-8")
            assert text == steps_csv(screen.runs[number].steps)
            steps = steps_from_csv(text)
            assert [step.step for step in steps] == list(range(1, 16))
            assert all(step.clipped == (step.norm_before > 0.5) for step in steps) or clipping == "none"
            assert not any(step.clipped for step in steps) or clipping == "norm"
