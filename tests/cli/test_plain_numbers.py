"""Plain mode refuses what is not a number for a numeric question and asks again, in an exam too."""

import io

from quizapp.cli.plain_quiz import LineQuiz
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import NumericQuestion
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

NUMERIC = next(q for q in load_bank([BANK]).bank.questions if isinstance(q, NumericQuestion))


def test_a_word_is_refused_and_the_number_after_it_is_graded() -> None:
    lines = iter(["ten", "1,5", repr(NUMERIC.answer)])
    out = io.StringIO()
    session = QuizSession([NUMERIC], mode=Mode.EXAM, learner="ada", seed=1)

    results = LineQuiz(session, lambda: next(lines, None), out, interactive=False).run()

    assert results is not None, "the session ended before its last question"
    shown = out.getvalue()
    assert "'ten' is not a number" in shown
    assert "'1,5' is not a number" in shown
    assert results.points == NUMERIC.points  # the refused words were never graded
    assert session.answered == 1
