"""Open the full-screen app from the command line, and report on stderr why it could not run."""

import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.start_up import pause_collection, resume_collection
from quizapp.tui.app import QuizApp

if TYPE_CHECKING:
    from quizapp.core.execution.snippet import Device
    from quizapp.core.session.quiz_plan import QuizRequest
    from quizapp.services import AppServices


def open_home() -> None:
    """The app on its home screen, with every default (``quizapp`` typed alone)."""
    run_app(bank_paths=(), db_path=None, learner=getpass.getuser(), device="cpu")


def run_app(
    *,
    bank_paths: Sequence[Path],
    db_path: Path | None,
    learner: str,
    device: "Device",
    request: "QuizRequest | None" = None,
    seed: int | None = None,
) -> None:
    """Run the app until the learner quits; exit non-zero with a message if it could not work."""

    def build() -> "AppServices":
        from quizapp.services import make_services  # the bank and pydantic load off the UI thread

        services = make_services(bank_paths=bank_paths, db_path=db_path, learner=learner, device=device)
        if seed is not None:
            services.new_seed = lambda: seed
        return services

    pause_collection()  # the app resumes it once the home screen shows the bank
    app = QuizApp(build, request=request)
    try:
        app.run()
    finally:
        resume_collection()
        if app.services is not None:
            app.services.close()
    if app.error is not None:
        from quizapp.core.records.terminal_text import escape_controls  # only on this way out

        print(f"quizapp: error: {escape_controls(app.error)}", file=sys.stderr)
    if app.return_code:
        sys.exit(app.return_code)
