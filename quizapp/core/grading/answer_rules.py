"""Grading: one pure function per question type, turning a raw answer into a score.

Every function takes the question and the learner's raw answer (as typed or chosen) and
returns a :class:`Grade` whose ``fraction`` is in [0, 1]; points, hint penalties and time
limits are applied afterwards by :func:`score`, the one scoring policy. code_task answers
are graded by running them (``quizapp.core.grading.code_judge``), so they are not here.
"""

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import assert_never

from quizapp.core.grading.answer_size import quoted
from quizapp.core.grading.concept_matching import concepts_earned, normalized, question_words
from quizapp.core.grading.printed_output import outputs_match, same_exception, spacing_ignored
from quizapp.core.grading.typed_text import hedge_words, plain_text
from quizapp.core.model.code_questions import NO_ERROR, CodeErrorQuestion, CodeOutputQuestion
from quizapp.core.model.questions import (
    ExplainQuestion,
    FlashcardQuestion,
    GradableQuestion,
    LabPredictionQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

HINT_PENALTY = 0.1
"""Fraction of a question's points each hint used costs."""
MOST_HINT_PENALTY = 0.5
"""Hints never cost more than this fraction of the points."""
FLASHCARD_CREDIT = {"again": 0.0, "hard": 0.5, "good": 1.0, "easy": 1.0}
"""What each self-rating of a flashcard is worth."""

MOST_MATCHED_CHARS = 1000
"""A short_text answer longer than this is never matched against a pattern, so no pattern runs long."""

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


@dataclass(frozen=True, slots=True)
class Grade:
    """How right an answer is, before points and penalties."""

    fraction: float
    """From 0 (wrong) to 1 (fully right)."""
    feedback: str = ""
    """What to tell the learner beyond the explanation (a choice's own feedback, say)."""
    found: tuple[str, ...] = field(default=())
    """For explain questions: the concepts the answer mentions."""
    missed: tuple[str, ...] = field(default=())
    """For explain questions: the concepts it does not."""

    @property
    def correct(self) -> bool:
        """Whether the answer earns full credit."""
        return self.fraction >= 1.0


def grade_single_choice(question: SingleChoiceQuestion, answer: str) -> Grade:
    """Full credit for the key's choice id, none otherwise; the chosen choice's feedback."""
    chosen = next((choice for choice in question.choices if choice.id == answer.strip()), None)
    if chosen is None:
        return Grade(0.0, f"{quoted(answer)} is not one of the choices.")
    return Grade(1.0 if chosen.id == question.answer else 0.0, chosen.feedback or "")


def select_weights(question: MultipleSelectQuestion) -> tuple[float, float]:
    """What one pick is worth: (credit for a right choice, penalty for a wrong one).

    A right pick earns 1/k and a wrong pick costs 1/(n - k), for k right choices of n, so
    picking every choice (or none) earns 0 and picking at random earns 0 on average. A
    question whose every choice is right has no wrong pick to cost anything.
    """
    right = len(question.answer)
    wrong = len(question.choices) - right
    return 1.0 / right, (1.0 / wrong if wrong else 0.0)


def grade_multiple_select(question: MultipleSelectQuestion, answer: Collection[str]) -> Grade:
    """Partial credit: +1/k per right pick, -1/(n - k) per wrong pick (``select_weights``), never below 0."""
    picked = {item.strip() for item in answer}
    key = set(question.answer)
    known = {choice.id for choice in question.choices}
    right, wrong = len(picked & key), len(picked & known - key)
    credit, penalty = select_weights(question)
    fraction = 1.0 if right == len(key) and not wrong else max(0.0, right * credit - wrong * penalty)
    unknown = sorted(picked - known)
    named = ", ".join(quoted(choice) for choice in unknown[:5]) + (", …" if len(unknown) > 5 else "")
    feedback = f"Unknown choice(s): {named}." if unknown else ""
    if not unknown and fraction < 1.0:
        feedback = _select_feedback(right, wrong, len(key), len(known) - len(key))
    return Grade(fraction, feedback)


def _select_feedback(right: int, wrong: int, rights: int, wrongs: int) -> str:
    """Say what was picked and the rule that scored it, in the learner's terms."""

    def share(count: int) -> str:
        return "all the points" if count == 1 else f"1/{count} of the points"

    rule = f"each right pick earns {share(rights)}"
    if wrongs:
        rule += f", each wrong pick costs {share(wrongs)}, never below 0"
    return f"{right} of {rights} right choices picked, {wrong} of {wrongs} wrong ones ({rule})."


def grade_true_false(question: TrueFalseQuestion, answer: bool | str) -> Grade:
    """Accept a boolean or the usual words for one (true/false, yes/no, t/f, 1/0)."""
    if isinstance(answer, str):
        word = answer.strip().casefold()
        if word not in _TRUE | _FALSE:
            return Grade(0.0, f"{quoted(answer)} is neither true nor false.")
        answer = word in _TRUE
    return Grade(1.0 if answer == question.answer else 0.0)


def parse_number(text: str) -> float | None:
    """Read a typed number: "10", "10.0", "1e1", " -3.5 ", "1_000"; None if it is not one."""
    try:
        value = float(text.strip().replace("_", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def grade_numeric(question: NumericQuestion, answer: str) -> Grade:
    """Full credit within the question's absolute or relative tolerance."""
    value = parse_number(answer)
    if value is None:
        return Grade(0.0, f"{quoted(answer)} is not a number.")
    close = math.isclose(value, question.answer, rel_tol=question.rel_tol, abs_tol=question.abs_tol)
    return Grade(1.0 if close else 0.0)


def grade_lab_prediction(question: LabPredictionQuestion, answer: str) -> Grade:
    """A run's id: right when it is the key's run; a number: right when it lies in the key's range."""
    if question.answer_range is None:
        picked = next((run for run in question.runs if run.id == answer.strip()), None)
        if picked is None:
            return Grade(0.0, f"{quoted(answer)} is not one of the runs.")
        return Grade(1.0 if picked.id == question.answer else 0.0, picked.feedback or "")
    value = parse_number(answer)
    if value is None:
        return Grade(0.0, f"{quoted(answer)} is not a number.")
    low, high = question.answer_range.min, question.answer_range.max
    return Grade(1.0 if low <= value <= high else 0.0)


def _normal(text: str, *, case_sensitive: bool, whitespace: bool) -> str:
    text = plain_text(text)
    if whitespace:
        text = " ".join(text.split())
    return text if case_sensitive else text.casefold()


def grade_short_text(question: ShortTextQuestion, answer: str) -> Grade:
    """Full credit when the normalised answer equals an accepted one, or matches the pattern plainly.

    Both sides are read with ``plain_text`` (a typographic apostrophe reads as ``'``). An answer
    that only the pattern accepts earns nothing when it also hedges or negates ("either in place
    or out of place", "not in place", "maybe"), unless an accepted answer uses that word itself,
    or when it is over ``MOST_MATCHED_CHARS`` long (so no pattern can run long).
    """
    options = {"case_sensitive": question.case_sensitive, "whitespace": question.normalize_whitespace}
    typed = _normal(answer, **options)
    if any(typed == _normal(accepted, **options) for accepted in question.accepted):
        return Grade(1.0)
    if question.pattern is None:
        return Grade(0.0)
    subject = typed if question.normalize_whitespace else plain_text(answer)
    if len(subject) > MOST_MATCHED_CHARS:  # what any pattern might take long over
        return Grade(0.0, f"Not compared: an answer is at most {MOST_MATCHED_CHARS:,} characters long.")
    if not re.fullmatch(question.pattern, subject, 0 if question.case_sensitive else re.IGNORECASE):
        return Grade(0.0)
    authored = {word for accepted in question.accepted for word in hedge_words(plain_text(accepted))}
    hedges = [word for word in hedge_words(typed) if word not in authored]
    if hedges:
        named = ", ".join(f'"{word}"' for word in hedges)
        return Grade(0.0, f"Not counted: {named} hedges or negates the answer; give one answer, plainly.")
    return Grade(1.0)


def grade_code_output(question: CodeOutputQuestion, answer: str, key: str | None = None) -> Grade:
    """Compare as the question says (text, or numbers within tolerance) with its key.

    Text is compared line by line with the spacing PyTorch adds to align numbers ignored:
    ``tensor([nan, 1., -1.])`` is right where PyTorch printed ``tensor([nan,  1., -1.])``.

    Args:
        question: The question.
        answer: What the learner says the snippet prints.
        key: The key of the learner's variant, for a question with parameters.
    """
    expected = key if key is not None else question.answer
    if expected is None:
        raise ValueError(f"{question.id}: a parameterized question is graded against its variant's key")
    if question.compare == "exact":  # the text, but not PyTorch's alignment padding
        right = spacing_ignored(expected) == spacing_ignored(answer)
    else:
        right = outputs_match(
            expected, answer, mode="numbers", abs_tol=question.abs_tol, rel_tol=question.rel_tol
        )
    return Grade(1.0 if right else 0.0)


def grade_code_error(question: CodeErrorQuestion, answer: str) -> Grade:
    """Full credit for the exception's class name (qualified or not), or ``no error``."""
    typed = answer.strip()
    if typed.casefold() in {NO_ERROR, "none", "nothing"}:
        typed = NO_ERROR
    return Grade(1.0 if same_exception(question.answer, typed) else 0.0)


def grade_explain(question: ExplainQuestion, answer: str) -> Grade:
    """Credit = concepts earned / concepts (``quizapp.core.grading.concept_matching``'s rules).

    A concept is named by one of its phrases, used whole-word (common endings allowed, case
    and spacing ignored) and not negated in its clause ("no zero_grad needed" names nothing),
    or, if it has an ``order``, by a phrase of each step in that order ("backward, then clip").
    It is earned where the answer says it in a sentence: key words alone, or a clause of
    them, earn nothing.
    """
    text = normalized(answer)
    earned, listed = concepts_earned(question.concepts, text, question_words(question))
    total = len(question.concepts)
    if listed and not earned:
        everything = tuple(concept.name for concept in question.concepts)
        return Grade(
            0.0, f"0/{total} concepts: key words alone earn nothing, explain in sentences", (), everything
        )
    found = tuple(concept.name for concept in earned)
    missed = tuple(concept.name for concept in question.concepts if concept not in earned)
    feedback = f"{len(found)}/{total} concepts"
    if listed:
        feedback += " (key words in a list earn nothing: explain in sentences)"
    return Grade(len(found) / total, feedback, found, missed)


def grade_flashcard(question: FlashcardQuestion, rating: str) -> Grade:
    """A self-rating: again, hard, good or easy."""
    word = rating.strip().casefold()
    if word not in FLASHCARD_CREDIT:
        return Grade(0.0, f"{quoted(rating)} is not a rating; use again, hard, good or easy.")
    return Grade(FLASHCARD_CREDIT[word])


def score(points: float, grade: Grade, *, hints_used: int = 0, timed_out: bool = False) -> float:
    """The scoring policy: points x fraction, less a penalty per hint, nothing after a time-out.

    Each hint costs ``HINT_PENALTY`` of the points, up to ``MOST_HINT_PENALTY``; a question
    left unanswered when an exam's time ran out scores 0. Scores are rounded to 0.01.
    """
    if timed_out:
        return 0.0
    penalty = min(HINT_PENALTY * max(hints_used, 0), MOST_HINT_PENALTY)
    return round(points * grade.fraction * (1.0 - penalty), 2)


def grade_answer(question: GradableQuestion, answer: object, *, key: str | None = None) -> Grade:
    """Grade any question but a code_task (which must run): dispatch on the question's type.

    Args:
        question: The question answered.
        answer: The raw answer: a choice id, a list of ids, a bool or text, as the type needs.
        key: For a parameterized code_output question, the key of the learner's variant.

    Raises:
        TypeError: The answer has the wrong shape for the question type.
    """
    match question:
        case MultipleSelectQuestion():
            if isinstance(answer, str) or not isinstance(answer, Collection):
                raise TypeError("a multiple_select answer is a list of choice ids")
            return grade_multiple_select(question, [str(item) for item in answer])
        case TrueFalseQuestion():
            if not isinstance(answer, (bool, str)):
                raise TypeError("a true_false answer is true, false, or a word for one")
            return grade_true_false(question, answer)
        case _ if not isinstance(answer, str):
            raise TypeError(f"a {question.type} answer is text")
        case CodeOutputQuestion():
            return grade_code_output(question, answer, key)
        case SingleChoiceQuestion():
            return grade_single_choice(question, answer)
        case NumericQuestion():
            return grade_numeric(question, answer)
        case ShortTextQuestion():
            return grade_short_text(question, answer)
        case CodeErrorQuestion():
            return grade_code_error(question, answer)
        case ExplainQuestion():
            return grade_explain(question, answer)
        case FlashcardQuestion():
            return grade_flashcard(question, answer)
        case LabPredictionQuestion():
            return grade_lab_prediction(question, answer)
        case _:
            assert_never(question)
