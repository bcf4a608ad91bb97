"""One question on screen: prompt, snippet, hints, the answer widget, feedback and runs."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets import Markdown, Static, TextArea

from quizapp.core.model.questions import Choice, Question
from quizapp.tui.widgets.answer_factory import answer_widget
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.code_area import CodeArea
from quizapp.tui.widgets.feedback_panel import FeedbackPanel
from quizapp.tui.widgets.run_panel import RunPanel
from quizapp.tui.widgets.text_answer import BlockAnswer


class QuestionView(VerticalScroll):
    """Shows one question; the screen tells it what happened (attributes down)."""

    def __init__(
        self, question: Question, *, prompt: str, code: str | None, choices: tuple[Choice, ...]
    ) -> None:
        """Show ``question`` with its variant's ``prompt`` and ``code`` and its ``choices`` in order."""
        super().__init__(id="question")
        self.question = question
        self.prompt = prompt
        self.code = code
        self.choices = choices

    def compose(self) -> ComposeResult:
        """Prompt, snippet (highlighted, read-only until answered), hints, answer, feedback, run."""
        yield Markdown(self.prompt, id="prompt")
        if self.code is not None:
            yield CodeArea.code_editor(
                self.code.rstrip("\n"), language="python", read_only=True, id="snippet"
            )
            yield Static("", id="lab-note", classes="muted")
        yield Vertical(id="hints")
        yield answer_widget(self.question, self.choices)
        yield FeedbackPanel(id="feedback")
        yield RunPanel(id="run-panel")

    @on(TextArea.SelectionChanged)
    def _follow_cursor(self, event: TextArea.SelectionChanged) -> None:
        """Keep the cursor of an editor that grows with its text (the snippet) in view as it moves."""
        area = event.text_area
        if not area.has_focus:
            return
        cursor = area.cursor_screen_offset
        top = cursor.y - self.content_region.y + round(self.scroll_y)
        self.scroll_to_region(Region(0, top, 1, 1), animate=False, immediate=True)

    @on(TextArea.Changed)
    def _code_changed(self) -> None:
        """An edit makes the run output shown that of an earlier version of the code: the panel says so."""
        self.run_panel.follow(self.runnable_code())

    @property
    def answer(self) -> AnswerInput:
        """The answer widget."""
        return self.query_one("#answer", AnswerInput)

    @property
    def feedback(self) -> FeedbackPanel:
        """The feedback panel."""
        return self.query_one(FeedbackPanel)

    @property
    def run_panel(self) -> RunPanel:
        """The panel runs show their output in."""
        return self.query_one(RunPanel)

    def add_hint(self, number: int, text: str) -> None:
        """Show the ``number``-th hint below the earlier ones."""
        self.query_one("#hints").mount(Markdown(f"**Hint {number}.** {text}", classes="hint"))

    def lock_answer(self) -> None:
        """No more answers to this question (until a retry)."""
        self.answer.disabled = True

    def unlock_answer(self) -> None:
        """Let the learner answer again."""
        self.answer.disabled = False
        self.feedback.clear()
        self.answer.focus_answer()

    def open_lab(self) -> None:
        """Make the snippet editable, so the learner can change it and run it again."""
        if self.code is None:
            return
        self.query_one("#snippet", TextArea).read_only = False
        note = self.query_one("#lab-note", Static)
        note.display = True
        note.update(
            "What if? Edit the snippet (max_norm, norm_type, the gradients…) and press Ctrl+R to run it."
        )

    def runnable_code(self) -> str | None:
        """The code a run executes: the learner's code for a code task, else the (edited) snippet."""
        if isinstance(self.answer, BlockAnswer) and self.answer.code:
            return self.answer.editor.text
        if self.code is None:
            return None
        return self.query_one("#snippet", TextArea).text
