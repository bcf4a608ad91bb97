"""The results screen: score, breakdowns by topic and difficulty, every answer against its key."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Static

from quizapp.core.grading.answer_display import answer_text
from quizapp.core.session.quiz_session import QuizSession, Results
from quizapp.core.session.score_line import score_line
from quizapp.tui.app_messages import RetryMissed
from quizapp.tui.widgets.button_row import ButtonRow
from quizapp.tui.widgets.learner_text import literal_cell
from quizapp.tui.widgets.steady_footer import SteadyFooter


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def _share(points: float, most: float) -> str:
    return f"{points:g} / {most:g}  ({100 * points / most:.0f}%)" if most else "-"


class ResultsScreen(Screen[None]):
    """How the quiz went, and a way to retry what was missed."""

    CSS_PATH = Path(__file__).with_name("results.tcss")

    BINDINGS = [
        Binding("r", "retry_missed", "Retry missed"),
        Binding("escape,h", "home", "Home"),
    ]

    def __init__(self, results: Results, session: QuizSession) -> None:
        """Show ``results`` of ``session``."""
        super().__init__()
        self.results = results
        self.session = session

    def compose(self) -> ComposeResult:
        """Score, breakdown tables, the answers table and the buttons."""
        results = self.results
        with VerticalScroll(id="results"):
            yield Static(score_line(results, self.session.mode), id="score")
            missed = len(results.missed)
            timed_out = sum(1 for result in results.questions if result.timed_out)
            yield Static(
                f"{self.session.mode.value.capitalize()} · {len(results.questions)} "
                f"question{'' if len(results.questions) == 1 else 's'} · "
                f"{missed} to review · time taken {_minutes(results.seconds)}"
                + (f" · {timed_out} unanswered when the time ran out" if timed_out else ""),
                id="summary",
                classes="muted",
            )
            with Horizontal(id="breakdowns"):
                yield self._breakdown("by-topic", "Topic", results.by_topic)
                yield self._breakdown("by-difficulty", "Difficulty", results.by_difficulty)
            self._answer_table = self._answers()
            yield self._answer_table
            with ButtonRow(id="result-actions"):
                yield Button(
                    f"Retry the {missed} missed (r)", id="retry", variant="primary", disabled=not missed
                )
                yield Button("Home (Esc)", id="home")
        yield SteadyFooter()

    @staticmethod
    def _breakdown(table_id: str, title: str, rows: dict[str, tuple[float, float]]) -> DataTable[str]:
        """A table of points per topic or difficulty, filled before it is mounted."""
        table: DataTable[str] = DataTable(id=table_id, cursor_type="none", zebra_stripes=True)
        table.can_focus = False  # nothing to pick: Tab goes from the answers to the buttons
        table.add_columns(title, "Score")
        for name, (points, most) in sorted(rows.items()):
            table.add_row(name, _share(points, most))
        return table

    def _answers(self) -> DataTable[object]:
        """Every answer against its key, filled before it is mounted.

        Nothing is left to a later hook, which could run after the app has begun to close.
        """
        answers: DataTable[object] = DataTable(id="answers", cursor_type="row", zebra_stripes=True)
        answers.border_title = "Your answers: Enter shows one in full"
        answers.add_columns("", "Points", "Question", "Your answer", "Key")
        for number, result in enumerate(self.results.questions, 1):
            mark = "✓" if result.correct else ("⏱" if result.timed_out else "✗")
            answers.add_row(
                f"{number} {mark}",
                f"{result.points:g}/{result.max_points:g}" if result.scored else "self-rated",
                result.question.id,
                literal_cell(answer_text(result.question, result.answer), width=20),
                literal_cell(result.key, width=20),
            )
        return answers

    def on_mount(self) -> None:
        """The answers have the focus; the score stays in view and Enter opens an answer."""
        self._answer_table.focus(scroll_visible=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an answer shows its question in full."""
        if event.data_table.id == "answers":
            from quizapp.tui.screens.answer_detail import AnswerDetailScreen

            self.app.push_screen(AnswerDetailScreen(self.results.questions[event.cursor_row]))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Retry or go home."""
        if event.button.id == "retry":
            self.action_retry_missed()
        else:
            self.action_home()

    def action_retry_missed(self) -> None:
        """Practise the questions missed, in a new session."""
        if not self.results.missed:
            self.notify("Nothing to retry: every answer was right.")
            return
        self.post_message(RetryMissed(self.results.missed))

    def action_home(self) -> None:
        """Back to the home screen."""
        self.app.pop_screen()
