"""The app's end of the warm worker process: starting it, its facts, sending it messages, hearing back.

``SnippetRunner`` (``client``) builds running and cancelling snippets on this; the pending
runs (``pending_runs``) are settled here from what the worker sends.
"""

import os
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Sequence
from dataclasses import asdict
from typing import IO, Any

from quizapp.core.execution.pending_runs import PendingRuns
from quizapp.core.execution.protocol import (
    LabProgress,
    RunFinished,
    RunOutput,
    ToWorker,
    WorkerReady,
    decode_from_worker,
    encode,
)
from quizapp.core.execution.snippet import ConcreteDevice, Device, DeviceUnavailableError, ExecutionError
from quizapp.core.execution.worker_launch import StderrTail, launch_worker, stop_worker


class WorkerConnection:
    """The warm worker process seen from the app; safe to share across threads.

    ``start`` launches it in the background (again, if it died); its replies are read on a
    thread of its own, which passes output on to the pending runs and settles them.
    """

    def __init__(
        self,
        *,
        slots: int | None = None,
        python: str,
        hidden_paths: Sequence[str | os.PathLike[str]] = (),
    ) -> None:
        """Create the connection; the worker starts with ``start``.

        Args:
            slots: Snippets run at once (default: the number of CPUs).
            python: The interpreter that runs the worker (it must have torch).
            hidden_paths: Files and directories runs must not read (the bank, submissions,
                the database); hidden where the worker runs as root (see README).
        """
        self.slots = slots or os.cpu_count() or 1
        self.python = python
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._ready = threading.Event()
        self._info: dict[str, Any] = {}
        self._pending = PendingRuns()
        self._write_lock = threading.Lock()
        self._stderr = StderrTail()
        # realpath, not Path.resolve: a symlink loop among them is kept as it is, not raised
        self.hidden_paths = tuple(os.path.realpath(path) for path in hidden_paths)
        self._home = ""
        """The worker's HOME and TMPDIR, made when it starts, removed by ``close``."""

    def start(self) -> None:
        """Start the worker in the background if it is not running; returns at once."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return
            self._ready.clear()
            self._info = {}
            if not self._home:
                self._home = tempfile.mkdtemp(prefix="quizapp-worker-")
                weakref.finalize(self, shutil.rmtree, self._home, True)  # a runner never closed
            self._process = launch_worker(
                self.python, slots=self.slots, home=self._home, hidden_paths=self.hidden_paths
            )
            process = self._process
        threading.Thread(target=self._read_results, args=(process,), daemon=True).start()
        self._stderr.follow(process)

    def wait_ready(self, timeout_s: float = 120.0) -> dict[str, Any]:
        """Start the worker if needed and wait until torch is imported; return its facts.

        Raises:
            ExecutionError: The worker did not come up.
        """
        self.start()
        if not self._ready.wait(timeout_s) or not self._info:
            tail = self._stderr.text()
            raise ExecutionError(f"the snippet worker did not start{': ' + tail if tail else ''}")
        return dict(self._info)

    @property
    def cuda_available(self) -> bool:
        """Whether the worker's torch sees a CUDA device (starts the worker if needed)."""
        return bool(self.wait_ready().get("cuda"))

    def resolve_device(self, device: Device) -> ConcreteDevice:
        """Turn ``auto`` into ``cuda`` or ``cpu``; refuse ``cuda`` where there is none.

        Raises:
            DeviceUnavailableError: CUDA was asked for and is absent.
        """
        if device == "auto":
            return "cuda" if self.cuda_available else "cpu"
        if device == "cuda" and not self.cuda_available:
            raise DeviceUnavailableError(
                f"--device cuda was asked for, but torch {self._info.get('torch_version', '')} "
                "here sees no CUDA device; use --device cpu or auto"
            )
        return device

    def _write(self, process: "subprocess.Popen[bytes]", message: ToWorker) -> bool:
        """Send one protocol line to ``process``; False if it cannot be written."""
        line = encode(message)
        try:
            with self._write_lock:
                if process.stdin is None:
                    return False
                process.stdin.write(line)
                process.stdin.flush()
        except (OSError, ValueError):  # a worker that died, or a pipe already closed
            return False
        return True

    def _read_results(self, process: "subprocess.Popen[bytes]") -> None:
        stdout: IO[bytes] | None = process.stdout
        for line in stdout or ():
            match decode_from_worker(line):
                case WorkerReady() as ready:
                    self._info = asdict(ready)
                    self._ready.set()
                case RunOutput() as output:
                    self._pending.pass_on_output(output)
                case LabProgress() as progress:
                    self._pending.pass_on_lab_step(progress)
                case RunFinished() as finished:
                    self._pending.settle(finished.id, finished.result)
                case _:
                    pass  # never expected; a garbled line must not stop the results that follow
        self._ready.set()  # the worker ended: wake anyone waiting for it to be ready
        tail = self._stderr.text()
        self._pending.fail(f"the snippet worker ended unexpectedly{': ' + tail if tail else ''}", process)

    def close(self) -> None:
        """Stop the worker; unfinished runs end as worker errors."""
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            stop_worker(process)
        with self._lock:
            home, self._home = self._home, ""
        if home:
            shutil.rmtree(home, ignore_errors=True)  # never follows a symlink a run put there
        self._pending.fail("the runner was closed")
