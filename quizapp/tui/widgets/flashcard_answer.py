"""A flashcard: turn it over, then rate how well you knew it (Again, Hard, Good, Easy)."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Markdown, Static

from quizapp.tui.widgets.answer_input import AnswerInput

RATINGS = (
    ("again", "Again", "I did not know it"),
    ("hard", "Hard", "I knew it, with effort"),
    ("good", "Good", "I knew it"),
    ("easy", "Easy", "I knew it at once"),
)
"""Each self-rating: the word the session takes, its label, and what it means."""


class FlashcardAnswer(AnswerInput):
    """The back of the card stays hidden until turned (Space); then keys 1-4 rate it."""

    BINDINGS = [
        Binding("space", "turn", "Turn card"),
        *(
            Binding(str(number), f"rate('{word}')", label)
            for number, (word, label, _) in enumerate(RATINGS, 1)
        ),
    ]

    def __init__(self, back: str, *, id: str | None = None) -> None:
        """A card whose hidden side is ``back`` (Markdown)."""
        super().__init__(id=id)
        self.back = back
        self.turned = False

    def compose(self) -> ComposeResult:
        """The turn button, then (hidden) the back and the rating buttons."""
        yield Button("Turn the card over (Space)", id="turn", classes="answer-focus")
        with Vertical(id="back"):
            yield Markdown(self.back, id="back-text")
            yield Static("How well did you know it? Press 1-4:", classes="muted")
            with Horizontal(id="ratings"):
                for number, (word, label, meaning) in enumerate(RATINGS, 1):
                    yield Button(f"{number} {label}: {meaning}", id=f"rate-{word}", classes="rating")

    def on_mount(self) -> None:
        """Hide the back until the card is turned."""
        self.query_one("#back").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers turning the card until it is turned, and the ratings after."""
        if action == "turn":
            return not self.turned
        if action == "rate":
            return self.turned
        return True

    def action_turn(self) -> None:
        """Show the back and the ratings."""
        if self.turned:
            return
        self.turned = True
        self.query_one("#turn").display = False
        self.query_one("#back").display = True
        # The back is read from its start: in a small terminal the ratings are below it (Tab or 1-4).
        self.query_one("#rate-good", Button).focus(scroll_visible=False)
        self.screen.refresh_bindings()

    def action_rate(self, word: str) -> None:
        """Give a self-rating as the answer (only once the card is turned)."""
        if self.turned:
            self.post_message(self.Submitted(word))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "turn":
            self.action_turn()
        elif event.button.id and event.button.id.startswith("rate-"):
            self.action_rate(event.button.id.removeprefix("rate-"))

    def current(self) -> object | None:
        """A card has no typed answer: it is rated with the buttons."""
        return None

    def submit(self) -> bool:
        """Turn the card if it is not yet; otherwise remind how to rate it."""
        if not self.turned:
            self.action_turn()
        else:
            self.notify("Rate the card: press 1 (Again) to 4 (Easy).")
        return False
