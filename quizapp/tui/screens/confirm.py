"""A yes/no question in a small dialog (leaving a quiz, quitting)."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quizapp.tui.widgets.button_row import ButtonRow
from quizapp.tui.widgets.steady_footer import SteadyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something the learner may not mean; dismissed with True for yes."""

    CSS_PATH = Path(__file__).with_name("dialogs.tcss")

    AUTO_FOCUS = "#no"  # saying no is the safe default

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No") -> None:
        """Ask ``question``; ``detail`` says what happens either way."""
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        """The question, the detail and two buttons."""
        with VerticalScroll(id="dialog"):  # the buttons stay put; a long detail scrolls above them
            with ButtonRow(id="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button(f"{self.no} (n)", id="no", variant="primary")
            yield Static(self.question, id="dialog-question")
            if self.detail:
                yield Static(self.detail, id="dialog-detail", classes="muted")
        yield SteadyFooter()  # this dialog's keys, not those of the screen behind it

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(answer)
