"""The rating of a first attempt: the issue's table, row by row."""

import pytest
from fsrs import Rating

from quizapp.core.learning.review_rating import AttemptKind, FirstAttempt, review_rating, usual_seconds

ANSWERED, SKIPPED = AttemptKind.ANSWERED, AttemptKind.SKIPPED
USUAL = 20.0
"""The learner's usual seconds on the type, in the rows that know it."""

Row = tuple[str, AttemptKind, float, int, float, str | None, float | None, Rating | None]
"""(type, kind, fraction, hints, seconds, self rating, usual seconds, expected rating)."""

TABLE: list[Row] = [
    ("numeric", ANSWERED, 0.0, 0, 10.0, None, USUAL, Rating.Again),
    ("numeric", ANSWERED, 0.0, 2, 10.0, None, USUAL, Rating.Again),
    ("code_output", SKIPPED, 0.0, 0, 0.0, None, USUAL, Rating.Again),
    ("flashcard", SKIPPED, 0.0, 0, 0.0, None, None, Rating.Again),
    ("numeric", ANSWERED, 1.0, 1, 20.0, None, USUAL, Rating.Hard),
    ("explain", ANSWERED, 0.5, 0, 20.0, None, USUAL, Rating.Hard),
    ("multiple_select", ANSWERED, 0.67, 0, 20.0, None, USUAL, Rating.Hard),
    ("numeric", ANSWERED, 1.0, 0, 40.0, None, USUAL, Rating.Hard),  # twice the usual time
    ("single_choice", ANSWERED, 1.0, 0, 45.0, None, USUAL, Rating.Hard),
    ("numeric", ANSWERED, 1.0, 0, 39.0, None, USUAL, Rating.Good),
    ("numeric", ANSWERED, 1.0, 0, 20.0, None, USUAL, Rating.Good),
    ("numeric", ANSWERED, 1.0, 0, 40.0, None, None, Rating.Good),  # no usual time known yet
    ("numeric", ANSWERED, 1.0, 0, 10.0, None, USUAL, Rating.Easy),
    ("code_task", ANSWERED, 1.0, 0, 5.0, None, USUAL, Rating.Easy),
    ("numeric", ANSWERED, 1.0, 1, 5.0, None, USUAL, Rating.Hard),  # fast, but hinted
    ("single_choice", ANSWERED, 1.0, 0, 5.0, None, USUAL, Rating.Good),  # never Easy on choices
    ("true_false", ANSWERED, 1.0, 0, 5.0, None, USUAL, Rating.Good),
    ("multiple_select", ANSWERED, 1.0, 0, 5.0, None, USUAL, Rating.Good),
    ("lab_prediction", ANSWERED, 1.0, 0, 5.0, None, USUAL, Rating.Good),
    ("numeric", ANSWERED, 1.0, 0, 0.2, None, USUAL, Rating.Good),  # piped: its time says nothing
    ("numeric", ANSWERED, 1.0, 0, 0.2, None, 0.3, Rating.Good),
    ("flashcard", ANSWERED, 0.0, 0, 3.0, "again", USUAL, Rating.Again),
    ("flashcard", ANSWERED, 0.5, 0, 3.0, "hard", USUAL, Rating.Hard),
    ("flashcard", ANSWERED, 1.0, 0, 3.0, "Good", USUAL, Rating.Good),
    ("flashcard", ANSWERED, 1.0, 0, 300.0, " easy", USUAL, Rating.Easy),  # the learner's word wins
    ("flashcard", ANSWERED, 0.0, 0, 3.0, "maybe", USUAL, None),
    ("numeric", AttemptKind.FORMAT_ERROR, 0.0, 0, 3.0, None, USUAL, None),
    ("code_task", AttemptKind.WORKER_ERROR, 0.0, 0, 3.0, None, USUAL, None),
]


@pytest.mark.parametrize("row", TABLE)
def test_a_first_attempt_is_rated_as_the_issue_says(row: Row) -> None:
    question_type, kind, fraction, hints, seconds, said, usual, expected = row
    attempt = FirstAttempt(question_type, kind, fraction, hints, seconds, said)
    assert review_rating(attempt, usual) == expected


def test_the_usual_time_is_a_median_of_human_times_and_needs_five() -> None:
    assert usual_seconds([10.0, 12.0, 14.0, 16.0]) is None
    assert usual_seconds([10.0, 12.0, 14.0, 16.0, 0.01, 0.02]) is None  # piped times do not count
    assert usual_seconds([10.0, 12.0, 14.0, 16.0, 100.0]) == 14.0
    assert usual_seconds([10.0, 12.0, 14.0, 16.0, 100.0, 200.0]) == 15.0
