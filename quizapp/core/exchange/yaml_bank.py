"""Imported items as quiz files: one YAML file per category, in the shape ``quizapp validate`` accepts.

What a foreign bank lacks is filled in plainly and said so: an id made from the question's
name, ``difficulty: intermediate`` and the category's topic unless ``difficulty-...`` and
``topic-...`` tags say otherwise, and an explanation that asks the author for one.
"""

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from quizapp.core.bank.yaml_document import MAX_FILE_BYTES
from quizapp.core.errors import QuizAppError
from quizapp.core.exchange.items import (
    ChoiceItem,
    CodeRunnerItem,
    Concept,
    EssayItem,
    Item,
    LeftOut,
    NumericItem,
    ShortAnswerItem,
    TrueFalseItem,
)
from quizapp.core.model.fields import tolerance_problem
from quizapp.core.model.refused_characters import refused_characters

NO_EXPLANATION = "The imported question came with no explanation; write one."
"""The explanation of an imported question that had none (quizapp requires one)."""

_DIFFICULTIES = ("beginner", "intermediate", "advanced")


class ImportTargetError(QuizAppError):
    """The folder to import into already holds a file of the same name."""


def slug(text: str, fallback: str = "imported") -> str:
    """``text`` as a quizapp slug: lowercase letters and digits joined by single hyphens."""
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return made or fallback


def quiz_files(items: Sequence[Item]) -> tuple[dict[str, dict[str, Any]], list[LeftOut]]:
    """The items as quiz files (file name to contents), grouped by category, in order.

    Args:
        items: What a reader made of a foreign file.

    Returns:
        Each file's name (``01-<category>.yaml``, ...) and contents, and the items that
        quizapp cannot hold.
    """
    by_category: dict[str, list[dict[str, Any]]] = {}
    left_out: list[LeftOut] = []
    used: set[str] = set()
    for item in items:
        question = _question(item)
        if not isinstance(question, LeftOut) and (shown := _refused_in(question)):
            question = LeftOut(
                item.head.id, f"its text holds {shown}, which would act on a learner's terminal"
            )
        if isinstance(question, LeftOut):
            left_out.append(question)
            continue
        question_id = question["id"]
        number = 2
        while question["id"] in used:
            question["id"] = f"{question_id}-{number}"
            number += 1
        used.add(question["id"])
        by_category.setdefault(item.head.category, []).append(question)
    files = {
        f"{index:02d}-{slug(title)}.yaml": {"title": title, "questions": questions}
        for index, (title, questions) in enumerate(by_category.items(), start=1)
    }
    return files, left_out


def _refused_in(value: Any) -> str:
    """The characters no quiz text may hold (``refused_characters``) found anywhere in ``value``."""
    if isinstance(value, str):
        return refused_characters(value)
    parts = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return ", ".join(dict.fromkeys(shown for part in parts if (shown := _refused_in(part))))


def write_quiz_files(files: dict[str, dict[str, Any]], folder: Path) -> list[Path]:
    """Write ``files`` into ``folder`` (made if needed); never over an existing file.

    Raises:
        ImportTargetError: A file of one of the names is there already.
    """
    texts = {
        name: text for file_name, contents in files.items() for name, text in _fitting(file_name, contents)
    }
    folder.mkdir(parents=True, exist_ok=True)
    if taken := [name for name in texts if (folder / name).exists()]:
        raise ImportTargetError(f"{folder / taken[0]} exists already; import into an empty folder")
    written = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _fitting(name: str, contents: dict[str, Any]) -> list[tuple[str, str]]:
    """Render a quiz file, split into parts (``01-x-1.yaml``, ...) where it would be too large.

    The bank loader refuses a file over ``MAX_FILE_BYTES``; the import never writes one.
    """
    text = dump_yaml(contents)
    size = len(text.encode("utf-8"))
    if size <= MAX_FILE_BYTES:
        return [(name, text)]
    questions = contents["questions"]
    parts = max(2, math.ceil(size / (MAX_FILE_BYTES * 0.9)))
    while parts <= len(questions):
        step = math.ceil(len(questions) / parts)
        chunks = [questions[start : start + step] for start in range(0, len(questions), step)]
        stem = name.removesuffix(".yaml")
        rendered = [
            (
                f"{stem}-{number}.yaml",
                dump_yaml(contents | {"title": f"{contents['title']} ({number})", "questions": chunk}),
            )
            for number, chunk in enumerate(chunks, start=1)
        ]
        if all(len(part.encode("utf-8")) <= MAX_FILE_BYTES for _, part in rendered):
            return rendered
        parts *= 2
    raise ImportTargetError(
        f"a question of {name} alone is larger than the "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MiB a quiz file may hold"
    )


_FastestDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it: some 10 times faster than the pure-Python one, which
took 2.4 ms a question (half a minute for an import of 12,000)."""


class _BlockDumper(_FastestDumper):  # type: ignore[valid-type,misc]
    """Multi-line text as ``|`` blocks, the way authors write prompts and code."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text and not any(line != line.rstrip() for line in text.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BlockDumper.add_representer(str, _text)


def dump_yaml(contents: dict[str, Any]) -> str:
    """A quiz file's contents as YAML text."""
    return yaml.dump(contents, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


def _tagged(tags: Sequence[str], prefix: str) -> str | None:
    return next((tag.removeprefix(prefix) for tag in tags if tag.startswith(prefix)), None)


def _common(item: Item) -> dict[str, Any]:
    head = item.head
    difficulty = _tagged(head.tags, "difficulty-")
    topic = _tagged(head.tags, "topic-")
    other = [slug(tag) for tag in head.tags if not tag.startswith(("difficulty-", "topic-"))]
    question: dict[str, Any] = {
        "id": slug(head.id, "question"),
        "type": "",
        "topic": slug(topic or head.category),
        "difficulty": difficulty if difficulty in _DIFFICULTIES else "intermediate",
        "prompt": head.prompt or head.id,
    }
    if other:
        question["tags"] = list(dict.fromkeys(other))
    if head.points != 1.0 and 0 < head.points <= 100:
        question["points"] = head.points
    if head.hints:
        question["hints"] = list(head.hints)
    question["explanation"] = head.explanation or NO_EXPLANATION
    return question


def _question(item: Item) -> dict[str, Any] | LeftOut:
    question = _common(item)
    match item:
        case ChoiceItem():
            return _choices(item, question)
        case TrueFalseItem():
            return question | {"type": "true_false", "answer": item.answer}
        case NumericItem():
            if problem := tolerance_problem(item.answer, item.tolerance):
                return LeftOut(item.head.id, f"its tolerance is too wide to grade by: {problem}")
            return question | {"type": "numeric", "answer": item.answer, "abs_tol": item.tolerance}
        case ShortAnswerItem():
            question |= {"type": "short_text", "accepted": list(item.accepted)}
            if item.pattern:
                question["pattern"] = item.pattern
            return question | {"case_sensitive": item.case_sensitive} if item.case_sensitive else question
        case EssayItem() if item.concepts:
            model_answer = item.model_answer or item.head.explanation or NO_EXPLANATION
            explain = {"type": "explain", "concepts": [_concept(c) for c in item.concepts]}
            explain["model_answer"] = model_answer
            if item.samples:
                explain["samples"] = [{"answer": s.answer, "hits": list(s.hits)} for s in item.samples]
            return question | explain
        case EssayItem() if item.model_answer:
            # No concepts to score it by: a card the learner turns and rates, the model answer on its back.
            card = {key: value for key, value in question.items() if key != "prompt"}
            return card | {"type": "flashcard", "front": question["prompt"], "back": item.model_answer}
        case EssayItem():
            return LeftOut(item.head.id, "an essay with neither concepts nor a model answer cannot be scored")
        case CodeRunnerItem():
            return LeftOut(
                item.head.id, "code runner questions are not imported (their tests are not quizapp's)"
            )


def _concept(concept: Concept) -> dict[str, Any]:
    """A concept as a quiz file holds it: its id and steps in order only when it has them."""
    made: dict[str, Any] = {"id": concept.id} if concept.id else {}
    made |= {"name": concept.name, "phrases": list(concept.phrases)}
    if concept.order:
        made["order"] = [list(step) for step in concept.order]
    if concept.about:
        made["about"] = list(concept.about)
    return made


def _choices(item: ChoiceItem, question: dict[str, Any]) -> dict[str, Any] | LeftOut:
    ids = [slug(option.key, "") if option.key else "" for option in item.options]
    if len(set(ids)) != len(ids) or "" in ids:
        ids = [f"choice-{number}" for number in range(1, len(item.options) + 1)]
    choices = []
    for choice_id, option in zip(ids, item.options, strict=True):
        choice = {"id": choice_id, "text": option.text or "(empty)"}
        if option.feedback:
            choice["feedback"] = option.feedback
        choices.append(choice)
    right = [choice_id for choice_id, option in zip(ids, item.options, strict=True) if option.fraction > 0]
    if not right:
        return LeftOut(item.head.id, "no choice is worth any marks")
    full = [choice_id for choice_id, option in zip(ids, item.options, strict=True) if option.fraction >= 1.0]
    if item.single and len(full) == 1:
        return question | {
            "type": "single_choice",
            "choices": choices,
            "answer": full[0],
            "shuffle": item.shuffle,
        }
    return question | {
        "type": "multiple_select",
        "choices": choices,
        "answer": right,
        "shuffle": item.shuffle,
    }
