"""What the quiz screen offers at a moment: which of its actions apply, when code may run, what keys do."""

from textual.widget import Widget
from textual.widgets import Input, TextArea

from quizapp.core.model.code_questions import CodeTaskQuestion, ExecutableQuestion
from quizapp.core.session.quiz_session import Mode, Outcome, QuizSession
from quizapp.tui.widgets.quiz_bars import ACTIONS

ACTION_NAMES = {action.action for action in ACTIONS}
"""The screen actions the action bar's buttons run (each button's id is its action)."""


def offered(
    action: str, session: QuizSession, outcome: Outcome | None, *, grading: bool, running: bool
) -> bool:
    """Offer only what makes sense now (this also drives the footer and the buttons).

    Args:
        action: The screen action asked about.
        session: The session on screen.
        outcome: The last answer's outcome for the current question (None before answering).
        grading: Whether an answer is being graded.
        running: Whether a run is in progress.
    """
    if action == "cancel_run":
        return running
    if session.current is None:
        return action == "leave"
    answered = outcome is not None
    if action == "submit":
        return not answered and not grading
    if action == "hint":
        return not answered and session.hints_left > 0
    if action == "run":  # taken even when refused, to say why (the button shows only when it runs)
        return session.code() is not None or isinstance(session.current, CodeTaskQuestion)
    if action == "retry":
        return bool(outcome and outcome.can_retry)
    return True


def may_run(session: QuizSession, outcome: Outcome | None) -> bool:
    """Runs are offered for code tasks, and for snippets once answered (never before, in an exam)."""
    question = session.current
    if isinstance(question, CodeTaskQuestion):
        return True
    if session.code() is None or not isinstance(question, ExecutableQuestion):
        return False
    return outcome is not None and session.mode is not Mode.EXAM


def run_refused(mode: Mode) -> str:
    """Why a run was refused: an exam never runs snippets; otherwise, answer first."""
    if mode is Mode.EXAM:
        return "Snippets do not run during an exam: the output would give answers away."
    return "Answer first; then run the snippet and see what PyTorch does."


def typing_in(focused: Widget | None) -> bool:
    """Whether the focus is in a text field, where letter keys type rather than act."""
    return isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only)
