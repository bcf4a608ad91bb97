"""The limits every snippet runs under."""

from dataclasses import asdict, dataclass
from typing import Any

DEFAULT_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    """Limits for one run; the defaults let torch work on the CPU and stop runaway code."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    """Wall-clock seconds before the whole process tree is killed."""
    memory_bytes: int = 2 * 1024**3
    """Address space a CPU run may add to what the warm worker already maps."""
    output_bytes: int = 64 * 1024
    """Bytes kept of stdout and of stderr each; more marks the run killed for output."""
    processes: int = 64
    """Processes and threads the run may have at once (contains a fork bomb)."""
    file_bytes: int = 16 * 1024**2
    """Largest file the run may write in its throwaway directory."""

    @property
    def cpu_seconds(self) -> int:
        """CPU-time limit: the wall limit, rounded up, plus a second."""
        return int(self.timeout_s) + 2

    def to_json(self) -> dict[str, Any]:
        """Return the limits as a JSON-ready mapping."""
        return asdict(self)
