"""The warning the commands that use a bank print when some of its files were left out."""

import click

from quizapp.core.bank.loaded_bank import BankLoad


def warn_of_left_out_files(result: BankLoad) -> None:
    """Tell on stderr (stdout stays clean for scripts) how many problems left files out, and which files."""
    if not result.problems:
        return
    files = sorted({problem.path for problem in result.problems})
    shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    click.echo(
        f"quizapp: warning: {len(result.problems)} problems in the bank; "
        f"those files are left out ({shown}; run 'quizapp validate')",
        err=True,
    )
