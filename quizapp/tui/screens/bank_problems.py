"""The bank-problems screen: every problem of the bank's files, where an author must look."""

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, ListItem, ListView, Static

from quizapp.core.bank.problems import Problem
from quizapp.tui.widgets.steady_footer import SteadyFooter


class BankProblemsScreen(Screen[bool]):
    """Lists ``file:line:col: field: message`` for each problem; go on with what loaded, or quit."""

    CSS_PATH = Path(__file__).with_name("bank_problems.tcss")

    AUTO_FOCUS = "#problem-list"

    BINDINGS = [
        Binding("c", "carry_on", "Go on without them"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, problems: Sequence[Problem], *, questions_loaded: int) -> None:
        """Show ``problems``; ``questions_loaded`` questions loaded from the files without any."""
        super().__init__()
        self.problems = list(problems)
        self.questions_loaded = questions_loaded

    def compose(self) -> ComposeResult:
        """The summary, the list, and the two ways on."""
        files = len({problem.path for problem in self.problems})
        count = len(self.problems)
        yield Header()
        with Vertical(id="problems"):
            yield Static(
                f"The question bank has {count} problem{'s' * (count != 1)} in {files} "
                f"file{'s' * (files != 1)}. Those files were left out; "
                f"{self.questions_loaded} questions loaded from the others. "
                "Fix them and run 'quizapp validate' to check.",
                id="problems-summary",
            )
            yield ListView(
                *(ListItem(Static(str(problem), markup=False)) for problem in self.problems),
                id="problem-list",
            )
            with Horizontal(id="problem-actions"):
                yield Button(
                    f"Go on with {self.questions_loaded} questions (c)",
                    id="carry-on",
                    variant="primary",
                    disabled=not self.questions_loaded,
                )
                yield Button("Quit (q)", id="quit")
        yield SteadyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Go on or quit."""
        if event.button.id == "carry-on":
            self.action_carry_on()
        else:
            self.app.exit(1)

    def action_carry_on(self) -> None:
        """Take the quiz with the questions that loaded."""
        if self.questions_loaded:
            self.dismiss(True)
