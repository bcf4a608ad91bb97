"""The quiz screen's questions to the learner: leave the quiz, finish with questions unanswered."""

from quizapp.tui.screens.confirm import ConfirmScreen


def answers_kept(answered: int, unsent: str | None = None) -> str:
    """What leaving or quitting keeps: the answers so far, and a way back to them.

    Args:
        answered: The answers given so far (each saved as it was given).
        unsent: What was typed for the current question but not given ("code", "answer"):
            it is not kept, and the learner is told so.
    """
    if answered == 0:
        kept = "No answer given yet"
    elif answered == 1:
        kept = "Your 1 answer so far is saved"
    else:
        kept = f"Your {answered} answers so far are saved"
    text = f"{kept}; you can resume the quiz from the home screen."
    if unsent:  # said first: in a small terminal the end of the text may need scrolling to
        text = f"The {unsent} you typed for this question will be lost (Ctrl+S gives it). {text}"
    return text


def leave_dialog(answered: int, unsent: str | None = None) -> ConfirmScreen:
    """Ask before leaving a quiz with ``answered`` answers given (and ``unsent`` typing not given)."""
    return ConfirmScreen("Leave this quiz?", answers_kept(answered, unsent), yes="Leave", no="Stay")


def finish_dialog(unanswered: int) -> ConfirmScreen:
    """Ask before finishing with ``unanswered`` questions left."""
    return ConfirmScreen(
        f"Finish with {unanswered} question{'s' * (unanswered != 1)} unanswered?",
        "Unanswered questions score 0.",
        yes="Finish",
        no="Keep going",
    )
