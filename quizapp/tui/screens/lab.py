"""The clipping lab: train real networks in the worker and watch loss and gradient norm live.

Runs go to the app's snippet runner (its worker trains in a sandboxed child); each step
comes back on the runner's reader thread and crosses to the UI thread only as a posted
message. Several runs may go at once and are drawn side by side; any of them can be
cancelled at any moment.
"""

import asyncio
import gc
import math
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from quizapp.core.errors import QuizAppError
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import LabSettings, LabStep, non_finite_norm, steps_csv
from quizapp.core.execution.lab_client import submit_lab
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.tui.widgets.lab_controls import LabControls
from quizapp.tui.widgets.lab_curves import REDRAW_S, LabCurves
from quizapp.tui.widgets.steady_footer import SteadyFooter


@dataclass(slots=True)
class LabRun:
    """One run of this screen: its settings, what it measured, and how it stands."""

    settings: LabSettings
    style: str
    steps: list[LabStep] = field(default_factory=list)
    future: "Future[RunResult] | None" = None
    result: RunResult | None = None

    @property
    def running(self) -> bool:
        """Whether it has not ended yet."""
        return self.result is None

    def describe(self, number: int) -> str:
        """One line: what the run is and how far it got."""
        clipped = sum(step.clipped for step in self.steps)
        last = self.steps[-1] if self.steps else None
        where = f"step {len(self.steps)}/{self.settings.steps}"
        if last is not None and not math.isfinite(last.loss):
            state = f"diverged at step {last.step}{non_finite_norm(last, self.settings.clipping)}"
        elif self.result is None:
            state = where if self.steps else "starting…"
        elif self.result.status is RunStatus.OK:
            state = f"done, loss {last.loss:.3g}" if last else "done"
        else:
            state = f"{self.result.status.value} at {where}"
        return f"[{self.style}]■ {number}[/] {self.settings.label} · {state} · {clipped} clipped"


STACK_BELOW = 56
"""The fewest columns at which the form (30 wide) leaves the curves room to be read beside it."""


