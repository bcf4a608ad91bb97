"""The output of running a snippet for real, shown as it arrives, with the run's verdict."""

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Log, Static

from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.records.terminal_text import escape_controls
from quizapp.tui.widgets.learner_text import literal


def describe_run(result: RunResult) -> str:
    """One line saying how a run ended, for the learner."""
    where = f"on {result.device}" + (f" (torch {result.torch_version})" if result.torch_version else "")
    took = f"{result.duration_s:.2f} s"
    if result.status is RunStatus.OK:
        return f"Ran {where} in {took}: no error."
    if result.status is RunStatus.RAISED:
        message = f": {result.exception_message}" if result.exception_message else ""
        return f"Raised {result.exception_type}{message}  ({where}, {took})"
    if result.status is RunStatus.TIMED_OUT:
        return f"Stopped after {took}: it ran past its time limit."
    if result.status is RunStatus.KILLED:
        return f"Stopped: {result.stopped_because}."
    if result.status is RunStatus.CANCELLED:
        return "Cancelled."
    return f"Could not run it: {result.stderr.strip() or 'the worker failed'}"


EARLIER = "Output of an earlier version of the code (Ctrl+R runs this one)"
"""The panel's title once the code has been edited since the run it shows."""


class RunPanel(Vertical):
    """What a run printed (stdout, then stderr) and how it ended; hidden until the first run.

    It knows the code it ran: once the code on screen differs (edited, then answered with
    Ctrl+S, say), it says that its output is that of an earlier version.
    """

    ran: str | None = None
    """The code of the run shown (None before the first run)."""

    def compose(self) -> ComposeResult:
        """A status line over the output."""
        yield Static(id="run-status")
        yield Log(id="run-output", highlight=False)

    def on_mount(self) -> None:
        """Nothing has run yet."""
        self.display = False

    @property
    def output(self) -> Log:
        """The output log."""
        return self.query_one(Log)

    def start(self, device: str, code: str) -> None:
        """A run of ``code`` began: clear the output and say so."""
        self.ran = code
        self.follow(code)
        self.display = True
        self.remove_class("raised", "ok")
        self.add_class("running")
        self.output.clear()
        self.query_one("#run-status", Static).update(f"Running on {device}… (Esc cancels)")

    def append(self, text: str) -> None:
        """Add output as it arrives."""
        self.output.write(escape_controls(text))

    def finish(self, result: RunResult, *, streamed: bool) -> None:
        """The run ended: show its verdict, and its whole output unless it was streamed already."""
        self.remove_class("running")
        self.add_class("ok" if result.status is RunStatus.OK else "raised")
        self.query_one("#run-status", Static).update(literal(describe_run(result)))
        if not streamed:
            self.output.clear()
            self.output.write(escape_controls(result.stdout))
            if result.stderr and result.status is not RunStatus.WORKER_ERROR:
                self.output.write(escape_controls(result.stderr))
        if result.stdout_truncated:
            self.output.write("\n[output cut: only the first 64 KiB is kept]")

    def follow(self, code: str | None) -> None:
        """The code on screen is now ``code``: say whether the output shown is of another version."""
        earlier = self.ran is not None and code is not None and code != self.ran
        self.set_class(earlier, "earlier")
        self.border_title = EARLIER if earlier else None
