"""The runs a ``SnippetRunner`` has sent and not yet heard back from, each settled exactly once."""

import logging
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Literal

from quizapp.core.execution.lab import LabStep
from quizapp.core.execution.protocol import LabProgress, RunOutput
from quizapp.core.execution.run_result import OutputCallback, RunResult

_log = logging.getLogger(__name__)


@dataclass(slots=True)
class PendingRun:
    """A request sent to the worker whose result has not come back."""

    future: "Future[RunResult]"
    device: Literal["cpu", "cuda"]
    process: "subprocess.Popen[bytes]"
    """The worker it went to (a replaced worker's requests fail with it, not with the new one)."""
    submitted: float
    on_output: OutputCallback | None
    on_lab_step: Callable[[LabStep], None] | None = None
    """A lab run's receiver of its steps."""


class PendingRuns:
    """Pending runs by request id and by future; safe to share across threads.

    Every way a run can end (its result, a cancel, a worker that died or stopped answering,
    the runner closing) settles it through :meth:`settle`, so the first one wins and the
    others find nothing to do.
    """

    def __init__(self) -> None:
        """Start with nothing pending."""
        self._lock = threading.Lock()
        self._by_id: dict[int, PendingRun] = {}
        self._ids: dict[Future[RunResult], int] = {}

    def add(self, request_id: int, run: PendingRun) -> None:
        """Wait for ``request_id``'s result."""
        with self._lock:
            self._by_id[request_id] = run
            self._ids[run.future] = request_id

    def find(self, future: "Future[RunResult]") -> tuple[int, PendingRun] | None:
        """The pending run behind ``future``, with its request id; None once it is settled."""
        with self._lock:
            request_id = self._ids.get(future)
            run = None if request_id is None else self._by_id.get(request_id)
        return None if request_id is None or run is None else (request_id, run)

    def settle(self, request_id: int, result: RunResult) -> bool:
        """Resolve a pending run's future with ``result``; False if it was settled already."""
        with self._lock:
            run = self._by_id.pop(request_id, None)
            if run is not None:
                del self._ids[run.future]
        if run is None:
            return False
        run.future.set_result(result)
        return True

    def give_up(self, request_id: int) -> None:
        """End a run whose result is long overdue as a worker error."""
        with self._lock:
            run = self._by_id.get(request_id)
        if run is not None:
            self.settle(
                request_id, RunResult.worker_error("the snippet worker stopped answering", run.device)
            )

    def fail(self, why: str, process: "subprocess.Popen[bytes] | None" = None) -> None:
        """Fail every pending run (only those sent to ``process``, if given) with ``why``."""
        with self._lock:
            failing = [
                (request_id, run.device)
                for request_id, run in self._by_id.items()
                if process is None or run.process is process
            ]
        for request_id, device in failing:
            self.settle(request_id, RunResult.worker_error(why, device))

    def pass_on_output(self, output: RunOutput) -> None:
        """Hand a piece of a run's output to its ``on_output``, if it is pending and asked."""
        with self._lock:
            run = self._by_id.get(output.id)
        if run is None or run.on_output is None:
            return  # settled already (cancelled), or nobody asked
        try:
            run.on_output(output.stream, output.text)
        except Exception:  # the caller's bug must not stop the results of every other run
            _log.exception("on_output raised; the rest of this run's output is not passed to it")
            run.on_output = None

    def pass_on_lab_step(self, progress: LabProgress) -> None:
        """Hand a lab run's step to its ``on_lab_step``, if it is pending and asked."""
        with self._lock:
            run = self._by_id.get(progress.id)
        if run is None or run.on_lab_step is None:
            return
        try:
            run.on_lab_step(progress.step)
        except Exception:  # as for output: one caller's bug must not stop every other run
            _log.exception("on_lab_step raised; the rest of this run's steps are not passed to it")
            run.on_lab_step = None
