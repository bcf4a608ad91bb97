"""The worker process: imports torch once, then serves the app's requests through its slots.

Started by ``quizapp.core.execution.worker_connection`` as ``python -m quizapp.core.execution.worker``
with a scrubbed environment. It speaks the JSON lines of ``quizapp.core.execution.protocol``:
requests and cancels on stdin, one ``WorkerReady`` then results (and streamed output) on a
private copy of stdout (fd 1 itself points at /dev/null, so nothing printed by accident can
corrupt the protocol). It never touches CUDA, and runs torch operations only in its
warm-up, on one thread (``_warm_up``): a process that forks must not have started CUDA or
a thread pool.

After warming up it forks one *slot* per parallel run (``slot``). A cancel for a request
still queued here is answered at once with a CANCELLED result; one for a running request
goes to its slot. Cancels name the request, so one that crosses the run's own result on
the way is simply ignored.
"""

import argparse
import gc
import os
import selectors
import sys
import warnings
from typing import BinaryIO

from quizapp.core.execution.protocol import (
    CancelRequest,
    FromWorker,
    LabProgress,
    RunFinished,
    RunOutput,
    RunRequest,
    SlotReady,
    WorkerReady,
    decode_from_worker,
    decode_to_worker,
    encode,
)
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.worker import handed_data
from quizapp.core.execution.worker.huge_pages import collapse_into_huge_pages
from quizapp.core.execution.worker.judged_run import vet_call_rules
from quizapp.core.execution.worker.process_control import name_process, warm_up_libc
from quizapp.core.execution.worker.slot import SlotHandle

WARM_UP_WARNINGS: list[str] = []
"""What the warm-up warned (it must be nothing: a test holds it)."""


