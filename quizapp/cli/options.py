"""Command-line options that several commands share, defined once (and light to import)."""

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from quizapp.core.records.learner_names import learner_name_refused
from quizapp.core.session.session_rules import time_limit_refused

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The attempt database (default: $QUIZAPP_DB or the user data directory).",
)
"""``--db PATH``: the attempt database."""


class _LearnerName(click.ParamType[str]):
    """A learner's name, held to the submission file's rule (``learner_names.learner_name_refused``)."""

    name = "name"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The name, or a usage error that says what a learner name may be."""
        name = str(value)
        if why := learner_name_refused(name):
            self.fail(why, param, ctx)
        return name


LEARNER_NAME = _LearnerName()
"""The type of every ``--learner`` option: refused up front, before a session is stored under it."""

LEARNER_OPTION = click.option(
    "--learner", type=LEARNER_NAME, default=getpass.getuser, show_default="your user name"
)
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


class _TimeLimit(click.ParamType[float]):
    """Seconds for an exam: a finite number from 1 to a day (``session_rules.time_limit_refused``)."""

    name = "seconds"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """The limit in seconds, or a usage error that says what a limit may be."""
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if why := time_limit_refused(seconds):
            self.fail(why, param, ctx)
        if seconds < 1:
            self.fail(f"a time limit is at least 1 second, not {seconds:g}", param, ctx)
        return seconds


TIME_LIMIT = _TimeLimit()
"""``--time-limit`` of ``take`` and ``assign``."""
