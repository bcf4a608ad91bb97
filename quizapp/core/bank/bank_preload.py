"""Load the bank in a forked process while the app's own process starts its screen.

``quizapp`` typed alone must show its home screen, with the bank on it, quickly. Parsing and
validating the bank is CPU work that the app's process would otherwise do after its first
paint, on the same core as Textual. A machine has more than one core: the launcher forks a
child before it imports anything heavy, the child loads the bank and hands it back pickled
on a pipe, and the app unpickles it once its screen is up. The child is a fork of this very
program, so the pickle is as trusted as the process itself.

Whatever goes wrong in the child (a missing path, a crash) only means the app loads the bank
itself, as it would without a preload, and reports any error the usual way.
"""

import contextlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.core.bank.bank_loader import BankLoad


@dataclass(slots=True)
class BankPreload:
    """A bank being loaded by a child process; ``take`` it once."""

    paths: tuple[Path, ...]
    """The quiz files and directories the child loads."""
    pid: int
    fd: int

    @classmethod
    def start(cls, paths: Sequence[Path]) -> "BankPreload | None":
        """Fork a child that loads ``paths`` (as the app does); None where there is no fork."""
        if not hasattr(os, "fork"):
            return None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the forked child
            os.close(read_end)
            _load_and_send(paths, write_end)
        os.close(write_end)
        return cls(tuple(paths), pid, read_end)

    def take(self, paths: Sequence[Path]) -> "BankLoad | None":
        """The loaded bank if the child loaded ``paths`` and handed it over; None otherwise."""
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                data = pipe.read()
        finally:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        if tuple(paths) != self.paths or not data:
            return None
        try:
            load: BankLoad = pickle.loads(data)  # our own fork's pickle, never a file
        except Exception:  # a child that died mid-write: load the bank here instead
            return None
        return load


def _load_and_send(paths: Sequence[Path], write_end: int) -> None:  # pragma: no cover - child only
    """Load the bank and write it pickled on ``write_end``; never returns."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # the terminal belongs to the app
            os.dup2(devnull, fd)
        from quizapp.core.bank.bank_loader import load_bank  # noqa: PLC0415 - pydantic loads here only

        data = pickle.dumps(load_bank(list(paths), check_snippet_syntax=False), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # whatever it was, the app loads the bank itself and reports why
        pass
    finally:
        os._exit(0)
