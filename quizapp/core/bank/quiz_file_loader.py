"""Load one quiz file: read it fast where that is safe, and explain every problem at its place."""

import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quizapp.core.bank.loaded_bank import LoadedQuiz, read_exactly
from quizapp.core.bank.problems import Problem, format_field
from quizapp.core.bank.validation_problems import problems_from_validation, written_path
from quizapp.core.bank.yaml_document import MAX_FILE_BYTES
from quizapp.core.bank.yaml_fast_path import read_plain_yaml
from quizapp.core.bank.yaml_scalars import SourcedFloat, SourcedInt
from quizapp.core.errors import YamlSourceError
from quizapp.core.model.quiz_file import QuizFile


def load_quiz_file(path: Path) -> tuple[LoadedQuiz | None, list[Problem]]:
    """Read and validate one quiz file.

    Returns:
        The loaded quiz (None if it has problems) and every problem found, in file order.
    """
    name = str(path)
    try:
        text = _read_text(path)
    except YamlSourceError as error:
        return None, [Problem(name, error.line, error.column, "", error.message)]
    plain = read_plain_yaml(text)
    if plain is not None:
        try:
            return LoadedQuiz(name, QuizFile.model_validate(plain), text), []
        except ValidationError:
            pass  # the exact reader below knows where each problem is written
    return _load_exactly(name, text)


def _load_exactly(name: str, text: str) -> tuple[LoadedQuiz | None, list[Problem]]:
    try:
        document = read_exactly(text)
    except YamlSourceError as error:
        return None, [Problem(name, error.line, error.column, "", error.message)]
    if document.value is None:
        return None, [Problem(name, 1, 1, "", "the file is empty; a quiz needs a title and questions")]
    problems = [
        Problem(
            name,
            *duplicate.again,
            format_field((*document.path_to(duplicate.container), duplicate.key)),
            f"the key {duplicate.key!r} is written twice in this mapping "
            f"(first at line {duplicate.first[0]})",
        )
        for duplicate in document.duplicates
    ]
    unreadable = {place for place, _ in document.unreadable}
    problems.extend(
        Problem(name, *place, format_field(document.path_at(place)), message)
        for place, message in document.unreadable
    )
    try:
        quiz = _validate_keeping_spelling(document.value)
    except ValidationError as error:
        found = problems_from_validation(error, document, name)
        # an unreadable number stands as its text: what pydantic says of that text is noise
        found = [problem for problem in found if (problem.line, problem.column) not in unreadable]
        return None, sorted(problems + found)
    if problems:
        return None, problems
    return LoadedQuiz(name, quiz, text), []


def _validate_keeping_spelling(value: Any) -> QuizFile:
    """Validate, giving text fields that received a number the number's written spelling.

    YAML reads ``answer: 0.10`` as a number; where the schema wants text the author
    meant the text ``0.10``, not ``0.1``.
    """
    try:
        return QuizFile.model_validate(value)
    except ValidationError as error:
        respelled = False
        for detail in error.errors():
            number = detail.get("input")
            if detail["type"] == "string_type" and isinstance(number, (SourcedInt, SourcedFloat)):
                *parents, last = written_path(value, tuple(detail["loc"]))
                container = value
                for part in parents:
                    container = container[part]
                container[last] = number.source
                respelled = True
        if not respelled:
            raise
    return QuizFile.model_validate(value)


def _check_a_regular_file(path: Path) -> None:
    """Refuse a broken link, a FIFO or a device before opening it (a FIFO would block)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise YamlSourceError(
                f"a broken symbolic link: it points to {path.readlink()}, which does not exist", 1, 1
            ) from None
        raise YamlSourceError("cannot read the file: no such file", 1, 1) from None
    except OSError as error:
        raise YamlSourceError(f"cannot read the file: {error.strerror or error}", 1, 1) from None
    if stat.S_ISDIR(mode):
        raise YamlSourceError("cannot read the file: it is a directory", 1, 1)
    if not stat.S_ISREG(mode):
        raise YamlSourceError(
            "not a regular file (a FIFO, socket or device); a quiz file is a text file", 1, 1
        )


def _read_text(path: Path) -> str:
    _check_a_regular_file(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise YamlSourceError(f"cannot read the file: {error.strerror or error}", 1, 1) from None
    if len(data) > MAX_FILE_BYTES:
        raise YamlSourceError(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split it into smaller quizzes",
            1,
            1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise YamlSourceError(
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8", line, column
        ) from None
