"""The words of the quiz screen's dialogs agree with the numbers they carry."""

import pytest

from quizapp.tui.screens.quiz_dialogs import answers_kept


@pytest.mark.parametrize(
    ("answered", "kept"),
    [
        (0, "No answer given yet;"),
        (1, "Your 1 answer so far is saved;"),
        (2, "Your 2 answers so far are saved;"),
    ],
)
def test_leaving_says_what_is_kept_in_a_sentence_that_agrees(answered: int, kept: str) -> None:
    assert answers_kept(answered) == f"{kept} you can resume the quiz from the home screen."
