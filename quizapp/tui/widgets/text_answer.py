"""Answer by typing: one line (numbers, names, printed output) or several (explanations, code)."""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, TextArea

from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.code_area import CodeArea


class LineAnswer(AnswerInput):
    """A one-line answer; Enter gives it."""

    def __init__(
        self, placeholder: str, *, refuse: Callable[[str], str | None] | None = None, id: str | None = None
    ) -> None:
        """Ask for one line, with ``placeholder`` saying what is expected.

        Args:
            placeholder: What is expected, shown while the line is empty.
            refuse: Says why a line is not an answer of the shape asked for (None: it is).
            id: The widget's id.
        """
        super().__init__(id=id)
        self.placeholder = placeholder
        self.refuse = refuse

    def compose(self) -> ComposeResult:
        """The input line."""
        yield Input(placeholder=self.placeholder, classes="answer-focus")

    def current(self) -> object | None:
        """The text typed, or None while it is blank."""
        text = self.query_one(Input).value
        return text if text.strip() else None

    def unsent(self) -> str | None:
        """The line typed, if any, while it has not been given."""
        return "answer" if not self.disabled and self.query_one(Input).value.strip() else None

    def refusal(self, answer: object) -> str | None:
        """Why the line typed is not an answer of the shape asked for (a number, say), or None."""
        return self.refuse(str(answer)) if self.refuse is not None else None

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()


class SubmittingTextArea(CodeArea):
    """A text area in which Ctrl+S gives the text as the answer (Enter starts a new line)."""

    BINDINGS = [Binding("ctrl+s", "submit", "Submit", show=False)]

    def action_submit(self) -> None:
        """Give the text as the answer."""
        parent = self.parent
        if isinstance(parent, AnswerInput):
            parent.submit()


class BlockAnswer(AnswerInput):
    """A multi-line answer: an explanation, several printed lines, or Python code to complete."""

    def __init__(
        self, text: str = "", *, code: bool = False, placeholder: str = "", id: str | None = None
    ) -> None:
        """Start from ``text``; ``code`` turns on Python highlighting, line numbers and indentation."""
        super().__init__(id=id)
        self.text = text
        self.code = code
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The text area."""
        if self.code:
            area = SubmittingTextArea.code_editor(self.text, language="python", classes="answer-focus code")
        else:
            area = SubmittingTextArea(
                self.text, soft_wrap=True, classes="answer-focus", placeholder=self.placeholder
            )
        yield area

    def current(self) -> object | None:
        """The text, or None while it is blank (starter code counts as an answer, and is graded)."""
        text = self.query_one(SubmittingTextArea).text
        return text if text.strip() else None

    def unsent(self) -> str | None:
        """The text, if changed from what it started as (the starter code), while not given."""
        if self.disabled or self.query_one(SubmittingTextArea).text == self.text:
            return None
        return "code" if self.code else "answer"

    @property
    def editor(self) -> TextArea:
        """The text area itself (the code of a run comes from here)."""
        return self.query_one(SubmittingTextArea)
