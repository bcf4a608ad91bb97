"""Runs a question's code for real in the worker process and streams its output into a run panel."""

import asyncio
from concurrent.futures import Future

from textual import on, work
from textual.message import Message
from textual.widget import Widget

from quizapp.core.errors import QuizAppError
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.run_result import RunResult
from quizapp.core.execution.snippet import Device, Snippet
from quizapp.tui.widgets.run_panel import RunPanel


class RunLab(Widget):
    """The quiz screen's runs: one at a time, cancellable, only the latest one shown (not drawn)."""

    DEFAULT_CSS = "RunLab { display: none; }"

    class Output(Message):
        """Output of run number ``run`` arrived (posted from the runner's thread)."""

        def __init__(self, run: int, text: str) -> None:
            super().__init__()
            self.run = run
            self.text = text

    def __init__(self, runner: SnippetRunner, device: Device) -> None:
        """Run snippets with ``runner`` on ``device``."""
        super().__init__()
        self.runner = runner
        self.device = device
        self.runs = 0
        """Runs started so far; a run's output is shown only while it is the latest."""
        self.future: Future[RunResult] | None = None
        self.panel: RunPanel | None = None

    @property
    def running(self) -> bool:
        """Whether a run is in progress."""
        return self.future is not None and not self.future.done()

    def start(self, code: str, panel: RunPanel, timeout: float | None) -> None:
        """Run ``code`` and show what it prints and how it ends in ``panel``."""
        self.runs += 1
        self.panel = panel
        self._run(self.runs, code, panel, timeout)

    def cancel(self) -> None:
        """Stop the run in progress (its process tree is killed at once)."""
        if self.future is not None:
            self.runner.cancel(self.future)

    def stop(self) -> None:
        """Cancel a run in progress and show nothing more of it (leaving the question or the quiz)."""
        self.runs += 1
        if self.running and self.future is not None:
            self.runner.cancel(self.future)
        self.workers.cancel_group(self, "run")

    @work(exclusive=True, group="run", exit_on_error=False)
    async def _run(self, run: int, code: str, panel: RunPanel, timeout: float | None) -> None:
        """Run in the worker process; output streams into the panel as it comes."""
        panel.start(self.device, code)
        panel.scroll_visible()

        def arrived(_stream: str, text: str) -> None:
            self.post_message(self.Output(run, text))

        snippet = Snippet(code, self.device, timeout)
        try:
            future = await asyncio.to_thread(self.runner.submit, snippet, arrived)
        except QuizAppError as error:  # no worker, or no such device
            panel.finish(RunResult.worker_error(str(error), self.device), streamed=False)
            return
        self.future = future
        self.screen.refresh_bindings()
        try:
            result = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            self.runner.cancel(future)
            raise
        if run == self.runs:
            panel.finish(result, streamed=True)
            self.screen.refresh_bindings()
            panel.scroll_visible()

    @on(Output)
    def _output(self, event: Output) -> None:
        event.stop()
        if event.run == self.runs and self.panel is not None:
            self.panel.append(event.text)
