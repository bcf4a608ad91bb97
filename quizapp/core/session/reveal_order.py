"""A quiz's order that asks for a name before any question shows it, and one question per fact.

Sessions shuffle their questions, so a question that shows ``error_if_nonfinite`` (in its
code, its choices or the explanation practice mode shows after it) could come before the one
that asks the learner to recall that name. ``recall_first`` moves each asking question ahead
of every question in the quiz that gives its answer away and otherwise keeps the shuffled
order; ``one_per_fact`` keeps a quiz from drawing two questions declared ``same_fact_as``.
Which question gives away which is ``core.bank.give_aways``.
"""

from collections.abc import Sequence

from quizapp.core.bank.give_aways import common_names, find_give_aways, mutual_give_aways
from quizapp.core.model.questions import Question


def one_per_fact(questions: Sequence[Question]) -> list[Question]:
    """``questions`` without any that tests the same fact as an earlier one (``same_fact_as``)."""
    kept: list[Question] = []
    kept_ids: set[str] = set()
    named_by_kept: set[str] = set()
    for question in questions:
        if question.id in named_by_kept or not kept_ids.isdisjoint(question.same_fact_as):
            continue
        kept.append(question)
        kept_ids.add(question.id)
        named_by_kept.update(question.same_fact_as)
    return kept


def recall_first(quiz: Sequence[Question], bank: Sequence[Question]) -> list[Question]:
    """Reorder ``quiz`` so that no question comes after one that gives its answer away.

    A stable topological order: each step takes the earliest question (in ``quiz``'s order)
    whose answer no question still waiting gives away. Questions that give each other's
    answers away (a cycle, which ``validate`` reports) keep their order.

    Args:
        quiz: The questions of one session, shuffled.
        bank: The whole bank, whose common vocabulary (``give_aways.common_names``) is not traced.

    Returns:
        The same questions, each before every question that shows the name it asks for.
    """
    must_follow: dict[str, set[str]] = {question.id: set() for question in quiz}
    found = find_give_aways(quiz, common=common_names(bank))
    cycle_of = {member: at for at, group in enumerate(mutual_give_aways(found)) for member in group}
    for one in found:
        if cycle_of.get(one.giver, -1) != cycle_of.get(one.asker, -2):  # within a cycle: as shuffled
            must_follow[one.giver].add(one.asker)  # the giver waits for the asker
    waiting = list(quiz)
    ordered: list[Question] = []
    while waiting:
        pending = {question.id for question in waiting}
        at = next((at for at, q in enumerate(waiting) if not must_follow[q.id] & pending), 0)
        ordered.append(waiting.pop(at))
    return ordered


def given_away_later(quiz: Sequence[Question], bank: Sequence[Question]) -> list[str]:
    """Say, for a quiz in a fixed order, each question asked after one that gives its answer away.

    Args:
        quiz: The questions in the order they will be asked (a grader's named assignment).
        bank: The whole bank, whose common vocabulary is not traced.

    Returns:
        One sentence per late question, e.g. "q2 asks for `unscale_`, which q1 (asked before it) shows".
    """
    position = {question.id: at for at, question in enumerate(quiz)}
    return [
        f"{found.asker} asks for `{found.name}`, which {found.giver} (asked before it) shows"
        for found in find_give_aways(quiz, common=common_names(bank))
        if position[found.giver] < position[found.asker]
    ]
