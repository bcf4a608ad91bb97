"""A progress bar for long grading runs: rich's, drawn on stderr, and only on a terminal.

The core reports progress through a plain ``(done, total)`` callable; this module turns
it into a bar with counts, elapsed time and time left. When stderr is not a terminal
(piped, redirected to a file, CI) there is no bar at all, so logs stay clean. rich decides
what a terminal is, so ``TTY_COMPATIBLE=1`` or ``FORCE_COLOR=1`` draw it anyway and
``TTY_COMPATIBLE=0`` keeps a terminal quiet.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

ProgressCallback = Callable[[int, int], None]


@contextmanager
def grading_progress(total: int, what: str = "grading") -> Iterator[ProgressCallback | None]:
    """A ``(done, total)`` callable that moves a bar on stderr, or None when stderr is not a terminal."""
    console = Console(stderr=True)
    if not console.is_terminal or total <= 0:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(what, total=total)

        def report(done: int, of: int) -> None:
            progress.update(task, completed=done, total=of)

        yield report
