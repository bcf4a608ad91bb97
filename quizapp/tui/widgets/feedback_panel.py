"""What an answer earned, shown the way the core graded it: right or not, points, why."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static

from quizapp.core.execution.lab import LabSettings
from quizapp.core.session.quiz_session import Outcome
from quizapp.tui.widgets.learner_text import literal


class FeedbackPanel(Vertical):
    """Feedback on one answer; hidden until there is some."""

    DEFAULT_CSS = "FeedbackPanel #open-lab { margin: 1 0 0 0; }"

    class OpenExperiment(Message):
        """The learner asked to watch the experiment of a lab question in the lab."""

        def __init__(self, experiment: tuple[LabSettings, ...]) -> None:
            super().__init__()
            self.experiment = experiment

    experiment: tuple[LabSettings, ...] = ()
    """The runs of the lab question answered (none for other questions)."""

    def compose(self) -> ComposeResult:
        """A verdict line, details, the explanation, and (for a lab question) the way to the lab."""
        yield Static(id="verdict")
        yield Static(id="details")
        yield Markdown(id="explanation")
        yield Button("Watch it in the lab (o)", id="open-lab")

    def on_mount(self) -> None:
        """Nothing to show yet."""
        self.display = False
        self.query_one("#open-lab").display = False

    def open_experiment(self) -> None:
        """Ask for the lab with this question's experiment, if it has one."""
        if self.display and self.experiment:
            self.post_message(self.OpenExperiment(self.experiment))

    @on(Button.Pressed, "#open-lab")
    def _open_lab(self, event: Button.Pressed) -> None:
        event.stop()
        self.open_experiment()

    def on_resize(self) -> None:
        """The feedback has its height (the explanation renders after the verdict): bring it into view."""
        if self.display:
            self.bring_into_view()

    def bring_into_view(self, *, to_the_end: bool = False) -> None:
        """Scroll the question to the feedback: all of it, or from its verdict where it does not fit.

        A long explanation and model answer make the feedback taller than a small terminal;
        scrolled to its end, the verdict and points would be above the screen. Where it fits,
        ``to_the_end`` scrolls the question to its end (a run's output below the feedback too).
        """
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        if self.outer_size.height > parent.scrollable_content_region.height:
            self.scroll_visible(animate=False, immediate=True, top=True)
        elif to_the_end:
            parent.scroll_end(animate=False, immediate=True)
        else:
            self.scroll_visible(animate=False, immediate=True)

    def show_outcome(
        self,
        outcome: Outcome,
        *,
        explanation: str,
        model_answer: str | None = None,
        experiment: tuple[LabSettings, ...] = (),
    ) -> None:
        """Show a graded answer: the verdict, points, the grade's feedback, and the explanation.

        A lab question's ``experiment`` adds a button (and the key ``o``) that opens it in the lab.
        """
        grade = outcome.grade
        if grade is None:
            self.show_recorded()
            return
        self.remove_class("correct", "wrong", "partial", "recorded")
        verdict_class = "correct" if grade.correct else ("partial" if grade.fraction > 0 else "wrong")
        self.add_class(verdict_class)
        title = {"correct": "Correct", "partial": "Partly right", "wrong": "Not quite"}[verdict_class]
        self.query_one("#verdict", Static).update(
            f"{'✓' if grade.correct else '✗'} {title}: {outcome.points:g} of {outcome.max_points:g} "
            f"point{'s' * (outcome.max_points != 1)}"
        )
        details = []
        if grade.feedback:
            details.append(grade.feedback)
        if grade.found:
            details.append(f"Concepts you named: {', '.join(grade.found)}")
        if grade.missed:
            details.append(f"Concepts missing: {', '.join(grade.missed)}")
        if outcome.can_retry:
            details.append("t tries again, n goes on (Ctrl+T, Ctrl+N while typing).")
        self.query_one("#details", Static).update(literal("\n".join(details)))  # may quote the answer
        text = explanation.strip()
        if model_answer:
            text += f"\n\n**A model answer:** {model_answer.strip()}"
        self.query_one("#explanation", Markdown).update(text)
        self.experiment = experiment
        self.query_one("#open-lab").display = bool(experiment)
        self.display = True

    def show_recorded(self) -> None:
        """An exam answer: recorded, feedback withheld until the end."""
        self.remove_class("correct", "wrong", "partial")
        self.add_class("recorded")
        self.query_one("#verdict", Static).update("Answer recorded. Feedback comes with the results.")
        self.query_one("#details", Static).update("")
        self.query_one("#explanation", Markdown).update("")
        self.display = True

    def clear(self) -> None:
        """Hide the feedback (before a retry)."""
        self.display = False
