"""Patterns across a bank that let a test-wise learner guess keys without knowing the subject."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from quizapp.core.bank.give_aways import find_give_aways, mutual_give_aways
from quizapp.core.model.code_questions import NO_ERROR, CodeErrorQuestion
from quizapp.core.model.questions import MultipleSelectQuestion, Question, SingleChoiceQuestion


@dataclass(frozen=True, slots=True)
class FairnessLimits:
    """How far each exploitable pattern may go before it is reported."""

    longest_key_share: float = 0.40
    """At most this share of single-choice questions may have the key as their longest option."""
    longest_key_ratio: float = 1.25
    """No key may be longer than this multiple of its longest distractor."""
    answer_count_share: float = 0.5
    """No count of correct options may hold in more than this share of multiple-select questions."""
    no_error_share: float = 0.35
    """At most this share of code_error questions with options may have "no error" as their key."""
    minimum_sample: int = 5
    """A share is judged only over at least this many questions of its kind."""


def fairness_findings(
    questions: Iterable[Question],
    limits: FairnessLimits | None = None,
    *,
    place_of: Callable[[str], object | None] | None = None,
) -> list[str]:
    """Describe every pattern in ``questions`` that goes past ``limits``, one sentence each.

    Args:
        questions: The questions of a bank, in any order.
        limits: The limits to hold them to; the defaults when omitted.
        place_of: Where a question id is written (e.g. ``Bank.place_of``), to name it in
            findings about single questions; ids alone when omitted.

    Returns:
        Sentences for an author, naming the questions involved; empty when the bank is fair.
    """
    limits = limits or FairnessLimits()
    questions = tuple(questions)
    single = [q for q in questions if isinstance(q, SingleChoiceQuestion)]
    select = [q for q in questions if isinstance(q, MultipleSelectQuestion)]
    errors = [q for q in questions if isinstance(q, CodeErrorQuestion) and q.options]
    return [
        *_key_length_findings(single, limits),
        *_answer_count_findings(select, limits),
        *_no_error_findings(errors, limits),
        *_mutual_give_away_findings(questions, place_of),
    ]


def key_length_ratio(question: SingleChoiceQuestion) -> float:
    """Return the key's length divided by the length of the longest other option."""
    key = next(choice for choice in question.choices if choice.id == question.answer)
    longest_other = max(len(choice.text) for choice in question.choices if choice.id != question.answer)
    return len(key.text) / longest_other


def _key_length_findings(single: list[SingleChoiceQuestion], limits: FairnessLimits) -> Iterator[str]:
    if len(single) < limits.minimum_sample:
        return
    for question in single:
        ratio = key_length_ratio(question)
        if ratio > limits.longest_key_ratio:
            yield (
                f"{question.id}: the key is {ratio:.2f}x as long as the longest distractor "
                f"(at most {limits.longest_key_ratio:g}x); lengthen a distractor or shorten the key"
            )
    longest = [question.id for question in single if key_length_ratio(question) > 1]
    if len(longest) > limits.longest_key_share * len(single):
        yield (
            f"the key is the longest option in {len(longest)} of {len(single)} single-choice questions "
            f"(at most {limits.longest_key_share:.0%}): {', '.join(longest)}"
        )


def _answer_count_findings(select: list[MultipleSelectQuestion], limits: FairnessLimits) -> Iterator[str]:
    if len(select) < limits.minimum_sample:
        return
    counts = Counter(len(question.answer) for question in select)
    for count, times in sorted(counts.items()):
        if times > limits.answer_count_share * len(select):
            yield (
                f"{times} of {len(select)} multiple-select questions have exactly {count} correct "
                f"options (at most {limits.answer_count_share:.0%} may share a count)"
            )


def _no_error_findings(errors: list[CodeErrorQuestion], limits: FairnessLimits) -> Iterator[str]:
    if len(errors) < limits.minimum_sample:
        return
    no_error = [question.id for question in errors if question.answer == NO_ERROR]
    if len(no_error) > limits.no_error_share * len(errors):
        yield (
            f"'{NO_ERROR}' is the key of {len(no_error)} of {len(errors)} code_error questions with "
            f"options (at most {limits.no_error_share:.0%}): {', '.join(no_error)}"
        )


def _mutual_give_away_findings(
    questions: tuple[Question, ...], place_of: Callable[[str], object | None] | None
) -> Iterator[str]:
    """Questions that show each other's answers: no quiz order can ask one before the other."""
    found = find_give_aways(questions)
    for group in mutual_give_aways(found):
        members = set(group)
        shown = "; ".join(
            f"{one.giver} shows `{one.name}`, the answer of {one.asker}"
            for one in found
            if one.giver in members and one.asker in members
        )
        named = ", ".join(
            f"{qid} ({place})" if place_of and (place := place_of(qid)) else qid for qid in group
        )
        yield (
            f"{named} give each other's answers away, so no quiz order asks them fairly ({shown}); "
            "reword one, or declare them same_fact_as"
        )
