"""What one run is (code, device, time limit, a code task's check or a lab's settings) and its errors."""

from dataclasses import dataclass
from typing import Literal

from quizapp.core.errors import QuizAppError
from quizapp.core.execution.lab import LabSettings
from quizapp.core.execution.protocol import CodeCheck

Device = Literal["cpu", "cuda", "auto"]
ConcreteDevice = Literal["cpu", "cuda"]


class ExecutionError(QuizAppError):
    """Snippets cannot be run: the worker failed to start."""


class DeviceUnavailableError(ExecutionError):
    """A device was asked for that this machine does not have (a usage error)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Snippet:
    """One piece of code to run, and where and how long."""

    code: str
    device: Device = "cpu"
    timeout_s: float | None = None
    check: CodeCheck | None = None
    """A code task's hidden check; the result's ``check_passed`` then says whether the code passed."""
    lab: LabSettings | None = None
    """A lab run: the worker trains with these settings instead of running ``code`` (see ``lab_client``)."""
