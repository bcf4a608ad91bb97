"""The base of every answer widget: it collects a raw answer and posts it; it never grades."""

from textual.message import Message
from textual.widget import Widget

from quizapp.core.grading.answer_size import too_long_sentence


class AnswerInput(Widget):
    """A widget the learner answers with; the screen hands its answer to the session."""

    can_focus = False

    class Submitted(Message):
        """The learner gave this raw answer (a choice id, a list of ids, a bool or text)."""

        def __init__(self, answer: object) -> None:
            super().__init__()
            self.answer = answer

    def current(self) -> object | None:
        """The answer as it stands now, or None when nothing has been given yet."""
        raise NotImplementedError

    def submit(self) -> bool:
        """Post the current answer; False (and nothing posted) when there is none yet."""
        answer = self.current()
        if answer is None:
            self.notify("Give an answer first (Ctrl+N skips the question).", severity="warning")
            return False
        refusal = too_long_sentence(answer) or self.refusal(answer)
        if refusal is not None:
            self.notify(refusal, title="Not taken", severity="warning", markup=False)
            return False
        self.post_message(self.Submitted(answer))
        return True

    def unsent(self) -> str | None:
        """What the learner typed here without giving it as an answer ("code", "answer"), or None.

        Nothing is kept of it (there are no drafts), so quitting or leaving says it is lost.
        """
        return None

    def refusal(self, answer: object) -> str | None:
        """Why ``answer`` is not an answer of the shape asked for (it is then not graded), or None."""
        return None

    def focus_answer(self, *, scroll_visible: bool = True) -> None:
        """Put the keyboard focus where the learner answers (scrolled into view unless told not to)."""
        focusable = self.query("*").filter(".answer-focus")
        if focusable:
            focusable.first().focus(scroll_visible=scroll_visible)
