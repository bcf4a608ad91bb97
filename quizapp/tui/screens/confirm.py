"""A yes/no question in a small dialog (leaving a quiz, quitting)."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

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
            with Horizontal(id="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button(f"{self.no} (n)", id="no", variant="primary")
            yield Static(self.question, id="dialog-question")
            if self.detail:
                yield Static(self.detail, id="dialog-detail", classes="muted")
        yield SteadyFooter()  # this dialog's keys, not those of the screen behind it

    def on_mount(self) -> None:
        """Check that the buttons fit side by side once they are laid out."""
        self.call_after_refresh(self._fit_buttons)

    def on_resize(self) -> None:
        """Check again at the new size."""
        self.call_after_refresh(self._fit_buttons)

    def _fit_buttons(self) -> None:
        """Stack the buttons when side by side they would be wider than the dialog (cut off)."""
        row = self.query_one("#dialog-buttons")
        needed = sum(button.outer_size.width + button.styles.margin.left for button in row.query(Button))
        self.set_class(needed > row.content_size.width, "-stacked-buttons")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(answer)
