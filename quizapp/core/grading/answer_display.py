"""Answer keys and learners' raw answers as text a person reads, for results and reviews."""

from collections.abc import Collection
from typing import assert_never

from quizapp.core.grading.answer_rules import FLASHCARD_CREDIT
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
    lab_choices,
)

NO_ANSWER = "(no answer)"
"""What an unanswered question shows as its answer."""


def _choice_text(choices: tuple[Choice, ...], choice_id: str) -> str:
    """The text of the choice called ``choice_id``; an unknown id is shown as typed."""
    return next((choice.text for choice in choices if choice.id == choice_id), choice_id)


def key_text(question: Question, key: str | None = None) -> str:
    """The key of a question as a learner reads it.

    Args:
        question: The question.
        key: For a parameterized code_output question, the key of the learner's variant;
            it wins over the question's written answer.

    Returns:
        The right choice's text (joined with "; " for several), "true" or "false", the
        number, the first accepted text, what the snippet prints, the exception's name, the
        model answer, the back of the card, the reference solution, or a lab question's
        right run or range of numbers. Empty for a
        parameterized code_output question whose variant key is not known.
    """
    match question:
        case SingleChoiceQuestion():
            return _choice_text(question.choices, question.answer)
        case MultipleSelectQuestion():
            return "; ".join(_choice_text(question.choices, choice_id) for choice_id in question.answer)
        case TrueFalseQuestion():
            return "true" if question.answer else "false"
        case NumericQuestion():
            return f"{question.answer:g}"
        case ShortTextQuestion():
            return question.accepted[0]
        case CodeOutputQuestion():
            return (key if key is not None else question.answer or "").rstrip()
        case CodeErrorQuestion():
            return question.answer
        case ExplainQuestion():
            return question.model_answer
        case FlashcardQuestion():
            return question.back
        case CodeTaskQuestion():
            return question.solution
        case LabPredictionQuestion() if question.answer_range is not None:
            return f"between {question.answer_range.min:g} and {question.answer_range.max:g}"
        case LabPredictionQuestion():
            return _choice_text(lab_choices(question), question.answer or "")
        case _:
            assert_never(question)


def answer_text(question: Question, answer: object) -> str:
    """A learner's raw answer as they would read it back.

    Args:
        question: The question answered.
        answer: The raw answer as stored: None (unanswered), a choice id, a list of choice
            ids, a bool, a flashcard rating or typed text.

    Returns:
        "(no answer)" for None; choices' texts (joined with "; ", an unknown id as typed);
        "true" or "false"; the rating word of a flashcard; any other text as typed, stripped.
    """
    if answer is None:
        return NO_ANSWER
    if isinstance(answer, bool):
        return "true" if answer else "false"
    choices: tuple[Choice, ...] = ()
    if isinstance(question, (SingleChoiceQuestion, MultipleSelectQuestion)):
        choices = question.choices
    elif isinstance(question, LabPredictionQuestion):
        choices = lab_choices(question)
    if isinstance(answer, str):
        typed = answer.strip()
        if isinstance(question, FlashcardQuestion) and typed.casefold() in FLASHCARD_CREDIT:
            return typed.casefold()
        return _choice_text(choices, typed) if choices else typed
    if isinstance(answer, Collection):
        return "; ".join(_choice_text(choices, str(item).strip()) for item in answer)
    return str(answer)
