"""One question of the results in full: the prompt, your answer, the key and the explanation."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from quizapp.core.grading.answer_display import answer_text
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.session.quiz_session import QuestionResult
from quizapp.tui.widgets.learner_text import fenced
from quizapp.tui.widgets.steady_footer import SteadyFooter


def detail_markdown(result: QuestionResult) -> str:
    """The result of one question as Markdown; the answer and the key in code blocks, shown as written."""
    question = result.question
    language = "python" if isinstance(question, CodeTaskQuestion) else "text"
    mark = (
        "right" if result.correct else ("unanswered: the time ran out" if result.timed_out else "not right")
    )
    hints = f", {result.hints_used} hint{'s' * (result.hints_used != 1)} used" if result.hints_used else ""
    return "\n\n".join(
        (
            f"## {question.id}",
            f"*{question.topic} · {question.difficulty.value} · {result.points:g} of "
            f"{result.max_points:g} point{'s' * (result.max_points != 1)} ({mark}{hints})*",
            result.variant.prompt.strip(),
            "**Your answer**",
            fenced(answer_text(question, result.answer).strip(), language),
            "**The key**",
            fenced(result.key.strip(), language),
            "**Why**",
            result.variant.explanation.strip(),
        )
    )


class AnswerDetailScreen(ModalScreen[None]):
    """A question of the results, whole; Esc goes back."""

    CSS_PATH = Path(__file__).with_name("dialogs.tcss")
    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close")]

    def __init__(self, result: QuestionResult) -> None:
        """Show ``result`` in full."""
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        """The whole result, scrollable, and a footer of this screen's own keys."""
        with VerticalScroll(id="help") as text:
            text.border_subtitle = "Esc closes"
            yield Markdown(detail_markdown(self.result))
        yield SteadyFooter()
