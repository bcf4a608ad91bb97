"""What a bank's problems left out of it: whole files, single questions, or nothing at all.

The loader leaves out a file with a problem of its own (it does not read, or a question in it
is invalid), but only the later question where an id is used twice, and nothing where a
``same_fact_as`` names no question. :func:`left_out_of` tells these apart from what loaded, so
the CLI's warning and the TUI's problems screen say what really happened, with counts that add
up to the problems found.
"""

import re
from dataclasses import dataclass

from quizapp.core.bank.loaded_bank import BankLoad, LoadedQuiz
from quizapp.core.bank.problems import Problem

_QUESTION_FIELD = re.compile(r"questions\[(\d+)\]")


def plural(count: int, word: str) -> str:
    """``count`` and ``word``, with an s unless there is one: "1 file", "2 files", "0 questions"."""
    return f"{count} {word}{'s' * (count != 1)}"


@dataclass(frozen=True, slots=True)
class LeftOutPart:
    """Some of the problems, and what they left out."""

    problems: int
    """How many problems."""
    did: str
    """What they did, after their count: ``left out 2 files whole``."""
    places: tuple[str, ...]
    """The files or questions, each once, in bank order."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A bank's problems sorted by what each left out; the parts' problems add up to all of them."""

    problems: int
    """Every problem of the bank."""
    files: tuple[str, ...] = ()
    """Quiz files left out whole."""
    file_problems: int = 0
    """The problems in those files."""
    questions: tuple[str, ...] = ()
    """Questions left out on their own (an id used before), as ``path:line``; their files loaded."""
    question_problems: int = 0
    """The problems that left those questions out."""
    kept: tuple[str, ...] = ()
    """Files in the bank with problems that left nothing out."""
    kept_problems: int = 0
    """Problems that left nothing out (a ``same_fact_as`` naming no question): their questions load."""
    not_found: tuple[Problem, ...] = ()
    """Named files or folders where no quiz file was found: nothing was there to leave out."""
    questions_loaded: int = 0
    """The questions of the bank, after all that."""

    @property
    def parts(self) -> tuple[LeftOutPart, ...]:
        """The kinds of problem there were, each with its count, in the order to tell them."""
        question_files = len({place.rsplit(":", 1)[0] for place in self.questions})
        not_whole = "not the whole file" if question_files == 1 else "not whole files"
        kinds = (
            (self.file_problems, f"left out {plural(len(self.files), 'file')} whole", self.files),
            (
                self.question_problems,
                f"left out {plural(len(self.questions), 'question')}, {not_whole}",
                self.questions,
            ),
            (self.kept_problems, "left nothing out", self.kept),
        )
        return tuple(LeftOutPart(count, did, places) for count, did, places in kinds if count)


def left_out_of(load: BankLoad) -> LeftOut:
    """Sort ``load``'s problems by what they left out of its bank.

    A file that was looked at and holds no question of the bank was left out whole; in a
    file that loaded, a problem at a question the bank does not hold left that question out,
    and any other left nothing out. A problem at no file looked at says none was found.
    """
    looked_at = set(load.files)
    loaded = {quiz.path: quiz for quiz in load.bank.quizzes}
    files: dict[str, None] = {}  # in the order found
    file_problems = question_problems = kept_problems = 0
    questions: dict[str, None] = {}
    kept: dict[str, None] = {}
    kept_indices: dict[str, set[int]] = {}
    not_found = []
    for problem in load.problems:
        if problem.path not in looked_at:
            not_found.append(problem)
        elif problem.path not in loaded:
            files[problem.path] = None
            file_problems += 1
        elif (index := _question_index(problem)) is not None and index not in _indices_of(
            problem.path, loaded, kept_indices
        ):
            questions[f"{problem.path}:{problem.line}"] = None
            question_problems += 1
        else:
            kept[problem.path] = None
            kept_problems += 1
    return LeftOut(
        len(load.problems),
        tuple(file for file in load.files if file in files),
        file_problems,
        tuple(questions),
        question_problems,
        tuple(kept),
        kept_problems,
        tuple(not_found),
        len(load.bank.questions),
    )


def _indices_of(path: str, loaded: dict[str, LoadedQuiz], known: dict[str, set[int]]) -> set[int]:
    """``_written_indices`` of the quiz loaded from ``path``, worked out once per file."""
    if path not in known:
        known[path] = _written_indices(loaded[path])
    return known[path]


def _question_index(problem: Problem) -> int | None:
    """The index in its file of the question ``problem`` is at, if it is at one."""
    match = _QUESTION_FIELD.match(problem.field)
    return int(match.group(1)) if match else None


def _written_indices(loaded: LoadedQuiz) -> set[int]:
    """The indices in its file of the questions ``loaded`` holds (some, after a duplicate id)."""
    # Only for a bank with problems: question_salvage brings the validator with it.
    from quizapp.core.bank.question_salvage import written_index  # noqa: PLC0415

    return {written_index(loaded, index) for index in range(len(loaded.quiz.questions))}
