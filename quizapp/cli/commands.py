"""The ``quizapp`` command line: the composition root that wires the core to the terminal.

``quizapp`` alone opens the full-screen app. Each subcommand lives in the module named in
``COMMANDS`` and is imported only when it is used, so that the app starts fast: importing
the question models (pydantic) is left to the moment they are needed.
"""

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from quizapp import __version__
from quizapp.cli.options import BANK_OPTION, DB_OPTION, LEARNER_OPTION, device_option
from quizapp.core.errors import QuizAppError
from quizapp.core.records.terminal_text import escape_controls

if TYPE_CHECKING:
    from quizapp.core.execution.snippet import Device

COMMANDS = {
    "validate": "quizapp.cli.bank_commands:validate",
    "schema": "quizapp.cli.bank_commands:schema",
    "list": "quizapp.cli.bank_commands:list_questions",
    "show": "quizapp.cli.show_command:show",
    "assign": "quizapp.cli.assign_command:assign",
    "take": "quizapp.cli.record_commands:take",
    "submit": "quizapp.cli.record_commands:submit",
    "grade": "quizapp.cli.grade_command:grade",
    "export": "quizapp.cli.record_commands:export",
    "stats": "quizapp.cli.record_commands:stats",
    "lab": "quizapp.cli.lab_command:lab",
    "export-bank": "quizapp.cli.exchange_commands:export_bank",
    "import-bank": "quizapp.cli.exchange_commands:import_bank",
}
"""Each subcommand and where it is defined, as ``module:attribute``."""


class QuizAppGroup(click.Group):
    """The command group: commands load on use; a QuizAppError is one line on stderr and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every subcommand, in the order of ``COMMANDS``."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the subcommand's module and return the command (None for an unknown name)."""
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, attribute = where.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, reporting quizapp's own errors without a traceback."""
        try:
            return super().invoke(ctx)
        except QuizAppError as error:  # a path or name in it may hold escapes: written out
            click.echo(f"quizapp: error: {escape_controls(str(error))}", err=True)
            ctx.exit(error.exit_code)


@click.group(
    cls=QuizAppGroup, context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True
)
@click.version_option(__version__, prog_name="quizapp")
@BANK_OPTION
@DB_OPTION
@LEARNER_OPTION
@device_option("Where snippets run.")
@click.pass_context
def main(
    context: click.Context, bank_paths: tuple[Path, ...], db_path: Path | None, learner: str, device: str
) -> None:
    """Learn gradient clipping in PyTorch with quizzes checked against real PyTorch.

    With no command, opens the full-screen app on its home screen (in a terminal; anywhere
    else this help is printed). The options listed below are for that app; each command
    has its own (quizapp COMMAND --help).

    \b
    Shell completion of commands, types, topics and modes (bash; zsh_source, fish_source):
      eval "$(_QUIZAPP_COMPLETE=bash_source quizapp)"
    """  # noqa: D301 -- \b is click's mark for a paragraph kept as written
    if context.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(context.get_help())
        return
    from quizapp.tui.launch import run_app  # Textual loads only when the app opens

    run_app(bank_paths=bank_paths, db_path=db_path, learner=learner, device=cast("Device", device))
