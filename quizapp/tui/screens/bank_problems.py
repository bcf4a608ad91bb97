"""The bank-problems screen: every problem of the bank's files, where an author must look."""

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, ListItem, ListView, Static

from quizapp.core.bank.problems import Problem
from quizapp.tui.widgets.button_row import ButtonRow
from quizapp.tui.widgets.learner_text import literal
from quizapp.tui.widgets.steady_footer import SteadyFooter


class BankProblemsScreen(Screen[bool]):
    """Lists ``file:line:col: field: message`` for each problem; go on with what loaded, or quit."""

    CSS_PATH = Path(__file__).with_name("bank_problems.tcss")

    AUTO_FOCUS = None  # the list takes focus in on_mount, without scrolling the summary away

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
        with VerticalScroll(id="problems", can_focus=False):  # a small terminal scrolls the page
            yield Static(
                f"The question bank has {count} problem{'s' * (count != 1)} in {files} "
                f"file{'s' * (files != 1)}. Those files were left out; "
                f"{self.questions_loaded} questions loaded from the others. "
                "Fix them and run 'quizapp validate' to check.",
                id="problems-summary",
            )
            yield ListView(
                *(ListItem(Static(literal(str(problem)))) for problem in self.problems),
                id="problem-list",
            )
            with ButtonRow(id="problem-actions"):
                yield Button(
                    f"Go on with {self.questions_loaded} questions (c)",
                    id="carry-on",
                    variant="primary",
                    disabled=not self.questions_loaded,
                )
                yield Button("Quit (q)", id="quit")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Focus the problems (the arrows move through them) and open at the summary.

        In a terminal too small for the summary and two rows of the first problem, the page
        opens scrolled to the problems instead.
        """
        self.query_one("#problem-list", ListView).focus(scroll_visible=False)
        # The list scrolls the page to its highlighted problem after the next refresh; after that:
        self.call_after_refresh(self.call_after_refresh, self._open_at_the_summary)

    def _open_at_the_summary(self) -> None:
        if not self.is_attached:  # dismissed at once ('c' pressed before the first layout)
            return
        page = self.query_one("#problems", VerticalScroll)
        problems = self.query_one("#problem-list", ListView)
        if problems.virtual_region.y + 3 <= page.scrollable_content_region.height:
            page.scroll_home(animate=False, immediate=True)
        else:  # a very small terminal: the problems come first
            problems.scroll_visible(animate=False, immediate=True)

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
