"""The bank-problems screen: every problem of the bank's files, where an author must look."""

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, ListItem, ListView, Static

from quizapp.core.bank.left_out import LeftOut, plural
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

    def __init__(
        self, problems: Sequence[Problem], *, questions_loaded: int, left_out: LeftOut | None = None
    ) -> None:
        """Show ``problems``, and what they left out of the bank.

        Args:
            problems: The bank's problems.
            questions_loaded: The questions that loaded in spite of them.
            left_out: What the problems left out (``left_out_of`` the bank's load); without
                it, every file with a problem is said to be left out.
        """
        super().__init__()
        self.problems = list(problems)
        self.questions_loaded = questions_loaded
        self.left_out = left_out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No 'go on' key when no question loaded: there is nothing to go on with."""
        return bool(self.questions_loaded) if action == "carry_on" else True

    def compose(self) -> ComposeResult:
        """The summary, the list, and the ways on (only quitting when no question loaded)."""
        yield Header()
        with VerticalScroll(id="problems", can_focus=False):  # a small terminal scrolls the page
            yield Static(literal(self._summary()), id="problems-summary")
            yield ListView(
                *(ListItem(Static(literal(str(problem)))) for problem in self.problems),
                id="problem-list",
            )
            with ButtonRow(id="problem-actions"):
                if self.questions_loaded:
                    label = f"Go on with {plural(self.questions_loaded, 'question')} (c)"
                    yield Button(label, id="carry-on", variant="primary")
                yield Button("Quit (q)", id="quit")
        yield SteadyFooter()

    def _summary(self) -> str:
        """What the problems left out, counted so that the parts add up, and what loaded."""
        left_out = self._what_was_left_out()
        if left_out.not_found:  # nothing there to leave out
            found = " ".join(f"{problem.message} in {problem.path}." for problem in left_out.not_found)
            return (
                f"The question bank has no questions: {found} There is nothing to go on with: "
                "press q to quit, and name a quiz file or a folder of them with --bank."
            )
        count = len(self.problems)
        files = len({problem.path for problem in self.problems})
        parts = left_out.parts
        if len(parts) == 1:
            did = f"{'It' if count == 1 else 'They'} {parts[0].did}."
        else:
            did = "; ".join(f"{part.problems} {part.did}" for part in parts) + "."
        fix = f"Fix {'it' if count == 1 else 'them'} and run 'quizapp validate' to check."
        if not self.questions_loaded:
            loaded = f"No question loaded, so there is nothing to go on with: press q to quit. {fix}"
        else:
            loaded = f"{plural(self.questions_loaded, 'question')} loaded. {fix}"
        return f"The question bank has {plural(count, 'problem')} in {plural(files, 'file')}. {did} {loaded}"

    def _what_was_left_out(self) -> LeftOut:
        """``left_out`` as given, or else every file with a problem."""
        if self.left_out is not None:
            return self.left_out
        files = tuple(dict.fromkeys(problem.path for problem in self.problems))
        return LeftOut(len(self.problems), files, len(self.problems), questions_loaded=self.questions_loaded)

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
