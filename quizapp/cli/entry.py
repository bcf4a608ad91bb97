"""The ``quizapp`` command's entry point: typed alone in a terminal, it opens the app at once.

Anything else (a subcommand, an option, a pipe) goes to the click command line. The fast
path skips importing click, so the home screen appears as soon as Textual can draw it.
"""

import os
import sys


def main() -> None:
    """Open the full-screen app, or run the command line."""
    completing = "_QUIZAPP_COMPLETE" in os.environ  # the shell asks for completions: never the app
    if len(sys.argv) == 1 and sys.stdin.isatty() and sys.stdout.isatty() and not completing:
        from quizapp.start_up import pause_collection

        pause_collection()  # resumed once the home screen shows the bank
        from quizapp.tui.launch import open_home

        open_home()
        return
    from quizapp.cli.commands import main as command_line

    command_line()
