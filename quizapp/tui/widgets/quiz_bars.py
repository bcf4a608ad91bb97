"""The quiz screen's two bars: where the learner is (and the exam clock), and what they can do."""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

ACTIONS: tuple[tuple[str, str, ButtonVariant], ...] = (
    ("submit", "Answer (Ctrl+S)", "primary"),
    ("hint", "Hint (h)", "default"),
    ("run", "Run it (Ctrl+R)", "default"),
    ("retry", "Try again (t)", "default"),
    ("next", "Next (n)", "success"),
    ("finish", "Finish (F10)", "default"),
)
"""Each action button: the screen action it runs, its label, and its variant."""


class StatusBar(Horizontal):
    """The question's place and facts on the left; the time left of a timed exam on the right."""

    class TimeUp(Message):
        """A timed exam's clock reached zero."""

    def compose(self) -> ComposeResult:
        """The status text and the clock."""
        yield Static(id="status")
        yield Static(id="timer")

    def show(self, text: str) -> None:
        """Say where the learner is."""
        self.query_one("#status", Static).update(text)

    def start_clock(self, time_left: Callable[[], float | None]) -> None:
        """Tick a timed exam's clock; ``time_left`` gives the seconds left (None once it is over)."""

        def tick() -> None:
            left = time_left()
            if left is None:
                return
            self.show_time(left)
            if left == 0.0:
                clock.stop()
                self.post_message(self.TimeUp())

        clock = self.set_interval(0.25, tick)

    def show_time(self, seconds_left: float) -> None:
        """Show the clock; the last minute stands out."""
        minutes, seconds = divmod(int(seconds_left + 0.999), 60)
        timer = self.query_one("#timer", Static)
        timer.update(f"⏱ {minutes:02d}:{seconds:02d} left")
        timer.set_class(seconds_left < 60, "urgent")


class ActionBar(Horizontal):
    """One button per action; the screen says which are available and the bar shows only those."""

    def compose(self) -> ComposeResult:
        """The buttons, compact, in a row."""
        for action, label, variant in ACTIONS:
            yield Button(label, id=action, variant=variant, compact=True)

    def sync(self, available: Callable[[str], bool], *, answered: bool) -> None:
        """Show the buttons whose actions are ``available``; Next reads Skip before an answer."""
        for action, _, _ in ACTIONS:
            self.query_one(f"#{action}", Button).display = available(action)
        self.query_one("#next", Button).label = "Next (n)" if answered else "Skip (Ctrl+N)"
