"""The quiz screen's two bars: where the learner is (and the exam clock), and what they can do."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from quizapp.core.model.questions import Question
from quizapp.core.session.quiz_session import Mode, QuizSession


@dataclass(frozen=True, slots=True)
class QuizAction:
    """An action button: the screen action it runs, its label and the keys that run it.

    Letter keys type into a text field, so every action also has a key that works while
    typing; the button shows whichever key works where the focus is.
    """

    action: str
    label: str
    variant: ButtonVariant
    key: str
    """The key outside text fields."""
    typing_key: str
    """The key inside text fields (an answer line, an explanation, a code editor)."""


ACTIONS: tuple[QuizAction, ...] = (
    QuizAction("submit", "Answer", "primary", "Ctrl+S", "Ctrl+S"),
    QuizAction("hint", "Hint", "default", "h", "F3"),
    QuizAction("run", "Run", "default", "Ctrl+R", "Ctrl+R"),
    QuizAction("retry", "Try again", "default", "t", "Ctrl+T"),
    QuizAction("next", "Next", "success", "n", "Ctrl+N"),
    QuizAction("finish", "Finish", "default", "F10", "F10"),
)
"""The action buttons, in the order shown."""
SKIP = QuizAction("next", "Skip", "success", "Ctrl+N", "Ctrl+N")
"""Next before answering: skipping takes a key that cannot be hit by accident."""


def button_label(action: QuizAction, *, typing: bool, short: bool = False) -> Content:
    """The label of ``action``'s button: its name and, dimmed, the key that works now.

    ``short`` writes Ctrl as ``^`` (as the footer does), for a bar short of room.
    """
    key = action.typing_key if typing else action.key
    return Content.assemble(action.label, " ", (key.replace("Ctrl+", "^") if short else key, "dim"))


def columns_that_fit(widths: Sequence[int], room: int) -> int:
    """How many buttons of ``widths`` (margins included) a row may hold, row after row, in ``room`` cells.

    The buttons fill a grid row by row, each column as wide as its widest button; one column
    is the least there is, however narrow the room.
    """
    for columns in range(len(widths), 1, -1):
        if sum(max(widths[column::columns]) for column in range(columns)) <= room:
            return columns
    return 1


def status_line(session: QuizSession, question: Question, *, recorded: bool = False) -> str:
    """Where the learner is: mode, question number, topic, difficulty, points, hints, answers.

    Args:
        session: The session.
        question: Its current question.
        recorded: Say that the previous (exam) answer was recorded.
    """
    used = session.hints_used
    facts = [
        f"{session.mode.value.capitalize()} {session.position + 1}/{len(session.items)}",
        question.topic,
        question.difficulty.value,
        f"{question.points:g} pt{'s' * (question.points != 1)}",
    ]
    if used:
        facts.append(f"{used} hint{'s' * (used != 1)}")
    if session.mode is Mode.EXAM:
        facts.append(f"{session.answered} answered")
    return ("✓ Recorded · " if recorded else "") + " · ".join(facts)


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
        self.query_one("#status", Static).update(Content(text))

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
    """One button per action; the screen says which are available and the bar shows only those.

    When the buttons do not fit on one line (a code task at 60 columns), their keys are
    written short (``^S``); when they still do not fit, they wrap onto more lines, so every
    action the screen offers is always shown.
    """

    BUTTON_MARGIN = 1
    """The space after each button (``#actions Button`` in quiz.tcss)."""

    def __init__(self, *, id: str | None = None) -> None:
        """A bar with every button shown until the screen says otherwise."""
        super().__init__(id=id)
        self._answered = False
        self._typing = False

    def compose(self) -> ComposeResult:
        """The buttons, compact, in a row."""
        for action in ACTIONS:
            yield Button(
                button_label(action, typing=False), id=action.action, variant=action.variant, compact=True
            )

    def sync(self, available: Callable[[str], bool], *, answered: bool, typing: bool) -> None:
        """Show the buttons whose actions are ``available``, labelled with the keys that work now.

        Args:
            available: Whether an action can be taken now.
            answered: The question has an answer (Next; before that, Skip).
            typing: The focus is in a text field, where letter keys type.
        """
        self._answered, self._typing = answered, typing
        for action in ACTIONS:
            self.query_one(f"#{action.action}", Button).display = available(action.action)
        self._fit()

    def on_resize(self) -> None:
        """Lay the buttons out again for the new width (after this layout: labels change sizes)."""
        self.call_after_refresh(self._fit_if_still_shown)

    def _fit_if_still_shown(self) -> None:
        """``_fit``, unless the bar was taken down meanwhile (its quiz ended: the screen is going)."""
        if self.is_attached and len(self.query_children(Button)) == len(ACTIONS):
            self._fit()

    def _fit(self) -> None:
        """Label the shown buttons, short if need be, and wrap them when one line is too narrow."""
        shown = [
            (button, action if self._answered or action.action != "next" else SKIP)
            for action in ACTIONS
            if (button := self.query_one(f"#{action.action}", Button)).display
        ]
        room = self.scrollable_content_region.width
        columns = len(shown)
        for short in (False, True):
            labels = [button_label(action, typing=self._typing, short=short) for _, action in shown]
            widths = [self._width(button, label) for (button, _), label in zip(shown, labels, strict=True)]
            columns = columns_that_fit(widths, room) if room > 0 and shown else len(shown)
            if columns == len(shown):
                break
        for (button, _), label in zip(shown, labels, strict=True):
            if button.label != label:
                button.label = label
                button.refresh(layout=True)  # a Button's label is not a layout reactive: its width would stay
        rows = -(-len(shown) // columns) if shown else 1
        wrapped = rows > 1
        self.set_class(wrapped, "-wrapped")  # a grid's gutter, not the buttons' margin, parts them
        if wrapped:
            self.styles.layout = "grid"
            self.styles.grid_size_columns = columns
            self.styles.grid_columns = "auto"
            self.styles.grid_gutter_vertical = self.BUTTON_MARGIN
        else:
            self.styles.layout = "horizontal"
        self.styles.height = rows

    def _width(self, button: Button, label: Content) -> int:
        """The cells ``button`` takes with ``label``: a space each side, its minimum width, its margin."""
        minimum = button.styles.min_width
        least = minimum.cells if minimum is not None and minimum.cells is not None else 0
        return max(label.cell_length + 2, least) + self.BUTTON_MARGIN
