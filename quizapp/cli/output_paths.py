"""Where a command writes a file: never over a file it reads, and in the format its name says.

One slip, an output path naming the attempt database, a submission being graded or a quiz
file of the bank, would replace that file with the command's output while the command
reported success. Each command that writes a file checks its path here before any work; a
refusal is a usage error (exit status 2) and nothing is written.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from quizapp.core.bank.loaded_bank import find_quiz_files
from quizapp.core.errors import QuizAppError

Read = tuple[str, Path]
"""Something a command reads: what it is, in words ("the attempt database"), and its path."""


def refuse_overwriting(out: Path, option: str, reads: Iterable[Read]) -> None:
    """Refuse ``out`` when it is, by any name or link, a file the command reads.

    Args:
        out: The path the command would write.
        option: The option that named it, for the message (``--out``).
        reads: What the command reads.

    Raises:
        click.UsageError: ``out`` is one of them.
    """
    if not out.exists():
        return  # a new file is none of them
    for what, path in reads:
        try:
            same = out.samefile(path)
        except OSError:  # gone, or not there at all: nothing to protect
            continue
        if same:
            raise click.UsageError(
                f"{option} {out} is {what}, which this command reads: writing there would replace it; "
                "name another file"
            )


def bank_files(paths: Sequence[Path]) -> list[Read]:
    """The quiz files of the bank at ``paths``, as files a command reads (none when it cannot be listed).

    A bank that cannot be listed is reported by the command that loads it.
    """
    try:
        files = find_quiz_files(paths)
    except QuizAppError:
        return []
    return [("a quiz file of the bank", file) for file in files]


def require_suffix(out: Path, option: str, suffixes: Sequence[str]) -> None:
    """Refuse ``out`` unless its name ends in one of ``suffixes`` (the format is chosen by it).

    Raises:
        click.UsageError: It ends in none of them.
    """
    if out.suffix.lower() not in suffixes:
        raise click.UsageError(
            f"{option} chooses the format by the file's name: give a name ending in "
            f"{' or '.join(suffixes)}, not {out.name}"
        )