def _warm_up() -> str:
    """Import torch and run, once and tiny, what snippets commonly do; return torch's version.

    Each run's child is a fork of this process: whatever torch sets up lazily on first use
    (kernels, autograd, printing, the hand-over of a check's data) is done here
    once instead of in every child, which halves a child's CPU time. With one thread
    (``OMP_NUM_THREADS=1``, set by the client, and ``set_num_threads(1)`` before any op) no
    thread pool exists that a fork could break. Nothing here may warn: a warning torch
    gives only once would then never reach a snippet that expects to see it.
    """
    import torch
    import torch.nn.utils
    import torch.optim

    torch.set_num_threads(1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # shown to nobody; kept in WARM_UP_WARNINGS for the tests
        model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
        model(torch.randn(2, 4)).pow(2).mean().backward()
        parameters = list(model.parameters())
        total = torch.nn.utils.get_total_norm([p.grad for p in parameters if p.grad is not None])
        torch.nn.utils.clip_grads_with_norm_(parameters, 1.0, total)
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        torch.nn.utils.clip_grad_value_(parameters, 0.5)
        optimizer = torch.optim.SGD(parameters, lr=0.1, momentum=0.9)
        optimizer.step()
        optimizer.zero_grad()
        str(total), str(parameters[0])
        handed = {"total": total, "weight": parameters[0], "dtype": total.dtype}
        handed_data.decode(handed_data.encode(handed))
        torch.manual_seed(0)  # queues CUDA's seeding for children that start CUDA (child._seed_everything)
    WARM_UP_WARNINGS[:] = [str(warning.message) for warning in caught]
    return str(torch.__version__)


def _cuda_available() -> bool:
    """Ask a throwaway child whether CUDA works, so this process never initialises CUDA."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        answer = b"0"
        try:
            import torch

            answer = b"1" if torch.cuda.is_available() else b"0"
        finally:
            os.write(write_end, answer)
            os._exit(0)
    os.close(write_end)
    answer = os.read(read_end, 1)
    os.close(read_end)
    os.waitpid(child, 0)
    return answer == b"1"


class Worker:
    """Accept requests, run up to ``slots`` at once, send results back in completion order."""

    def __init__(self, slots: int, protocol: BinaryIO) -> None:
        """Serve with ``slots`` slot processes, answering on ``protocol``."""
        self.slot_count = slots
        self.protocol = protocol
        self.pending: list[RunRequest] = []
        self.slots: dict[int, SlotHandle] = {}
        """Slots by the fd their messages come on."""
        self.ready: list[SlotHandle] = []
        self.selector = selectors.DefaultSelector()
        self.torch_version = ""
        self.cuda = False
        self.unread = b""
        """The start of a request line not yet read whole."""

    def send(self, message: FromWorker) -> None:
        """Write one protocol line to the app."""
        self.protocol.write(encode(message))
        self.protocol.flush()

    def serve(self) -> None:
        """Warm up, start the slots, announce readiness, then serve until stdin closes."""
        name_process("quizapp-worker")
        self.torch_version = _warm_up()
        self.cuda = _cuda_available()
        warm_up_libc()
        gc.collect()
        gc.freeze()  # keep the collector from touching (and so copying) inherited pages in children
        collapse_into_huge_pages()  # far fewer page-table entries to copy at each fork (huge_pages)
        for number in range(self.slot_count):
            self._start_slot(number)
        self.send(WorkerReady(self.torch_version, self.cuda, os.getpid()))
        stdin = sys.stdin.buffer
        self.selector.register(stdin, selectors.EVENT_READ, "requests")
        open_input = True
        while open_input or self.pending or any(slot.request_id is not None for slot in self.slots.values()):
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "requests":
                    open_input = self._read_requests(stdin)
                else:
                    self._hear_from(self.slots[key.fd])
            self._dispatch()
        for slot in list(self.slots.values()):
            slot.close()

    def _read_requests(self, stdin: BinaryIO) -> bool:
        """Accept the requests that have come in; False once the app closed its end.

        What was read stays in no frame of the serving loop: a slot started again later is
        forked from here, and its runs must find no other learner's code in what it inherits.
        """
        chunk = os.read(stdin.fileno(), 1 << 20)
        if not chunk:
            self.selector.unregister(stdin)
            return False
        *lines, self.unread = (self.unread + chunk).split(b"\n")
        for line in lines:
            if line.strip():
                self._accept(decode_to_worker(line))
        return True

    def _forget_requests(self) -> None:
        """In a slot just forked from this server: drop the requests the server holds (not the slot's)."""
        self.pending.clear()
        self.unread = b""
        for handle in self.slots.values():  # the start of another slot's next message
            handle.buffer = b""

    def _accept(self, message: RunRequest | CancelRequest) -> None:
        """Queue a request, or act on a cancel."""
        if isinstance(message, RunRequest):
            self.pending.append(message)
            return
        for index, request in enumerate(self.pending):
            if request.id == message.id:
                del self.pending[index]
                self.send(RunFinished(message.id, RunResult(RunStatus.CANCELLED, device=request.device)))
                return
        for slot in self.slots.values():
            if slot.request_id == message.id:
                slot.cancel(message.id)
                return
        # Neither queued nor running: its result is already on its way.

    def _start_slot(self, number: int) -> None:
        slot = SlotHandle(number, self.torch_version, on_fork=self._forget_requests)
        self.slots[slot.results_r] = slot
        self.selector.register(slot.results_r, selectors.EVENT_READ, "slot")

    def _dispatch(self) -> None:
        while self.pending and self.ready:
            request = self.pending.pop(0)
            if request.device == "cuda" and not self.cuda:
                result = RunResult.worker_error("CUDA was asked for, but torch sees no CUDA device", "cuda")
                self.send(RunFinished(request.id, result))
                continue
            vetted = vet_call_rules(request)  # here, not in the slot: see its docstring
            if isinstance(vetted, RunResult):
                self.send(RunFinished(request.id, vetted))
                continue
            self.ready.pop().send(vetted)

    def _hear_from(self, slot: SlotHandle) -> None:
        chunk = os.read(slot.results_r, 1 << 20)
        if not chunk:  # the slot died: fail its run, start a new slot in its place
            self.selector.unregister(slot.results_r)
            del self.slots[slot.results_r]
            if slot in self.ready:
                self.ready.remove(slot)
            if slot.request_id is not None:
                result = RunResult.worker_error("the run's slot process died", slot.device)
                self.send(RunFinished(slot.request_id, result))
            slot.close()
            self._start_slot(slot.number)
            return
        slot.buffer += chunk
        *lines, slot.buffer = slot.buffer.split(b"\n")
        for line in lines:
            match decode_from_worker(line):
                case SlotReady():
                    self.ready.append(slot)
                case RunOutput() | LabProgress() as output:
                    if output.id == slot.request_id:  # never another run's, nor a late one
                        self.send(output)
                case RunFinished() as finished:
                    slot.request_id = None
                    self.send(finished)
                case _:
                    pass  # a slot writes nothing else


def main() -> None:
    """Serve requests until stdin closes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    protocol = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    Worker(max(1, args.slots), protocol).serve()
