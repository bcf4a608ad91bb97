"""Which questions give away another's answer: a name one question asks for, shown by another.

A question *asks for a name* when its key is a code name the learner must recall: a
short_text answer such as ``error_if_nonfinite``, a choice whose whole text is a name
(`` `clip_grad_value_` ``), a code_error's exception class. A name here is an identifier of
at least four characters that reads as code: it holds an underscore (``unscale_``) or joins
words in CamelCase (``FutureWarning``). A short_text answer of two or more plain words
("in place", "exploding gradients") is traced as a *phrase*, in any letter case, with
hyphens or spaces between its words ("in-place"). Single plain words ("norm", "inplace")
and numbers are not traced: they cannot be told apart from ordinary prose.

Another question *gives that name away* when any text a learner may see of it (prompt,
code, choices and their feedback, hints, explanation, its own key) mentions the name as a
whole identifier (a phrase as whole words). Explanations and feedback count because
practice mode shows them before the next question. Three things keep the rule honest:

- a name the asking question shows before its answer (in its prompt, code or another
  option) is not one it asks the learner to recall;
- a name that is the key of two or more questions that do not test the same fact is common
  vocabulary (eight snippets raise ``RuntimeError``): seeing it says nothing about which
  question it answers;
- questions declared to test the same fact (``same_fact_as``) are never drawn into one quiz,
  so they are not compared.

Pure functions over the question models; the session orders quizzes with them
(``core.session.reveal_order``) and ``validate`` reports give-aways no order can fix.
"""

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core.model.code_questions import NO_ERROR, CodeErrorQuestion, CodeOutputQuestion
from quizapp.core.model.questions import (
    Choice,
    MultipleSelectQuestion,
    Question,
    ShortTextQuestion,
    SingleChoiceQuestion,
)

MIN_NAME_LENGTH = 4
"""Shorter identifiers (``inf``, ``lr``) are too common to trace."""
MIN_PHRASE_WORDS = 2
"""A short_text answer of fewer plain words is not traced as a phrase."""

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_CAMEL = re.compile(r"[a-z0-9][A-Z]")
_CALL_OR_VALUE = re.compile(r"\s*(\(.*\)|=.*)$")
_PLAIN_WORDS = re.compile(r"[A-Za-z]+(?:[\s-]+[A-Za-z]+)*")

HIDDEN_FIELDS = frozenset(
    {"id", "type", "topic", "tags", "difficulty", "points", "pattern", "case_sensitive"}
    | {"normalize_whitespace", "shuffle", "timeout", "devices", "compare", "abs_tol", "rel_tol"}
    | {"message_contains", "parameters", "check", "solution", "concepts", "samples", "measure", "pick"}
)
"""Fields a learner never reads in a session; every other text of a question counts as shown."""


@dataclass(frozen=True, slots=True)
class GiveAway:
    """One question showing a name that another asks the learner to recall."""

    giver: str
    """The id of the question that shows the name."""
    asker: str
    """The id of the question whose key the name is."""
    name: str
    """The name, e.g. ``error_if_nonfinite``."""


def is_name(token: str) -> bool:
    """Whether ``token`` reads as a code name: long enough, with an underscore or in CamelCase."""
    return len(token) >= MIN_NAME_LENGTH and ("_" in token or _CAMEL.search(token) is not None)


def name_in(text: str) -> str | None:
    """The name a short answer consists of, or None when it is not a lone name.

    Backticks, a call's arguments and ``=value`` are ignored, and a dotted path gives its last
    part: ``torch.nn.utils.clip_grad_value_`` and `` `unscale_(opt)` `` name
    ``clip_grad_value_`` and ``unscale_``.
    """
    bare = _CALL_OR_VALUE.sub("", text.strip().strip("`").strip())
    if not _DOTTED.fullmatch(bare):
        return None
    last = bare.rsplit(".", 1)[-1]
    return last if is_name(last) else None


