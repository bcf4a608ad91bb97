"""A FIFO named as an assignment, a roster or a bank to import is refused at once, never waited on.

Each read runs with a timeout, so a regression fails here instead of hanging the suite.
"""

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core.errors import QuizAppError
from quizapp.core.records.assignments import AssignmentError, read_assignment
from quizapp.core.records.roster import RosterError, read_roster

REFUSED = "it is not a regular file but a FIFO (named pipe); refused"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "ff"
    os.mkfifo(path)
    return path


def _raised_within(read: Callable[[Path], object], path: Path, seconds: float = 10) -> BaseException | None:
    """What ``read(path)`` raised, run in a thread that may not block past ``seconds``."""
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            read(path)
        except BaseException as error:  # handed to the test to check
            outcome.append(error)
        else:
            outcome.append(None)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():  # let the blocked open go (a writer arrives), then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(seconds)
        pytest.fail(f"reading the FIFO {path} blocked for {seconds} s")
    return outcome[0]


@pytest.mark.parametrize(
    ("read", "error_type", "what"),
    [(read_assignment, AssignmentError, "the assignment"), (read_roster, RosterError, "the roster")],
)
def test_reading_a_fifo_as_a_grader_file_is_refused_without_waiting(
    fifo: Path, read: Callable[[Path], object], error_type: type[QuizAppError], what: str
) -> None:
    error = _raised_within(read, fifo)
    assert isinstance(error, error_type)
    assert str(error) == f"cannot read {what} {fifo}: {REFUSED}"


def _quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "QUIZAPP_DB": str(cwd / "f.db")},
    )


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("take", "--plain", "--assignment", "ff"), f"cannot read the assignment ff: {REFUSED}", 1),
        (("grade", "--assignment", "ff", "s1.json"), f"cannot read the assignment ff: {REFUSED}", 1),
        (
            ("grade", "--format", "canvas", "--roster", "ff", "--out", "x.csv", "s1.json"),
            f"cannot read the roster ff: {REFUSED}",
            2,
        ),
        (("import-bank", "ff", "-o", "out"), f"cannot read ff: {REFUSED}", 1),
        (("import-bank", "ff", "-o", "out", "--format", "moodle"), f"cannot read ff: {REFUSED}", 1),
    ],
)
def test_commands_refuse_a_fifo_they_would_read(
    fifo: Path, args: tuple[str, ...], message: str, code: int
) -> None:
    (fifo.parent / "s1.json").write_text("{}", encoding="utf-8")
    result = _quizapp(*args, cwd=fifo.parent)
    assert result.returncode == code
    assert result.stderr.strip() == f"quizapp: error: {message}"
    assert not (fifo.parent / "out").exists()
    assert not (fifo.parent / "x.csv").exists()
