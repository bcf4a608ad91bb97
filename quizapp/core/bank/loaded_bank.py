"""What a loaded bank is made of, and where its quiz files are found.

Everything here is light: no YAML reader and no validator is imported, so a start served from
the bank cache (``bank_cache``) unpickles a bank and checks its files with this module alone,
and ``bank_loader`` (which reads and validates) is imported only when the bank must load afresh.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.core.bank.problems import Problem
from quizapp.core.errors import BankError, YamlSourceError
from quizapp.core.model.questions import QUESTION_CLASSES, Question
from quizapp.core.model.quiz_file import QuizFile

if TYPE_CHECKING:
    from quizapp.core.bank.yaml_document import Position, YamlDocument


@dataclass(frozen=True)
class LoadedQuiz:
    """A quiz file that loaded without problems, and a way back to its source."""

    path: str
    """The file, as the user named it."""
    quiz: QuizFile
    text: str = field(repr=False)
    """The file's contents, kept to locate things in it on demand."""

    @cached_property
    def _document(self) -> "YamlDocument | None":
        try:
            return read_exactly(self.text)
        except YamlSourceError:  # only if the fast reader took a file the exact one refuses
            return None

    def locate(self, *parts: str | int) -> "Position":
        """Return the (line, column) where the value at ``parts`` is written.

        The file is re-read with the exact reader the first time; loading stays fast
        because places are only needed when something has to be reported.
        """
        return self._document.locate(parts) if self._document is not None else (1, 1)


def read_exactly(text: str) -> "YamlDocument":
    """Read ``text`` with the exact reader, which imports PyYAML on first use.

    Most bank loads never need it (the fast path reads ordinary files), and PyYAML's import
    is a noticeable share of the app's start-up.
    """
    from quizapp.core.bank.yaml_reader import read_yaml  # noqa: PLC0415 - PyYAML only when needed

    return read_yaml(text)


QUIZ_SUFFIXES = (".yaml", ".yml")
"""Files with these suffixes under a bank directory are quiz files."""


@dataclass(frozen=True, slots=True)
class SourcePlace:
    """Where a question is written: its file and the place its mapping starts."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        """Render as ``path:line``."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Bank:
    """Every quiz that loaded, and quick access to their questions."""

    quizzes: tuple[LoadedQuiz, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        """All questions of all quizzes, in file order."""
        return tuple(question for loaded in self.quizzes for question in loaded.quiz.questions)

    def place_of(self, question_id: str) -> SourcePlace | None:
        """Return where the question with this id is written, if the bank has it."""
        for loaded in self.quizzes:
            for index, question in enumerate(loaded.quiz.questions):
                if question.id == question_id:
                    return SourcePlace(loaded.path, *loaded.locate("questions", index))
        return None

    def count_by_type(self) -> dict[str, int]:
        """Questions per type, every type listed (zero where absent), in the guide's order."""
        counts: Counter[str] = Counter(question.type for question in self.questions)
        return {name: counts.get(name, 0) for name in QUESTION_CLASSES}


@dataclass(frozen=True, slots=True)
class BankLoad:
    """The outcome of loading a bank: what loaded, and everything that is wrong."""

    bank: Bank
    files: tuple[str, ...]
    """Every quiz file that was looked at."""
    problems: tuple[Problem, ...]
    salvaged: tuple[LoadedQuiz, ...] = ()
    """With ``salvage``: the questions without problems of the files left out of the bank."""

    @property
    def ok(self) -> bool:
        """True when no file had any problem."""
        return not self.problems


def find_quiz_files(paths: Iterable[Path]) -> list[Path]:
    """List the quiz files named by ``paths``: files as given, directories searched recursively.

    Raises:
        BankError: A path does not exist.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    file
                    for file in path.rglob("*")
                    # a broken link or a FIFO is listed too, and reported as one when it is read
                    if file.suffix in QUIZ_SUFFIXES and not file.name.startswith(".") and not file.is_dir()
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise BankError(f"{path}: {_why_not_a_file(path)}")
    return found


def _why_not_a_file(path: Path) -> str:
    """Say why ``path`` names no quiz file or directory, without opening it (a FIFO would block)."""
    if path.is_symlink() and not path.exists():
        try:
            return f"a broken symbolic link (it points to {path.readlink()}, which does not exist)"
        except OSError:
            return "a broken symbolic link"
    if path.exists():
        return "not a regular file or directory (a FIFO, socket or device); name a quiz file or a folder"
    return "no such file or directory"
