"""Run snippets from the app: a client of the warm worker process, safe to share across threads."""

import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace

from quizapp.core.execution.lab import LabStep
from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.pending_runs import PendingRun
from quizapp.core.execution.protocol import CancelRequest, RunRequest
from quizapp.core.execution.run_result import OutputCallback, RunResult, RunStatus
from quizapp.core.execution.snippet import Device, Snippet
from quizapp.core.execution.worker_connection import WorkerConnection

_GRACE_S = 30.0
"""How long past a snippet's own limit the client waits before calling the worker stuck."""


class SnippetRunner(WorkerConnection):
    """Runs snippets in a warm worker that imported torch once; starts it on first need.

    ``start()`` begins the warm-up in the background; ``run`` and ``run_many`` wait for it
    only when they must. Results come back as they finish; several run at once; ``cancel``
    stops one.
    """

    def __init__(
        self,
        *,
        slots: int | None = None,
        limits: SandboxLimits | None = None,
        python: str = sys.executable,
        hidden_paths: Sequence[str | os.PathLike[str]] = (),
    ) -> None:
        """Create a runner; nothing starts until ``start``, ``run`` or ``run_many``.

        Args:
            slots: Snippets run at once (default: the number of CPUs).
            limits: Default limits for every run.
            python: The interpreter that runs the worker (it must have torch).
            hidden_paths: Files and directories runs must not read (the bank, submissions,
                the database); hidden where the worker runs as root (see README).
        """
        super().__init__(slots=slots, python=python, hidden_paths=hidden_paths)
        self.limits = limits or SandboxLimits()
        self._ids = itertools.count()

    def run(self, code: str, *, device: Device = "cpu", timeout_s: float | None = None) -> RunResult:
        """Run one snippet and wait for its result."""
        return self.submit(Snippet(code, device, timeout_s)).result()

    def run_many(
        self, snippets: Sequence[Snippet], progress: Callable[[int, int], None] | None = None
    ) -> list[RunResult]:
        """Run snippets in parallel; results in the order given. ``progress(done, total)`` as they end."""
        futures = [self.submit(snippet) for snippet in snippets]
        done = 0
        done_lock = threading.Lock()

        def count(_: Future[RunResult]) -> None:
            nonlocal done
            with done_lock:
                done += 1
                if progress is not None:
                    progress(done, len(futures))

        for future in futures:
            future.add_done_callback(count)
        return [future.result() for future in futures]

    def submit(
        self,
        snippet: Snippet,
        on_output: OutputCallback | None = None,
        on_lab_step: Callable[[LabStep], None] | None = None,
    ) -> "Future[RunResult]":
        """Queue a snippet; the future resolves to its result (never raises for the snippet's sake).

        The future counts as running from the start, so ``Future.cancel`` does nothing; use
        ``cancel`` to stop the run.

        Args:
            snippet: What to run, where, and for how long at most.
            on_output: Called as ``on_output(stream, text)``, ``stream`` being ``stdout`` or
                ``stderr``, with the output as the snippet writes it, in order; the pieces
                of one stream joined equal that stream's text in the result (the kept part:
                nothing past ``SandboxLimits.output_bytes``). Every call comes before the
                future resolves, except that one already under way when ``cancel`` resolves
                it may end after. It runs on the runner's reader thread, which carries every
                run's results: keep it quick (hand the text to your UI thread and return)
                and do not wait there for a result. An exception it raises is logged, and
                the run's output is no longer passed to it. Without it, no output is sent
                before the result.
            on_lab_step: For a lab run, called with each step as it is measured, under the
                same rules as ``on_output``.

        Raises:
            DeviceUnavailableError: The snippet asks for CUDA and there is none.
            ExecutionError: The worker did not start.
        """
        self.start()  # a worker that died (killed, crashed) is replaced here
        device = self.resolve_device(snippet.device)
        limits = (
            self.limits if snippet.timeout_s is None else replace(self.limits, timeout_s=snippet.timeout_s)
        )
        future: Future[RunResult] = Future()
        future.set_running_or_notify_cancel()  # only this runner settles it
        request_id = next(self._ids)
        message = RunRequest(
            request_id, snippet.code, device, limits, on_output is not None, snippet.check, snippet.lab
        )
        with self._lock:
            process = self._process
            if process is not None:
                self._pending.add(
                    request_id, PendingRun(future, device, process, time.monotonic(), on_output, on_lab_step)
                )
        if process is None:  # closed meanwhile
            future.set_result(RunResult.worker_error("the snippet worker is not running", device))
            return future
        if not self._write(process, message):
            self._pending.settle(
                request_id, RunResult.worker_error("the snippet worker is not running", device)
            )
            return future
        if self._ready.is_set():
            self._start_deadline(request_id, limits.timeout_s + _GRACE_S, future)
        else:  # the deadline counts from when the worker can run it, not through its warm-up
            threading.Thread(
                target=self._deadline_after_warm_up,
                args=(request_id, limits.timeout_s + _GRACE_S, future),
                daemon=True,
            ).start()
        return future

    def _deadline_after_warm_up(self, request_id: int, seconds: float, future: "Future[RunResult]") -> None:
        self._ready.wait()
        if not future.done():
            self._start_deadline(request_id, seconds, future)

    def _start_deadline(self, request_id: int, seconds: float, future: "Future[RunResult]") -> None:
        """Give up on the run if its result has not come ``seconds`` from now."""
        timer = threading.Timer(seconds, self._pending.give_up, args=(request_id,))
        timer.daemon = True
        timer.start()
        future.add_done_callback(lambda _: timer.cancel())

    def cancel(self, future: "Future[RunResult]") -> bool:
        """Stop the run behind ``future``, a future that ``submit`` returned.

        The future is resolved here, before this returns, to a CANCELLED result whose
        ``duration_s`` is the time since it was submitted. The worker then drops the request
        if it is still queued, or has its slot stop the run and kill the snippet's whole
        process tree (within milliseconds). Other runs are not disturbed; a run submitted
        next queues behind the cancel and starts on a fresh child as usual.

        Returns:
            True if the run was cancelled; False if its result had already come (or is being
            delivered right now) or the future is not one of this runner's.
        """
        found = self._pending.find(future)
        if found is None:
            return False
        request_id, request = found
        result = RunResult(
            RunStatus.CANCELLED,
            duration_s=round(time.monotonic() - request.submitted, 6),
            device=request.device,
        )
        if not self._pending.settle(request_id, result):
            return False  # its result came first
        # Only now tell the worker: its answer (CANCELLED, or the result on its way) must find
        # the request settled already.
        self._write(request.process, CancelRequest(request_id))  # a worker that is gone ran nothing
        return True

    def __enter__(self) -> "SnippetRunner":
        """Start the worker in the background."""
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        """Stop the worker."""
        self.close()
