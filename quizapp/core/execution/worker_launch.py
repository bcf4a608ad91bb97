"""Start and stop the warm worker process, app side: its command, environment and home.

The worker sees none of the app's environment but what it needs: a PATH, a throwaway HOME
(also its TMPDIR), the paths runs must not read, and the variables torch needs for GPUs.
"""

import contextlib
import json
import os
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path

HIDDEN_PATHS_VARIABLE = "QUIZAPP_HIDDEN_PATHS"
"""The worker's environment variable holding the paths runs must not read (a JSON list)."""
_PASSED_THROUGH = ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")
"""The only variables of the app's environment the worker sees (torch needs them for GPUs)."""


def worker_environment(home: str, hidden_paths: Sequence[str]) -> dict[str, str]:
    """The whole environment of a worker whose HOME is ``home``."""
    package_root = str(Path(__file__).resolve().parents[3])
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,  # an ordinary user's runs get their directories here
        HIDDEN_PATHS_VARIABLE: json.dumps(list(hidden_paths)),
        "LANG": "C.UTF-8",
        "PYTHONPATH": package_root,
        "OMP_NUM_THREADS": "1",
        "PYTORCH_NVML_BASED_CUDA_CHECK": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.update({name: os.environ[name] for name in _PASSED_THROUGH if name in os.environ})
    return environment


def launch_worker(
    python: str, *, slots: int, home: str, hidden_paths: Sequence[str]
) -> "subprocess.Popen[bytes]":
    """Start ``python -m quizapp.core.execution.worker`` in a session of its own, in ``home``."""
    return subprocess.Popen(
        [python, "-m", "quizapp.core.execution.worker", "--slots", str(slots)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=worker_environment(home, hidden_paths),
        cwd=home,
        start_new_session=True,
    )


def stop_worker(process: "subprocess.Popen[bytes]", *, grace_s: float = 5.0) -> None:
    """Close the worker's input (it then ends its slots and exits); kill it if it does not."""
    if process.stdin:
        with contextlib.suppress(OSError):  # the worker may be gone already
            process.stdin.close()
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class StderrTail:
    """The last few KiB a worker wrote on stderr, kept to explain why it failed."""

    def __init__(self, keep_bytes: int = 4096) -> None:
        """Keep at most ``keep_bytes`` of the end of the stream."""
        self.keep_bytes = keep_bytes
        self._tail = b""

    def follow(self, process: "subprocess.Popen[bytes]") -> None:
        """Read ``process``'s stderr on a daemon thread until it ends."""
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: "subprocess.Popen[bytes]") -> None:
        if process.stderr is None:
            return
        for chunk in iter(lambda: os.read(process.stderr.fileno(), 4096) if process.stderr else b"", b""):
            self._tail = (self._tail + chunk)[-self.keep_bytes :]

    def text(self) -> str:
        """What was kept, as text, stripped."""
        return self._tail.decode("utf-8", "replace").strip()

    def clear(self) -> None:
        """Forget what was kept (a new worker starts)."""
        self._tail = b""