class LabScreen(Screen[None]):
    """Pick a model and clipping, run, compare runs, cancel."""

    CSS_PATH = Path(__file__).with_name("lab.tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-stacked"), (STACK_BELOW, "-side-by-side")]
    """Below ``STACK_BELOW`` columns the curves go under the form instead of beside it."""
    BINDINGS = [
        Binding("ctrl+r", "run", "Run"),
        Binding("ctrl+b", "compare", "± clip"),
        Binding("escape", "cancel", "Back"),
        Binding("ctrl+l", "clear", "Clear"),
        Binding("ctrl+e", "export", "CSV"),
    ]

    class StepArrived(Message):
        """A step of run ``run`` (posted from the runner's reader thread)."""

        def __init__(self, run: int, step: LabStep) -> None:
            super().__init__()
            self.run = run
            self.step = step

    def __init__(
        self,
        runner: SnippetRunner,
        settings: LabSettings | None = None,
        *,
        start: Sequence[LabSettings] = (),
        export_dir: Path | None = None,
    ) -> None:
        """A lab that trains with ``runner``'s worker, its form showing ``settings``.

        Args:
            runner: The runner whose worker trains.
            settings: What the form shows at first.
            start: Runs to start as soon as the screen shows (a lab question's experiment).
            export_dir: Where Ctrl+E writes the runs as CSV (default: the current directory).
        """
        super().__init__()
        self.export_dir = export_dir
        self.runner = runner
        self.initial = settings or LabSettings()
        self.runs: dict[int, LabRun] = {}
        self.started = 0
        self.start_at_once = tuple(start)
        self.list_stale = False
        """Steps came since the list of runs was last shown."""

    def compose(self) -> ComposeResult:
        """The form on the left; the curves and the list of runs on the right."""
        yield Header()
        with Horizontal(id="lab"):
            yield LabControls(self.initial, id="lab-controls")
            with Vertical(id="lab-right"):
                yield LabCurves(id="lab-curves")
                yield Static(
                    "Ctrl+R runs the settings on the left; Ctrl+B runs them with and without "
                    "clipping; Esc stops what runs, then goes back.",
                    id="lab-runs",
                )
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Title the screen."""
        self.title = "Clipping lab"
        self.sub_title = "real PyTorch, live gradient norms"
        # What lives now (the app, its screens, the bank) lives as long as the app: frozen, a full
        # garbage collection no longer walks it, which took some 50 ms of a frame while drawing.
        gc.freeze()
        self.set_interval(REDRAW_S, self._show_runs_if_stale)
        for settings in self.start_at_once:
            self.start(settings)

    @property
    def running(self) -> list[LabRun]:
        """The runs not yet ended."""
        return [run for run in self.runs.values() if run.running]

    def action_run(self) -> None:
        """Run the settings of the form."""
        try:
            settings = self.query_one(LabControls).settings()
        except QuizAppError as error:
            self.notify(str(error), severity="error")
            return
        self.start(settings)

    def action_compare(self) -> None:
        """Run the form's settings and the same run with the other clipping (none, or by norm)."""
        try:
            settings = self.query_one(LabControls).settings()
        except QuizAppError as error:
            self.notify(str(error), severity="error")
            return
        other = replace(settings, clipping="norm" if settings.clipping == "none" else "none")
        self.start(settings)
        self.start(other)

    def start(self, settings: LabSettings) -> int:
        """Start a run of ``settings``; returns its number."""
        self.started += 1
        number = self.started
        style = self.query_one(LabCurves).add_run(number, settings)
        self.runs = {key: run for key, run in self.runs.items() if key in self.query_one(LabCurves).runs}
        self.runs[number] = LabRun(settings, style)
        self._show_runs()
        self._train(number, settings)
        return number

    def add_recorded(self, settings: LabSettings, steps: Sequence[LabStep]) -> int:
        """Show a run measured earlier (read from its CSV, say) as a finished run; returns its number."""
        self.started += 1
        number = self.started
        curves = self.query_one(LabCurves)
        self.runs[number] = LabRun(settings, curves.add_run(number, settings), list(steps))
        self.runs[number].result = RunResult(RunStatus.OK, device=settings.device)
        for step in steps:
            curves.add_step(number, step)
        self._show_runs()
        return number

    def action_cancel(self) -> None:
        """Cancel every run in progress; with none, leave the lab."""
        running = self.running
        if not running:
            if len(self.app.screen_stack) > 2:
                self.app.pop_screen()
            else:
                self.notify("Nothing is running. Ctrl+Q quits.")
            return
        for run in running:
            if run.future is not None:
                self.runner.cancel(run.future)

    def action_clear(self) -> None:
        """Forget the runs that have ended (running ones stay)."""
        curves = self.query_one(LabCurves)
        for number, run in list(self.runs.items()):
            if not run.running:
                del self.runs[number]
                curves.runs.pop(number, None)
        curves.dirty = True
        self._show_runs()

    def action_export(self) -> None:
        """Write every run that has ended as a CSV file of its steps, for plots of your own."""
        ended = [(number, run) for number, run in self.runs.items() if not run.running and run.steps]
        if not ended:
            self.notify("No finished run to export yet: Ctrl+R runs one.")
            return
        folder = self.export_dir or Path.cwd()
        written = []
        try:
            for number, run in ended:
                settings = run.settings
                path = _free_path(folder / f"lab-run{number}-{settings.model}-{settings.clipping}.csv")
                path.write_text(steps_csv(run.steps), encoding="utf-8")
                written.append(path.name)
        except OSError as error:
            self.notify(f"Cannot write the CSV: {error.strerror or error}", severity="error", markup=False)
            return
        self.notify(f"Wrote {', '.join(written)} in {folder}", title="CSV", markup=False)

    @work(group="lab", exit_on_error=False)
    async def _train(self, number: int, settings: LabSettings) -> None:
        """Train in the worker; steps arrive as messages, the end as the future's result."""

        def arrived(step: LabStep) -> None:
            self.post_message(self.StepArrived(number, step))

        try:
            future = await asyncio.to_thread(submit_lab, self.runner, settings, arrived)
        except QuizAppError as error:  # no worker, or no such device
            self._ended(number, RunResult.worker_error(str(error), settings.device))
            return
        self.runs[number].future = future
        try:
            result = await asyncio.wrap_future(future)
        except asyncio.CancelledError:  # the screen went away
            self.runner.cancel(future)
            raise
        self._ended(number, result)

    def _ended(self, number: int, result: RunResult) -> None:
        run = self.runs.get(number)
        if run is None:
            return
        run.result = result
        if result.status not in (RunStatus.OK, RunStatus.CANCELLED):
            why = result.stderr.strip().splitlines()[-1:] or [result.status.value]
            self.notify(f"Run {number} stopped: {why[0]}", severity="warning")
        self._show_runs()

    @on(StepArrived)
    def _step(self, event: StepArrived) -> None:
        run = self.runs.get(event.run)
        if run is None:
            return
        run.steps.append(event.step)
        self.query_one(LabCurves).add_step(event.run, event.step)
        self.list_stale = True  # shown with the next redraw: a layout per step would slow the keys

    def _show_runs_if_stale(self) -> None:
        if self.list_stale:  # only the steps moved on: no new layout (it would repaint every widget)
            self._show_runs(layout=False)

    def _show_runs(self, *, layout: bool = True) -> None:
        self.list_stale = False
        lines = [run.describe(number) for number, run in self.runs.items()]
        self.query_one("#lab-runs", Static).update("\n".join(lines) or "No runs.", layout=layout)

    def on_unmount(self) -> None:
        """Leaving the lab stops its runs."""
        for run in self.running:
            if run.future is not None:
                self.runner.cancel(run.future)


def _free_path(path: Path) -> Path:
    """``path``, or the first ``name-2.csv``, ``name-3.csv``… that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate
