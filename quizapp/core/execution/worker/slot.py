"""A slot: a process forked from the warm worker that runs one request at a time in a prepared child.

A slot keeps children forked ahead of need, so a request costs no fork and no wait for a
child's set-up: it hands the code to its waiting child, judges the run, cleans up, has
the child after next forked (which sets itself up while the next one runs), and says it is
ready again. The children are forked by the slot's zygote (``zygote``), so that none
inherits what the slot read of earlier runs. ``SlotHandle`` is the worker's side of it;
``serve_slot`` the slot's own life.
A cancel for a running request comes through a pipe of its own: the slot ends the run,
kills its whole process tree as after any run, and answers CANCELLED.
"""

import contextlib
import os
from collections.abc import Callable

from quizapp.core.execution.lab import LabStep
from quizapp.core.execution.protocol import (
    FromWorker,
    LabProgress,
    RunFinished,
    RunOutput,
    RunRequest,
    SlotReady,
    decode_to_worker,
    encode,
)
from quizapp.core.execution.run_result import OutputCallback, RunResult
from quizapp.core.execution.worker.checker import Checker
from quizapp.core.execution.worker.confinement import confinement_for_slot
from quizapp.core.execution.worker.judged_run import run_request
from quizapp.core.execution.worker.process_control import (
    CLONE_NEWNET,
    become_subreaper,
    close_all_but,
    die_with_parent,
    libc,
    name_process,
)
from quizapp.core.execution.worker.supervision import CancelCheck, discard
from quizapp.core.execution.worker.zygote import child_source


class SlotHandle:
    """The worker's handle on one slot process."""

    def __init__(self, number: int, torch_version: str, on_fork: Callable[[], None] = lambda: None) -> None:
        """Fork slot ``number``; it reports ``SlotReady`` once its first child is prepared.

        ``on_fork`` runs first in the slot: the server drops there what it holds of other
        runs' requests, which the slot's children would otherwise inherit.
        """
        self.number = number
        requests_r, self.requests_w = os.pipe()
        self.results_r, results_w = os.pipe()
        cancels_r, self.cancels_w = os.pipe()
        os.set_blocking(self.cancels_w, False)  # a slot that stopped reading must not stall the worker
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the forked slot
            close_all_but({0, 1, 2, requests_r, results_w, cancels_r})  # not the app's pipe, not other slots'
            on_fork()
            serve_slot(number, (requests_r, results_w, cancels_r), torch_version)
        for fd in (requests_r, results_w, cancels_r):
            os.close(fd)
        self.buffer = b""
        self.request_id: int | None = None
        """The request the slot runs now, if any."""
        self.device = "cpu"

    def send(self, request: RunRequest) -> None:
        """Hand ``request`` to the slot, which must have said it is ready."""
        self.request_id = request.id
        self.device = request.device
        os.write(self.requests_w, encode(request))

    def cancel(self, request_id: int) -> None:
        """Ask the slot to end run ``request_id``; it ignores the ask if that run is over."""
        with contextlib.suppress(OSError):  # the slot died or stopped listening: nothing to end
            os.write(self.cancels_w, b"%d\n" % request_id)

    def close(self) -> None:
        """Close the pipes to the slot (it ends) and reap it."""
        for fd in (self.requests_w, self.results_r, self.cancels_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


class _CancelInbox:
    """The slot's end of its cancel pipe: the ids of runs the worker asked it to end."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def check_for(self, request_id: int) -> CancelCheck:
        """What ``run_prepared`` watches while it runs ``request_id``."""
        wanted = b"%d" % request_id

        def asked() -> bool:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return True  # the worker is gone; the slot is about to die with it
            self.buffer += chunk
            *ids, self.buffer = self.buffer.split(b"\n")
            return wanted in ids  # any other id is a late cancel of a run already over

        return CancelCheck(self.fd, asked)


def _output_to(say: Callable[[FromWorker], None], request_id: int) -> OutputCallback:
    """Send each piece of a run's output to the worker as a line of its own."""

    def send(stream: str, text: str) -> None:
        say(RunOutput(request_id, stream, text))

    return send


def _steps_to(say: Callable[[FromWorker], None], request_id: int) -> Callable[[LabStep], None]:
    """Send each step of a lab run to the worker as a message of its own."""

    def send(step: LabStep) -> None:
        say(LabProgress(request_id, step))

    return send


def serve_slot(number: int, pipes: tuple[int, int, int], torch_version: str) -> None:  # pragma: no cover
    """A slot's life: keep a prepared child, run each request in it, report, prepare the next."""
    requests_r, results_w, cancels_r = pipes
    try:
        die_with_parent()
        name_process(f"quizapp-slot{number}")
        become_subreaper()
        # One network namespace with no network for all the slot's runs (and its checker),
        # made once: a namespace per run cost its creation and a teardown in the kernel.
        libc().unshare(CLONE_NEWNET)  # fails quietly where not permitted
        confinement = confinement_for_slot()
        results = os.fdopen(results_w, "wb", buffering=0)

        def say(message: FromWorker) -> None:
            results.write(encode(message))

        inbox = _CancelInbox(cancels_r)
        checker = Checker()  # forked before any run, so it never shares a process with learner code
        children = child_source(confinement)  # the zygote: forked before any run, as the checker
        spare = {pid for pid in (checker.pid, children.pid) if pid is not None}
        # Two children at a time: one ready for the next request, and behind it one still
        # setting itself up (mounts, its memory cgroup: ~10 ms of waiting on the kernel),
        # which it does while the other runs. Each is in a lane, a cgroup, of its own.
        child = children.prepare(lane=0)
        upcoming = children.prepare(lane=1)
        try:
            say(SlotReady(number))
            for line in os.fdopen(requests_r, "rb"):
                request = decode_to_worker(line)
                if not isinstance(request, RunRequest):
                    continue  # cancels come on their own pipe, never here
                memory_kills = confinement.memory_kills(child.lane)
                try:
                    result = run_request(
                        child,
                        request,
                        checker,
                        torch_version=torch_version,
                        cancel=inbox.check_for(request.id),
                        on_output=_output_to(say, request.id) if request.stream else None,
                        on_lab_step=_steps_to(say, request.id),
                        wait_for_exit=children.wait_for_exit,
                    )
                except Exception as error:  # any failure of the machinery becomes a worker_error result
                    result = RunResult.worker_error(f"the slot failed: {error!r}", request.device)
                say(RunFinished(request.id, confinement.judge_memory(result, memory_kills, child.lane)))
                discard(child, spare={*spare, upcoming.pid})  # all of the run, before the next starts
                children.forget(child.pid)
                # Where the slot forks the children itself (no zygote), the next one is forked
                # from this frame: it must hold nothing of this run, another learner's code.
                del line, request, result
                child, upcoming = upcoming, children.prepare(lane=child.lane)
                say(SlotReady(number))
        except BrokenPipeError:
            pass  # the server stopped listening: it is shutting down, so end as when the requests end
        finally:  # however the slot ends, it leaves no process, directory or cgroup behind
            try:
                children.close()  # the zygote first: its children then come to the slot
                discard(child, spare={*spare, upcoming.pid})
                discard(upcoming, spare=spare)
                checker.close()
            finally:
                confinement.release()
    finally:
        os._exit(0)
