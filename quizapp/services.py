"""What the quiz app works with (bank, attempt store, snippet runner, learner), built in one place.

The CLI and the tests build the app's services with :func:`make_services` and hand them to
the Textual app, which never opens a database or starts a worker of its own. The app calls
the factory off its UI thread, so that loading the bank never delays its first screen. The
snippet runner (and the execution client's modules with it) is made when first asked for:
the home screen needs none of it.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.core.bank.bank_cache import default_cache_dir, load_bank_cached
from quizapp.core.bank.loaded_bank import BankLoad
from quizapp.core.learning.learning_clock import wall_now
from quizapp.core.records.attempt_store import AttemptStore, default_db_path
from quizapp.locations import default_bank_path

if TYPE_CHECKING:
    from quizapp.core.execution.client import SnippetRunner
    from quizapp.core.execution.snippet import Device
    from quizapp.core.grading.code_judge import RunnerJudge


@dataclass(slots=True)
class AppServices:
    """The app's collaborators; the app closes them when it ends (see :meth:`close`)."""

    bank: BankLoad
    """The loaded bank, with the problems of any file that did not load."""
    store: AttemptStore
    """Where every answer is recorded the moment it is given."""
    make_runner: "Callable[[], SnippetRunner]"
    """Makes the snippet runner, on first use of :attr:`runner`."""
    learner: str
    """Whose answers these are."""
    device: "Device" = "cpu"
    """Where snippets run: cpu, cuda or auto."""
    clock: Callable[[], float] = time.monotonic
    """The session clock (tests move time on with their own)."""
    new_seed: Callable[[], int] = field(default=lambda: random.randrange(1_000_000))
    """A fresh shuffle seed for each quiz."""
    now: Callable[[], datetime] = wall_now
    """The wall clock that schedules the learner's cards (tests move days on with their own)."""
    owns_runner: bool = True
    """Whether :meth:`close` stops the runner (tests share one runner across apps)."""
    made_runner: "SnippetRunner | None" = None
    """The runner, once :attr:`runner` has made it."""

    @property
    def runner(self) -> "SnippetRunner":
        """Runs snippets for real; made on first use, and its worker starts only when a run needs it."""
        if self.made_runner is None:
            self.made_runner = self.make_runner()
        return self.made_runner

    @property
    def judge(self) -> "RunnerJudge":
        """The session engine's judge of code, backed by the runner."""
        from quizapp.core.grading.code_judge import RunnerJudge  # noqa: PLC0415

        return RunnerJudge(self.runner, self.device)

    def close(self) -> None:
        """Stop the worker (if this app owns one and made it) and close the database."""
        if self.owns_runner and self.made_runner is not None:
            self.made_runner.close()
        self.store.close()


def make_services(
    *,
    bank_paths: Sequence[Path] = (),
    db_path: Path | None = None,
    learner: str,
    device: "Device" = "cpu",
    runner: "SnippetRunner | None" = None,
) -> AppServices:
    """Load the bank and open the store; the runner is created but not started.

    Args:
        bank_paths: Quiz files or directories (default: the question bank).
        db_path: The attempt database (default: ``$QUIZAPP_DB`` or the user data directory).
        learner: Whose answers are recorded.
        device: Where snippets run.
        runner: A runner to share (kept running when the app closes); a new one otherwise.

    Raises:
        StoreError: The attempt database cannot be used (it is left untouched).
    """
    bank_paths = list(bank_paths) or [default_bank_path()]
    db_path = db_path or default_db_path()
    bank = load_bank_cached(bank_paths, default_cache_dir())
    store = AttemptStore(db_path)
    hidden = [*bank_paths, db_path, db_path.parent]

    def make_runner() -> "SnippetRunner":
        from quizapp.core.execution.client import SnippetRunner  # noqa: PLC0415

        return SnippetRunner(hidden_paths=hidden)

    return AppServices(
        bank=bank,
        store=store,
        make_runner=make_runner if runner is None else lambda: runner,
        learner=learner,
        device=device,
        owns_runner=runner is None,
        made_runner=runner,
    )
