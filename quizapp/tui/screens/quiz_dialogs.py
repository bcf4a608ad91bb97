"""The quiz screen's questions to the learner: leave the quiz, finish with questions unanswered."""

from quizapp.tui.screens.confirm import ConfirmScreen


def answers_kept(answered: int) -> str:
    """What leaving or quitting keeps: the answers so far, and a way back to them."""
    if answered == 0:
        kept = "No answer given yet"
    elif answered == 1:
        kept = "Your 1 answer so far is saved"
    else:
        kept = f"Your {answered} answers so far are saved"
    return f"{kept}; you can resume the quiz from the home screen."


def leave_dialog(answered: int) -> ConfirmScreen:
    """Ask before leaving a quiz with ``answered`` answers given."""
    return ConfirmScreen("Leave this quiz?", answers_kept(answered), yes="Leave", no="Stay")


def finish_dialog(unanswered: int) -> ConfirmScreen:
    """Ask before finishing with ``unanswered`` questions left."""
    return ConfirmScreen(
        f"Finish with {unanswered} question{'s' * (unanswered != 1)} unanswered?",
        "Unanswered questions score 0.",
        yes="Finish",
        no="Keep going",
    )