def phrase_in(text: str) -> str | None:
    """The phrase a short answer of plain words is ("in-place" is ``in place``), or None.

    Only letters, spaces and hyphens, and at least two words; letter case is ignored.
    """
    if not _PLAIN_WORDS.fullmatch(text.strip()):
        return None
    words = re.findall(r"[a-z]+", text.casefold())
    return " ".join(words) if len(words) >= MIN_PHRASE_WORDS else None


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` holds ``name`` as a whole identifier (``x.unscale_`` holds ``unscale_``).

    A phrase (a name with a space) is matched as whole words in any case, hyphens or spaces
    between them: "In-place" holds ``in place``.
    """
    return _whole_name(name).search(text) is not None


@functools.lru_cache(maxsize=1024)
def _whole_name(name: str) -> re.Pattern[str]:
    if " " in name:
        words = r"[\s-]+".join(re.escape(word) for word in name.split())
        return re.compile(rf"(?<![A-Za-z0-9_]){words}(?![A-Za-z0-9_])", re.IGNORECASE)
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")


def asked_names(question: Question) -> frozenset[str]:
    """The names ``question``'s key asks the learner to recall (empty for most questions)."""
    key, others = _key_and_others(question)
    names = {name for text in key if (name := name_in(text)) is not None}
    if isinstance(question, ShortTextQuestion):  # typed from memory: plain phrases count too
        names |= {phrase for text in key if (phrase := phrase_in(text)) is not None}
    if not names:
        return frozenset()
    code = question.code if isinstance(question, (CodeOutputQuestion, CodeErrorQuestion)) else ""
    before = (question.prompt, code, *others)  # what it shows before the answer
    return frozenset(name for name in names if not any(mentions(text, name) for text in before))


def shown_texts(question: Question) -> tuple[str, ...]:
    """Every text a learner may read of ``question`` in a session, before or after answering."""
    return tuple(_strings({k: v for k, v in question.model_dump().items() if k not in HIDDEN_FIELDS}))


def common_names(questions: Iterable[Question]) -> frozenset[str]:
    """Names that answer several questions not declared to test one fact: common vocabulary."""
    questions = tuple(questions)
    askers: dict[str, list[Question]] = {}
    for question in questions:
        for name in asked_names(question):
            askers.setdefault(name, []).append(question)
    return frozenset(name for name, group in askers.items() if _facts(group) > 1)


def find_give_aways(questions: Sequence[Question], *, common: frozenset[str] | None = None) -> list[GiveAway]:
    """Every pair in ``questions`` where one shows a name the other asks for.

    Args:
        questions: The questions to compare (a quiz, or a whole bank).
        common: Names not to trace; by default the common vocabulary of ``questions``
            themselves. A quiz should pass its bank's, so that a name common in the bank
            is not traced just because a quiz drew one of its questions.

    Returns:
        One ``GiveAway`` per (giver, asker, name), pairs declared ``same_fact_as`` left out.
    """
    common = common_names(questions) if common is None else common
    found: list[GiveAway] = []
    texts: dict[str, str] = {}  # each giver's texts, joined once by a character no name or phrase spans
    for asker in questions:
        for name in sorted(asked_names(asker) - common):
            for giver in questions:
                if giver.id == asker.id or same_fact(giver, asker):
                    continue
                shown = texts.get(giver.id)
                if shown is None:
                    shown = texts[giver.id] = "\0".join(shown_texts(giver))
                if mentions(shown, name):
                    found.append(GiveAway(giver.id, asker.id, name))
    return found


def same_fact(first: Question, second: Question) -> bool:
    """Whether either question declares that the other tests the same fact."""
    return second.id in first.same_fact_as or first.id in second.same_fact_as


def mutual_give_aways(give_aways: Iterable[GiveAway]) -> list[list[str]]:
    """Groups of questions that give each other's answers away, so no order asks them fairly.

    Returns:
        Each strongly connected group of two or more question ids, sorted; groups in order.
    """
    edges: dict[str, set[str]] = {}
    for found in give_aways:
        edges.setdefault(found.giver, set()).add(found.asker)
        edges.setdefault(found.asker, set())
    return sorted(sorted(group) for group in _strongly_connected(edges) if len(group) > 1)


def _key_and_others(question: Question) -> tuple[list[str], list[str]]:
    """The texts of ``question``'s key, and of the other options it offers."""
    match question:
        case ShortTextQuestion():
            return list(question.accepted), []
        case SingleChoiceQuestion() | MultipleSelectQuestion():
            keys = {question.answer} if isinstance(question.answer, str) else set(question.answer)
            return _split(question.choices, keys)
        case CodeErrorQuestion() if question.answer != NO_ERROR:
            return [question.answer], [option for option in question.options if option != question.answer]
        case _:  # numbers, printed output, flashcards' backs, explanations: not names
            return [], []


def _split(choices: Sequence[Choice], keys: set[str]) -> tuple[list[str], list[str]]:
    key = [choice.text for choice in choices if choice.id in keys]
    return key, [choice.text for choice in choices if choice.id not in keys]


def _strings(value: Any) -> Iterator[str]:
    """Every string inside ``value``, a dumped model's nested dicts, lists and tuples."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _facts(questions: list[Question]) -> int:
    """How many different facts ``questions`` test (questions declared the same fact count once)."""
    return sum(
        1 for at, question in enumerate(questions) if not any(same_fact(question, o) for o in questions[:at])
    )


def _strongly_connected(edges: Mapping[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of a small directed graph, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(edges[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups
