"""``quizapp lab`` on its own: the lab screen in a small app with a runner of its own."""

from textual.binding import Binding

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import LabSettings
from quizapp.core.execution.snippet import Device
from quizapp.tui.screens.lab import LabScreen
from quizapp.tui.tiny_terminals import TinyTerminalApp


class LabApp(TinyTerminalApp):
    """Only the lab: its screen over a snippet runner that the app starts and stops."""

    PLAIN_COMMAND = "quizapp lab --plain"
    TITLE = "quizapp"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]
    """Shown in the footer, as in the full app: Textual's own Ctrl+Q is hidden."""

    def __init__(self, runner: SnippetRunner, settings: LabSettings) -> None:
        """Show the lab with its form set to ``settings``, training with ``runner``."""
        super().__init__()
        self.runner = runner
        self.settings = settings

    def on_mount(self) -> None:
        """Start warming the worker up and show the lab."""
        self.runner.start()
        self.push_screen(LabScreen(self.runner, self.settings))


def run_lab_app(settings: LabSettings, *, device: Device) -> None:
    """Run the lab until the learner quits (``device`` auto becomes what the worker has)."""
    with SnippetRunner(slots=2) as runner:
        if device != "cpu":
            from dataclasses import replace  # noqa: PLC0415

            settings = replace(settings, device=runner.resolve_device(device))
        LabApp(runner, settings).run()
