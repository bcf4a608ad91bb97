"""Load a question bank: find its quiz files, read and validate them, collect every problem."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from quizapp.core.errors import BankError, YamlSourceError
from quizapp.core.problems import Problem, format_field
from quizapp.core.questions import QUESTION_CLASSES, Question
from quizapp.core.quiz_file import QuizFile
from quizapp.core.validation_messages import problems_from_validation
from quizapp.core.yaml_reader import MAX_FILE_BYTES, read_yaml

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
class LoadedQuiz:
    """A quiz file that loaded without problems."""

    path: str
    quiz: QuizFile
    places: tuple[SourcePlace, ...]
    """The place of each question, in the same order as ``quiz.questions``."""


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
            for question, place in zip(loaded.quiz.questions, loaded.places, strict=True):
                if question.id == question_id:
                    return place
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
                    if file.suffix in QUIZ_SUFFIXES and file.is_file() and not file.name.startswith(".")
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise BankError(f"{path}: no such file or directory")
    return found


def load_bank(paths: Sequence[Path]) -> BankLoad:
    """Load every quiz file under ``paths`` and check ids are unique across them.

    Files with problems are left out of the bank; all problems are reported.

    Raises:
        BankError: A path does not exist.
    """
    files = find_quiz_files(paths)
    quizzes: list[LoadedQuiz] = []
    problems: list[Problem] = []
    if not files:
        names = ", ".join(str(path) for path in paths)
        problems.append(Problem(names, 1, 1, "", "no quiz files (*.yaml, *.yml) found"))
    for file in files:
        loaded, file_problems = load_quiz_file(file)
        problems.extend(file_problems)
        if loaded is not None:
            quizzes.append(loaded)
    kept, id_problems = _drop_duplicate_ids(quizzes)
    problems.extend(id_problems)
    return BankLoad(Bank(tuple(kept)), tuple(str(file) for file in files), tuple(problems))


def load_quiz_file(path: Path) -> tuple[LoadedQuiz | None, list[Problem]]:
    """Read and validate one quiz file.

    Returns:
        The loaded quiz (None if it has problems) and the problems found.
    """
    name = str(path)
    try:
        text = _read_text(path)
        document = read_yaml(text)
    except YamlSourceError as error:
        return None, [Problem(name, error.line, error.column, "", error.message)]
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
    if document.value is None:
        return None, [Problem(name, 1, 1, "", "the file is empty; a quiz needs a title and questions")]
    try:
        quiz = QuizFile.model_validate(document.value)
    except ValidationError as error:
        return None, sorted(problems + problems_from_validation(error, document, name))
    if problems:
        return None, problems
    places = tuple(
        SourcePlace(name, *document.locate(("questions", index))) for index in range(len(quiz.questions))
    )
    return LoadedQuiz(name, quiz, places), []


def _read_text(path: Path) -> str:
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


def _drop_duplicate_ids(quizzes: list[LoadedQuiz]) -> tuple[list[LoadedQuiz], list[Problem]]:
    """Report every question id used more than once; keep only its first use."""
    first: dict[str, SourcePlace] = {}
    problems: list[Problem] = []
    kept: list[LoadedQuiz] = []
    for loaded in quizzes:
        questions, places = [], []
        for index, (question, place) in enumerate(zip(loaded.quiz.questions, loaded.places, strict=True)):
            if question.id in first:
                problems.append(
                    Problem(
                        place.path,
                        place.line,
                        place.column,
                        f"questions[{index}].id",
                        f"the id {question.id!r} is already used at {first[question.id]}",
                    )
                )
                continue
            first[question.id] = place
            questions.append(question)
            places.append(place)
        if len(questions) == len(loaded.quiz.questions):
            kept.append(loaded)
        elif questions:
            quiz = loaded.quiz.model_copy(update={"questions": tuple(questions)})
            kept.append(LoadedQuiz(loaded.path, quiz, tuple(places)))
    return kept, problems
