"""Choose the answer widget for a question's type."""

from typing import assert_never

from quizapp.core.grading.answer_rules import parse_number
from quizapp.core.grading.answer_size import quoted
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.questions import (
    Choice,
    ExplainQuestion,
    FlashcardQuestion,
    LabPredictionQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    Question,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.choice_answer import ChoiceAnswer, MultiChoiceAnswer
from quizapp.tui.widgets.flashcard_answer import FlashcardAnswer
from quizapp.tui.widgets.text_answer import BlockAnswer, LineAnswer


def answer_widget(question: Question, choices: tuple[Choice, ...]) -> AnswerInput:
    """The widget to answer ``question`` with; ``choices`` in the order the session shows them."""
    match question:
        case SingleChoiceQuestion():
            return ChoiceAnswer([(choice.text, choice.id) for choice in choices], id="answer")
        case MultipleSelectQuestion():
            return MultiChoiceAnswer([(choice.text, choice.id) for choice in choices], id="answer")
        case TrueFalseQuestion():
            return ChoiceAnswer([("True", True), ("False", False)], id="answer")
        case CodeErrorQuestion() if question.options:
            return ChoiceAnswer([(option, option) for option in question.options], id="answer")
        case CodeErrorQuestion():
            return LineAnswer("The exception's class name (e.g. ValueError), or 'no error'.", id="answer")
        case CodeTaskQuestion():
            return BlockAnswer(question.starter, code=True, id="answer")
        case ExplainQuestion():
            return BlockAnswer(placeholder="Explain in your own words; Ctrl+S to submit.", id="answer")
        case FlashcardQuestion():
            return FlashcardAnswer(question.back, id="answer")
        case CodeOutputQuestion() if question.answer is not None and "\n" in question.answer.strip():
            return BlockAnswer(placeholder="Type each printed line; Ctrl+S to submit.", id="answer")
        case CodeOutputQuestion():
            return LineAnswer("What does it print? Enter to submit.", id="answer")
        case NumericQuestion():
            return LineAnswer(
                "A number, e.g. 0.5 or 1e-3. Enter to submit.", refuse=_not_a_number, id="answer"
            )
        case ShortTextQuestion():
            return LineAnswer("Your answer. Enter to submit.", id="answer")
        case LabPredictionQuestion() if question.answer_range is None:
            return ChoiceAnswer([(choice.text, choice.id) for choice in choices], id="answer")
        case LabPredictionQuestion():
            return LineAnswer(
                "Your prediction, a number. Enter to submit.", refuse=_not_a_number, id="answer"
            )
        case _:
            assert_never(question)


def _not_a_number(typed: str) -> str | None:
    """Why ``typed`` is not a number the grader can read, or None when it is one."""
    if parse_number(typed) is not None:
        return None
    return f"{quoted(typed.strip())} is not a number: type one like 0.5, 2 or 1e-3."
