"""Plain mode asks again for an answer of the wrong shape, for every type that has one; none is graded."""

import io

import pytest

from quizapp.cli.plain_quiz import LineQuiz
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.questions import (
    LabPredictionQuestion,
    MultipleSelectQuestion,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
TRUE_FALSE = next(q for q in QUESTIONS if isinstance(q, TrueFalseQuestion))
SINGLE = next(q for q in QUESTIONS if isinstance(q, SingleChoiceQuestion))
MULTIPLE = next(q for q in QUESTIONS if isinstance(q, MultipleSelectQuestion))
WHICH_RUN = next(q for q in QUESTIONS if isinstance(q, LabPredictionQuestion) and q.answer_range is None)


def take(question: Question, lines: list[str], mode: Mode = Mode.PRACTICE) -> tuple[QuizSession, str]:
    session = QuizSession([question], mode=mode, learner="ada", seed=3)
    feed = iter(lines)
    out = io.StringIO()
    LineQuiz(session, lambda: next(feed, None), out, interactive=False).run()
    return session, out.getvalue()


def right_line(question: Question, session: QuizSession) -> str:
    """The key as a learner types it: t/f, or the number(s) of the right choice(s) as shown."""
    if isinstance(question, TrueFalseQuestion):
        return "t" if question.answer else "f"
    numbers = {choice.id: str(number) for number, choice in enumerate(session.choices(), 1)}
    if isinstance(question, MultipleSelectQuestion):
        return " ".join(numbers[choice] for choice in question.answer)
    assert isinstance(question, SingleChoiceQuestion | LabPredictionQuestion)
    return numbers[str(question.answer)]


@pytest.mark.parametrize("mode", [Mode.PRACTICE, Mode.EXAM])
@pytest.mark.parametrize(
    ("question", "typos", "said"),
    [
        (TRUE_FALSE, ["ture", "retry"], "is neither true nor false"),
        (SINGLE, ["9", "0", "x"], "is not one of the choices"),
        (MULTIPLE, ["1 9", ",", "a-b"], "is not one of the choices"),
        (WHICH_RUN, ["7", "run two"], "is not one of the choices"),
    ],
    ids=["true_false", "single_choice", "multiple_select", "lab_prediction"],
)
def test_a_malformed_answer_is_asked_for_again(
    question: Question, typos: list[str], said: str, mode: Mode
) -> None:
    probe = QuizSession([question], mode=mode, learner="ada", seed=3)
    session, shown = take(question, [*typos, right_line(question, probe)], mode)

    assert shown.count(said) == len(typos), shown
    assert "Not quite" not in shown
    assert session.finished
    assert session.answered == 1
    assert f"Score: {question.points:g} / {question.points:g}" in shown  # no typo was graded


def test_end_of_input_with_every_question_answered_says_so() -> None:
    wrong = "f" if TRUE_FALSE.answer else "t"
    session, shown = take(TRUE_FALSE, [wrong, "retry"])

    assert not session.finished
    assert "0 questions not answered" not in shown
    assert "every question has an answer, but the quiz was not finished" in shown
    assert "resuming it shows the results" in shown


def test_end_of_input_with_questions_left_counts_them() -> None:
    session, shown = take(SINGLE, [])

    assert not session.finished
    assert "End of input: 1 question not answered." in shown


@pytest.mark.parametrize("mode", [Mode.PRACTICE, Mode.EXAM])
@pytest.mark.parametrize("question", [TRUE_FALSE, SINGLE, MULTIPLE], ids=["true-false", "single", "multiple"])
def test_a_line_of_megabytes_is_refused_by_its_length_echoed_short_and_asked_for_again(
    question: Question, mode: Mode
) -> None:
    """A file piped in by mistake: before, it was written back whole, twice, and took seconds."""
    probe = QuizSession([question], mode=mode, learner="ada", seed=3)
    session, shown = take(question, ["7" * 3_000_000, right_line(question, probe)], mode)

    assert len(shown) < 10_000  # not the 3,000,000 characters back
    assert "… (3,000,000 characters)" in shown  # the echo says how long the line was
    assert "This answer is 3,000,000 characters long; an answer may be at most 20,000." in shown
    assert session.finished
    assert f"Score: {question.points:g} / {question.points:g}" in shown  # asked again, even in an exam


def test_code_of_megabytes_is_refused_by_its_length_before_it_runs_and_asked_for_again() -> None:
    task = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
    session, shown = take(task, ["x = 1", "#" * 30_000, "."])  # no judge: nothing may run

    assert "This answer is 30,006 characters long; an answer may be at most 20,000." in shown
    assert shown.count("Type your code; end with a line holding a single '.'.") == 2
    assert session.answered == 0
    assert "End of input: 1 question not answered." in shown
