"""The warning the commands that use a bank print when its problems left files or questions out."""

from collections.abc import Sequence

import click

from quizapp.core.bank.loaded_bank import BankLoad

MOST_PLACES_NAMED = 3
"""A part of the warning names up to this many files or questions; more are counted."""


def warn_of_left_out_files(result: BankLoad) -> None:
    """Tell on stderr (stdout stays clean for scripts) what the bank's problems left out, and where.

    Each kind of problem is counted apart, so the counts add up: those that left out a whole
    file, those that left out a question alone (its file's others loaded), and those that
    left nothing out. A bank with no quiz file to read, or none that loaded, says so.
    """
    text = left_out_warning(result)
    if text:
        click.echo(f"quizapp: warning: {text}", err=True)


def left_out_warning(result: BankLoad) -> str:
    """The warning's text, without its ``quizapp: warning:`` prefix; empty for a bank without problems."""
    if not result.problems:
        return ""
    from quizapp.core.bank.left_out import left_out_of, plural  # noqa: PLC0415 - only for a bank with problems

    left_out = left_out_of(result)
    if left_out.not_found:  # no quiz file was found to leave out
        said = "; ".join(f"{problem.path}: {problem.message}" for problem in left_out.not_found)
        return f"{said}; the bank has no questions" if not left_out.questions_loaded else said
    parts = [(part.problems, f"{part.did} ({_shown(part.places)})") for part in left_out.parts]
    said = f"{plural(left_out.problems, 'problem')} in the bank"
    if len(parts) == 1:  # nothing to add up: "2 problems in the bank left out 2 files whole (...)"
        said += f" {parts[0][1]}"
    else:
        said += ": " + "; ".join(f"{count} {what}" for count, what in parts)
    if not left_out.questions_loaded:
        said += "; the bank has no questions"
    return f"{said}; run 'quizapp validate'"


def _shown(places: Sequence[str]) -> str:
    more = len(places) - MOST_PLACES_NAMED
    return ", ".join(places[:MOST_PLACES_NAMED]) + (f" and {more} more" if more > 0 else "")
