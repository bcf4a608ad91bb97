"""What running one snippet produced, as decided by the process that supervised it."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

OutputCallback = Callable[[str, str], None]
"""Called as ``(stream, text)``, ``stream`` being ``stdout`` or ``stderr``, as output arrives."""


class RunStatus(StrEnum):
    """How a run ended."""

    OK = "ok"
    """The snippet ran to its end."""
    RAISED = "raised"
    """The snippet raised an exception (see ``exception_type``)."""
    TIMED_OUT = "timed_out"
    """It ran past its wall-clock or CPU-time limit and was stopped."""
    KILLED = "killed"
    """It broke the memory or output limit, or crashed the interpreter (see ``killed_for``)."""
    WORKER_ERROR = "worker_error"
    """The machinery failed, not the snippet (see ``stderr``)."""
    CANCELLED = "cancelled"
    """The run was cancelled before it ended (``SnippetRunner.cancel``)."""


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one run of a snippet produced."""

    status: RunStatus
    stdout: str = ""
    stderr: str = ""
    exception_type: str | None = None
    """The qualified class name of the exception raised, e.g. ``RuntimeError``."""
    exception_message: str | None = None
    duration_s: float = 0.0
    """Wall-clock seconds from the start of the child to its end."""
    device: str = "cpu"
    torch_version: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    killed_for: str | None = None
    """``memory``, ``output``, ``crash`` (a segmentation fault) or ``signal`` (killed by a
    signal that no limit of ours sent) when ``status`` is KILLED."""
    check_passed: bool | None = None
    """For a run with a code task's check: whether the checker passed what the run handed over
    (decided by the slot's checker, never by the run); None for a run without a check."""
    check_message: str = ""
    """Why a checked run did not pass, when its status does not say: ``exited before the
    check``, ``check failed: <the check's message>``, or that its result could not be read."""

    @property
    def outcome(self) -> str:
        """The exception's short class name, or ``no error`` when the snippet ran to its end."""
        if self.status is RunStatus.OK:
            return "no error"
        return (self.exception_type or self.status.value).rsplit(".", 1)[-1]

    @property
    def stopped_because(self) -> str:
        """Why a KILLED run was stopped, in words that follow "it was stopped: "."""
        return _STOPPED_BECAUSE.get(self.killed_for or "", "it was killed")

    def to_json(self) -> dict[str, Any]:
        """Return the result as a JSON-ready mapping."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RunResult":
        """Rebuild a result from ``to_json``'s mapping."""
        return cls(**{**data, "status": RunStatus(data["status"])})

    @classmethod
    def worker_error(cls, message: str, device: str = "cpu") -> "RunResult":
        """A result for a run the machinery could not carry out."""
        return cls(RunStatus.WORKER_ERROR, stderr=message, device=device)


_STOPPED_BECAUSE = {
    "memory": "it used too much memory",
    "output": "it printed too much output",
    "crash": "it crashed the interpreter (a segmentation fault)",
    "signal": "it was killed by a signal it did not catch",
}
