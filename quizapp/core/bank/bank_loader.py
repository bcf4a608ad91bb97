"""Load a question bank: find its quiz files, load each, check ids are unique across them."""

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from quizapp.core.bank.explain_checks import explain_problems
from quizapp.core.bank.loaded_bank import Bank, BankLoad, LoadedQuiz, find_quiz_files
from quizapp.core.bank.problems import Problem
from quizapp.core.bank.question_salvage import (
    keep_questions,
    questions_to_check,
    renumbered,
    salvage_quiz,
    written_ids,
)
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from quizapp.core.bank.same_fact_checks import same_fact_problems
from quizapp.core.bank.snippet_syntax import snippet_syntax_problems


def load_bank(paths: Sequence[Path], *, check_snippet_syntax: bool = True, salvage: bool = False) -> BankLoad:
    """Load every quiz file under ``paths`` and check ids are unique across them.

    Files with problems are left out of the bank; all problems are reported.

    Args:
        paths: Quiz files and directories to search.
        check_snippet_syntax: Also compile every snippet (about a tenth of a millisecond
            each) and test every explain question's phrases and samples; a caller that
            only displays questions may skip it.
        salvage: Also check, across the bank, the questions of a file with problems that
            are valid on their own, and return those without problems in ``salvaged``, so
            ``validate`` reports every problem in one run. They never enter the bank.

    Raises:
        BankError: A path does not exist.
    """
    files = find_quiz_files(paths)
    with _collector_paused():
        return _load_files(paths, files, check_snippet_syntax=check_snippet_syntax, salvage=salvage)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bank is built.

    Loading allocates many objects and frees few, which keeps triggering full
    collections whose cost grows with the heap: 20,000 questions load about a fifth
    faster without them. The objects built hold no reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_files(
    paths: Sequence[Path], files: list[Path], *, check_snippet_syntax: bool, salvage: bool
) -> BankLoad:
    quizzes: list[LoadedQuiz] = []
    problems: list[Problem] = []
    left_out: set[str] = set()  # files with a problem of their own never reach learners
    unloaded_ids: set[str] = set()  # ids written in questions that did not load
    if not files:
        names = ", ".join(str(path) for path in paths) or "(no quiz files or folders named)"
        problems.append(Problem(names, 1, 1, "", "no quiz files (*.yaml, *.yml) found"))
    for file in files:
        loaded, file_problems = load_quiz_file(file)
        problems.extend(file_problems)
        if loaded is None:
            unloaded_ids.update(written_ids(file))
        if loaded is None and salvage:
            left_out.add(str(file))
            loaded = salvage_quiz(file, file_problems)
        if loaded is not None:
            quizzes.append(loaded)
    kept, id_problems = _drop_duplicate_ids(quizzes)
    problems.extend(renumbered(id_problems, quizzes))
    problems.extend(renumbered(same_fact_problems(kept, unloaded_ids), kept))  # reported; the questions stay
    if check_snippet_syntax:
        broken = renumbered(snippet_syntax_problems(tuple(kept)) + explain_problems(tuple(kept)), kept)
        problems.extend(broken)
        left_out.update(problem.path for problem in broken)
    bank = Bank(tuple(loaded for loaded in kept if loaded.path not in left_out))
    salvaged = questions_to_check([q for q in kept if q.path in left_out], problems) if salvage else ()
    return BankLoad(bank, tuple(str(file) for file in files), tuple(problems), salvaged)


def _drop_duplicate_ids(quizzes: list[LoadedQuiz]) -> tuple[list[LoadedQuiz], list[Problem]]:
    """Report every question id used more than once; keep only its first use."""
    first: dict[str, tuple[LoadedQuiz, int]] = {}
    problems: list[Problem] = []
    kept: list[LoadedQuiz] = []
    for loaded in quizzes:
        keep = []
        for index, question in enumerate(loaded.quiz.questions):
            if question.id not in first:
                first[question.id] = (loaded, index)
                keep.append(index)
                continue
            earlier, earlier_index = first[question.id]
            earlier_line, _ = earlier.locate("questions", earlier_index)
            problems.append(
                Problem(
                    loaded.path,
                    *loaded.locate("questions", index, "id"),
                    f"questions[{index}].id",
                    f"the id {question.id!r} is already used at {earlier.path}:{earlier_line}",
                )
            )
        if len(keep) == len(loaded.quiz.questions):
            kept.append(loaded)
        elif keep:
            kept.append(keep_questions(loaded, keep))  # still located at their places in the file
    return kept, problems
