"""The one line that states a finished session's score, for the results screen and plain mode."""

from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.session_results import Results


def score_line(results: Results, mode: Mode, *, compact: bool = False) -> str:
    """The score; for a flashcards session, the self-ratings, which are never a score.

    History, ``stats`` and the exports count no self-rating, so a flashcards session shows
    no percentage on the home screen: this line says why, where the ratings are summed.

    Args:
        results: The finished session's results.
        mode: Its mode.
        compact: ``2 / 3 (66.7%)``, as plain mode writes it (scripts read it), rather than
            ``2 of 3 points (66.7%)``.
    """
    unit = "point" if results.max_points == 1 else "points"
    share = (
        f"{results.points:g} / {results.max_points:g} ({results.percentage:g}%)"
        if compact
        else f"{results.points:g} of {results.max_points:g} {unit} ({results.percentage:g}%)"
    )
    if mode is Mode.FLASHCARDS:
        return f"Self-rated: {share}. Flashcards are self-assessment, not a score."
    return f"Score: {share}"
