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

    The shuffled order is kept, except that a question asking for a name is pulled forward to
    just before the first question that shows it (and, in turn, whatever that one must
    follow). Questions that give each other's answers away (a cycle, which ``validate``
    reports) keep their order.

    Args:
        quiz: The questions of one session, shuffled.
        bank: The whole bank, whose common vocabulary (``give_aways.common_names``) is not traced.

    Returns:
        The same questions, each before every question that shows the name it asks for.
    """
    found = find_give_aways(quiz, common=common_names(bank))
    cycle_of = {member: at for at, group in enumerate(mutual_give_aways(found)) for member in group}
    by_id = {question.id: question for question in quiz}
    askers: dict[str, list[str]] = {question.id: [] for question in quiz}
    for one in found:
        if cycle_of.get(one.giver, -1) != cycle_of.get(one.asker, -2) and one.asker not in askers[one.giver]:
            askers[one.giver].append(one.asker)  # inside a cycle: left as shuffled
    rank = {question.id: at for at, question in enumerate(quiz)}
    placed: set[str] = set()
    ordered: list[Question] = []
    for question in quiz:
        stack = [question.id]  # depth first: a question's askers are placed before it
        while stack:
            current = stack[-1]
            on_path = set(stack)  # never loops, even on a cycle the filter above missed
            waiting = sorted((a for a in askers[current] if a not in placed | on_path), key=rank.__getitem__)
            if current in placed or not waiting:
                stack.pop()
                if current not in placed:
                    placed.add(current)
                    ordered.append(by_id[current])
            else:
                stack.append(waiting[0])
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
