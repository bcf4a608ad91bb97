"""Command-line options that several commands share, defined once (and light to import)."""

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The attempt database (default: $QUIZAPP_DB or the user data directory).",
)
"""``--db PATH``: the attempt database."""

LEARNER_OPTION = click.option("--learner", default=getpass.getuser, show_default="your user name")
"""``--learner NAME``: whose answers these are."""

BANK_OPTION = click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Quiz files or directories to use instead of the question bank (repeatable).",
)
"""``--bank PATH``: another bank."""

Command = TypeVar("Command", bound=Callable[..., Any])


def device_option(help_text: str) -> Callable[[Command], Command]:
    """``--device cpu|cuda|auto`` (default cpu), with what it is for in this command."""
    return click.option(
        "--device",
        type=click.Choice(["cpu", "cuda", "auto"]),
        default="cpu",
        show_default=True,
        help=help_text,
    )


ASSIGNMENT_OPTION = click.option(
    "--assignment",
    "assignment_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An assignment file (quizapp assign).",
)
"""``--assignment FILE``: the assignment a quiz is taken for, or submissions are graded against."""
