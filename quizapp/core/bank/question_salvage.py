"""Keep the questions of a quiz file that stand on their own, so validate can check them too."""

import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from quizapp.core.bank.loaded_bank import LoadedQuiz, read_exactly
from quizapp.core.bank.problems import Problem
from quizapp.core.bank.quiz_file_loader import _validate_keeping_spelling
from quizapp.core.bank.yaml_document import MAX_FILE_BYTES, Position, YamlDocument
from quizapp.core.errors import YamlSourceError
from quizapp.core.model.questions import Question
from quizapp.core.model.quiz_file import QuizFile

_QUESTION_FIELD = re.compile(r"questions\[(\d+)\]")


@dataclass(frozen=True)
class PartialQuiz(LoadedQuiz):
    """Some of the questions of a quiz file, each still located where the file writes it.

    Checks number the questions they are given 0, 1, 2, ...; ``locate`` and
    ``renumbered`` turn those numbers back into the questions' indices in the file.
    """

    indices: tuple[int, ...]
    """For each question kept, its index in the file's ``questions``."""

    def locate(self, *parts: str | int) -> Position:
        """Return the (line, column) where the value at ``parts`` is written in the file."""
        if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
            parts = ("questions", self.indices[parts[1]], *parts[2:])
        return super().locate(*parts)


def written_index(loaded: LoadedQuiz, index: int) -> int:
    """Return the index in its file of the question ``loaded.quiz.questions[index]``."""
    return loaded.indices[index] if isinstance(loaded, PartialQuiz) else index


def keep_questions(loaded: LoadedQuiz, keep: Sequence[int]) -> LoadedQuiz:
    """Return ``loaded`` with only the questions at ``keep`` (indices into its questions)."""
    questions = loaded.quiz.questions
    quiz = loaded.quiz.model_copy(update={"questions": tuple(questions[index] for index in keep)})
    indices = tuple(written_index(loaded, index) for index in keep)
    return PartialQuiz(loaded.path, quiz, loaded.text, indices)


def renumbered(problems: Iterable[Problem], quizzes: Iterable[LoadedQuiz]) -> list[Problem]:
    """Rename ``questions[i]`` in the fields of problems found in ``quizzes`` as the file numbers it."""
    partial = {loaded.path: loaded for loaded in quizzes if isinstance(loaded, PartialQuiz)}
    result = []
    for problem in problems:
        loaded = partial.get(problem.path)
        match = _QUESTION_FIELD.match(problem.field)
        if loaded is None or match is None:
            result.append(problem)
            continue
        index = written_index(loaded, int(match.group(1)))
        result.append(replace(problem, field=f"questions[{index}]{problem.field[match.end() :]}"))
    return result


def questions_to_check(quizzes: Iterable[LoadedQuiz], problems: Iterable[Problem]) -> tuple[LoadedQuiz, ...]:
    """Keep, of each quiz, the questions that no problem points into."""
    broken: dict[str, set[int]] = {}
    for problem in problems:
        if match := _QUESTION_FIELD.match(problem.field):
            broken.setdefault(problem.path, set()).add(int(match.group(1)))
    result = []
    for loaded in quizzes:
        bad = broken.get(loaded.path, set())
        indices = range(len(loaded.quiz.questions))
        keep = [index for index in indices if written_index(loaded, index) not in bad]
        if keep:
            result.append(keep_questions(loaded, keep))
    return tuple(result)


def salvage_quiz(path: Path, problems: Sequence[Problem]) -> PartialQuiz | None:
    """Validate each question of a file that failed to load on its own.

    Args:
        path: The quiz file.
        problems: Every problem loading it found.

    Returns:
        The questions that validate alone and have no problem of their own, or None
        when none does (or the file cannot be read as YAML at all).
    """
    if any(problem.field == "" for problem in problems):  # unreadable, or not a mapping
        return None
    text = _read_again(path)
    if text is None:
        return None
    try:
        document = read_exactly(text)
    except YamlSourceError:
        return None
    kept = salvage_questions(document, problems)
    if not kept:
        return None
    indices = tuple(index for index, _ in kept)
    value = document.value
    title = value.get("title") if isinstance(value, dict) else None
    # Each question was validated on its own; the file around them was not, and never reaches learners.
    quiz = QuizFile.model_construct(
        title=title if isinstance(title, str) else path.name,
        topic=None,
        questions=tuple(question for _, question in kept),
    )
    return PartialQuiz(str(path), quiz, text, indices)


def salvage_questions(document: YamlDocument, problems: Sequence[Problem]) -> list[tuple[int, Question]]:
    """Return (index, question) for each question of the file that is valid on its own.

    A question with any problem of its own (a field of it, or a key written twice in
    it) is left out, and so is one that needs the file's default topic when that
    topic is itself wrong.

    Args:
        document: The file as read.
        problems: Every problem loading the file found.
    """
    value = document.value
    questions = value.get("questions") if isinstance(value, dict) else None
    if not isinstance(value, dict) or not isinstance(questions, list):
        return []
    broken = {int(match.group(1)) for problem in problems if (match := _QUESTION_FIELD.match(problem.field))}
    topic_ok = not any(problem.field == "topic" for problem in problems)
    envelope = {"title": "-", "topic": value.get("topic") if topic_ok else None}
    kept = []
    for index, question in enumerate(questions):
        if index in broken:
            continue
        try:
            quiz = _validate_keeping_spelling({**envelope, "questions": [question]})
        except ValidationError:
            continue
        kept.append((index, quiz.questions[0]))
    return kept


def written_ids(path: Path) -> set[str]:
    """Return the question ids written in a file that did not load (none if it cannot be read)."""
    text = _read_again(path)
    if text is None:
        return set()
    try:
        value = read_exactly(text).value
    except YamlSourceError:
        return set()
    questions = value.get("questions") if isinstance(value, dict) else None
    if not isinstance(questions, list):
        return set()
    return {str(q["id"]) for q in questions if isinstance(q, dict) and isinstance(q.get("id"), (str, int))}


def _read_again(path: Path) -> str | None:
    """Return the file's text, or None where loading it already said why it cannot be read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
