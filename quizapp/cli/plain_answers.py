"""Plain mode's answer shapes: the prompt each kind of question asks with, and typed text as an answer."""

from typing import assert_never

from quizapp.core.grading.answer_rules import FLASHCARD_CREDIT, grade_true_false, parse_number
from quizapp.core.grading.answer_size import quoted, too_long_sentence
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

END_OF_LINES = "."
"""A line holding only this (spaces around it allowed) ends an answer of several lines."""


def answer_spans_lines(question: Question) -> bool:
    """Whether the answer to ``question`` is typed as several lines: a print whose key holds a line break.

    The full-screen app decides its answer box by the same rule
    (``quizapp.tui.widgets.answer_factory``), so both ask for the same shape. In an exact
    comparison a line break between prints counts, so such a key cannot be typed on one line.
    A parameterized question has no written key (each variant's is run when it is graded)
    and is asked for on one line, as in the full-screen app.
    """
    return (
        isinstance(question, CodeOutputQuestion)
        and question.answer is not None
        and "\n" in question.answer.strip()
    )


def ask_text(question: Question) -> str:
    """The prompt for an answer to ``question``: what to type, and how to ask for a hint or skip."""
    match question:
        case MultipleSelectQuestion():
            return "Your choices (numbers, separated by spaces; ? for a hint, Enter to skip):"
        case TrueFalseQuestion():
            return "True or false? (t/f; ? for a hint, Enter to skip):"
        case FlashcardQuestion():
            return f"How well did you know it? ({'/'.join(FLASHCARD_CREDIT)}; Enter to skip):"
        case CodeOutputQuestion() if answer_spans_lines(question):
            return (
                f"What does it print? (several lines; end with a line holding only {END_OF_LINES!r}; "
                "? for a hint, Enter to skip):"
            )
        case CodeOutputQuestion():
            return "What does it print? (one line; ? for a hint, Enter to skip):"
        case NumericQuestion():
            return "Your number (e.g. 0.5 or 1e-3; ? for a hint, Enter to skip):"
        case CodeErrorQuestion():
            return "The exception's class name, or 'no error' (? for a hint, Enter to skip):"
        case SingleChoiceQuestion():
            return "Your choice (its number; ? for a hint, Enter to skip):"
        case LabPredictionQuestion() if question.answer_range is None:
            return "Which run? (its number; ? for a hint, Enter to skip):"
        case LabPredictionQuestion():
            return "Your prediction, a number (? for a hint, Enter to skip):"
        case ShortTextQuestion() | ExplainQuestion() | CodeTaskQuestion():
            return "Your answer (? for a hint, Enter to skip):"
        case _:
            assert_never(question)


def shaped(question: Question, shown: tuple[Choice, ...], typed: str) -> object:
    """The answer ``typed`` in the shape the session takes: choice ids for choices, else the text."""
    if isinstance(question, SingleChoiceQuestion | LabPredictionQuestion) and shown:
        return _choice_id(shown, typed)
    if isinstance(question, MultipleSelectQuestion):
        return [_choice_id(shown, part) for part in typed.replace(",", " ").split()]
    return typed


def refusal(question: Question, shown: tuple[Choice, ...], typed: str) -> str | None:
    """Why ``typed`` cannot be taken as an answer to ``question`` (it is then asked for again), or None.

    Only answers of the wrong shape are refused, never wrong ones: a rating that is not one,
    a number that is not a number, a word that is neither true nor false, a choice that is
    not on the list; and an answer longer than any is graded.
    """
    if (why := too_long_sentence(typed)) is not None:
        return why
    if isinstance(question, FlashcardQuestion):
        if typed.casefold() not in FLASHCARD_CREDIT:
            return f"{quoted(typed)} is not a rating; type one of {', '.join(FLASHCARD_CREDIT)}."
        return None
    if takes_a_number(question):
        if parse_number(typed) is None:
            return f"{quoted(typed.strip())} is not a number: type one like 0.5, 2 or 1e-3."
        return None
    if isinstance(question, TrueFalseQuestion):
        if grade_true_false(question, typed).feedback:  # the grader's own reading of the word
            return f"{quoted(typed.strip())} is neither true nor false: type t or f."
        return None
    if isinstance(question, SingleChoiceQuestion | LabPredictionQuestion | MultipleSelectQuestion) and shown:
        parts = typed.replace(",", " ").split() if isinstance(question, MultipleSelectQuestion) else [typed]
        unknown = [part.strip() for part in parts if _choice_id(shown, part) not in {c.id for c in shown}]
        if unknown or not parts:
            which = ", ".join(repr(part) for part in unknown) or repr(typed)
            return f"{which} is not one of the choices: type a number from 1 to {len(shown)}."
    return None


def takes_a_number(question: Question) -> bool:
    """Whether the question's answer is a number (asked for again when it is not one)."""
    if isinstance(question, LabPredictionQuestion):
        return question.answer_range is not None
    return isinstance(question, NumericQuestion)


def _choice_id(shown: tuple[Choice, ...], typed: str) -> str:
    """Accept a choice's number as shown, or its id."""
    typed = typed.strip().rstrip(")")
    if typed.isdigit() and 1 <= int(typed) <= len(shown):
        return shown[int(typed) - 1].id
    return typed
