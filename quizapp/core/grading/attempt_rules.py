"""What a question's attempts mean: the first graded attempt is the score, retries are practice.

The one definition of "missed", shared by a session's results, review mode, the home
screen, ``stats`` and the exports: a question is missed when its first graded attempt
was not fully right, or was helped by hints. A retry after the feedback, the explanation
or a real run is practice: it is kept and shown, never scored.
"""

RETRY_PRACTICE_NOTE = "a retry after the feedback: practice, not scored"


def is_missed(points: float, max_points: float, hints_used: int) -> bool:
    """Whether a first attempt counts as missed (and so comes back in review).

    Args:
        points: What the first graded attempt earned (0 when it was never answered).
        max_points: What the question is worth.
        hints_used: Hints shown before the first attempt was given.

    Returns:
        True when the first attempt earned less than full marks or was helped by hints.
    """
    return points < max_points or hints_used > 0
