"""The warm worker: imports torch once, then runs snippets in forked, sandboxed children.

Started by ``quizapp.core.execution.client`` as ``python -m quizapp.core.execution.worker``
with a scrubbed environment. It speaks JSON lines: requests (and ``{"cancel": id}`` lines)
on stdin, one ``ready`` line then one result per request on a private copy of stdout (fd 1
itself points at /dev/null, so nothing printed by accident can corrupt the protocol). A
request with ``"stream": true`` also gets ``{"id": .., "output": {"stream": "stdout",
"text": ..}}`` lines, before its result, as the output arrives; the snippet's output only
ever travels JSON-encoded inside such lines, which its slot writes, never raw. It
never runs a torch operation and never touches CUDA itself: a process that forks must not
have done either.

After warming up it forks one *slot* process per parallel run. A slot keeps a child
forked ahead of need, so a request costs no fork: the slot hands the code to its waiting
child, judges the run, cleans up, forks the next child, and says it is ready again.

A cancel for a request still queued here is answered at once with a CANCELLED result. One
for a running request goes to its slot through a pipe of its own: the slot ends the run,
kills its whole process tree as after any run, and answers CANCELLED. Cancels name the
request, so one that crosses the run's own result on the way is simply ignored.
"""

import argparse
import contextlib
import gc
import json
import os
import selectors
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.run_result import OutputCallback, RunResult, RunStatus
from quizapp.core.execution.sandbox import (
    CancelCheck,
    become_subreaper,
    close_all_but,
    die_with_parent,
    discard,
    prepare_child,
    run_prepared,
    sandbox_uid,
)


def _warm_up() -> str:
    """Import torch and what snippets commonly pull in, without running any op."""
    import torch
    import torch.nn.utils
    import torch.optim

    # Building an optimizer imports torch._dynamo (seconds); pay that once, here.
    torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
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


class _Slot:
    """The worker's handle on one slot process."""

    def __init__(self, number: int, torch_version: str) -> None:
        self.number = number
        requests_r, self.requests_w = os.pipe()
        self.results_r, results_w = os.pipe()
        cancels_r, self.cancels_w = os.pipe()
        os.set_blocking(self.cancels_w, False)  # a slot that stopped reading must not stall the worker
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the forked slot
            close_all_but({0, 1, 2, requests_r, results_w, cancels_r})  # not the app's pipe, not other slots'
            _serve_slot(number, (requests_r, results_w, cancels_r), torch_version)
        for fd in (requests_r, results_w, cancels_r):
            os.close(fd)
        self.buffer = b""
        self.request_id: int | None = None
        self.device = "cpu"

    def send(self, request: dict[str, Any]) -> None:
        self.request_id = request["id"]
        self.device = request.get("device", "cpu")
        os.write(self.requests_w, json.dumps(request).encode() + b"\n")

    def cancel(self, request_id: int) -> None:
        """Ask the slot to end run ``request_id``; it ignores the ask if that run is over."""
        with contextlib.suppress(OSError):  # the slot died or stopped listening: nothing to end
            os.write(self.cancels_w, b"%d\n" % request_id)

    def close(self) -> None:
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


def _output_to(say: Callable[[dict[str, Any]], None], request_id: int) -> OutputCallback:
    """Send each piece of a run's output to the worker as a line of its own."""

    def send(stream: str, text: str) -> None:
        say({"id": request_id, "output": {"stream": stream, "text": text}})

    return send


def _serve_slot(number: int, pipes: tuple[int, int, int], torch_version: str) -> None:  # pragma: no cover
    """A slot's life: keep a prepared child, run each request in it, report, prepare the next."""
    requests_r, results_w, cancels_r = pipes
    try:
        die_with_parent()
        become_subreaper()
        uid = sandbox_uid(number)
        results = os.fdopen(results_w, "wb", buffering=0)

        def say(message: dict[str, Any]) -> None:
            results.write(json.dumps(message).encode() + b"\n")

        inbox = _CancelInbox(cancels_r)
        child = prepare_child(uid)
        say({"ready": number})
        for line in os.fdopen(requests_r, "rb"):
            request = json.loads(line)
            device = request.get("device", "cpu")
            try:
                limits = SandboxLimits(**request.get("limits", {}))
                result = run_prepared(
                    child,
                    request["code"],
                    device=device,
                    limits=limits,
                    torch_version=torch_version,
                    cancel=inbox.check_for(request["id"]),
                    on_output=_output_to(say, request["id"]) if request.get("stream") else None,
                )
            except Exception as error:  # any failure of the machinery becomes a worker_error result
                result = RunResult.worker_error(f"the slot failed: {error!r}", device)
            say({"id": request["id"], "result": result.to_json()})
            discard(child)
            child = prepare_child(uid)
            say({"ready": number})
        discard(child)
    finally:
        os._exit(0)


class Worker:
    """Accept requests, run up to ``slots`` at once, send results back in completion order."""

    def __init__(self, slots: int, protocol: BinaryIO) -> None:
        self.slot_count = slots
        self.protocol = protocol
        self.pending: list[dict[str, Any]] = []
        self.slots: dict[int, _Slot] = {}
        """Slots by the fd their messages come on."""
        self.ready: list[_Slot] = []
        self.selector = selectors.DefaultSelector()
        self.torch_version = ""
        self.cuda = False

    def send(self, message: dict[str, Any]) -> None:
        """Write one protocol line to the app."""
        self.protocol.write(json.dumps(message).encode() + b"\n")
        self.protocol.flush()

    def serve(self) -> None:
        """Warm up, start the slots, announce readiness, then serve until stdin closes."""
        self.torch_version = _warm_up()
        self.cuda = _cuda_available()
        gc.freeze()  # keep the collector from touching (and so copying) inherited pages in children
        for number in range(self.slot_count):
            self._start_slot(number)
        self.send({"ready": {"torch_version": self.torch_version, "cuda": self.cuda, "pid": os.getpid()}})
        stdin = sys.stdin.buffer
        self.selector.register(stdin, selectors.EVENT_READ, "requests")
        buffer = b""
        open_input = True
        while open_input or self.pending or any(slot.request_id is not None for slot in self.slots.values()):
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "requests":
                    chunk = os.read(stdin.fileno(), 1 << 20)
                    if not chunk:
                        self.selector.unregister(stdin)
                        open_input = False
                        continue
                    buffer += chunk
                    *lines, buffer = buffer.split(b"\n")
                    for line in lines:
                        if line.strip():
                            self._accept(json.loads(line))
                else:
                    self._hear_from(self.slots[key.fd])
            self._dispatch()
        for slot in list(self.slots.values()):
            slot.close()

    def _accept(self, message: dict[str, Any]) -> None:
        """Queue a request, or act on a cancel."""
        if "cancel" not in message:
            self.pending.append(message)
            return
        request_id = message["cancel"]
        for index, request in enumerate(self.pending):
            if request["id"] == request_id:
                del self.pending[index]
                result = RunResult(RunStatus.CANCELLED, device=request.get("device", "cpu"))
                self.send({"id": request_id, "result": result.to_json()})
                return
        for slot in self.slots.values():
            if slot.request_id == request_id:
                slot.cancel(request_id)
                return
        # Neither queued nor running: its result is already on its way.

    def _start_slot(self, number: int) -> None:
        slot = _Slot(number, self.torch_version)
        self.slots[slot.results_r] = slot
        self.selector.register(slot.results_r, selectors.EVENT_READ, "slot")

    def _dispatch(self) -> None:
        while self.pending and self.ready:
            request = self.pending.pop(0)
            if request.get("device", "cpu") == "cuda" and not self.cuda:
                result = RunResult.worker_error("CUDA was asked for, but torch sees no CUDA device", "cuda")
                self.send({"id": request["id"], "result": result.to_json()})
                continue
            self.ready.pop().send(request)

    def _hear_from(self, slot: _Slot) -> None:
        chunk = os.read(slot.results_r, 1 << 20)
        if not chunk:  # the slot died: fail its run, start a new slot in its place
            self.selector.unregister(slot.results_r)
            del self.slots[slot.results_r]
            if slot in self.ready:
                self.ready.remove(slot)
            if slot.request_id is not None:
                result = RunResult.worker_error("the run's slot process died", slot.device)
                self.send({"id": slot.request_id, "result": result.to_json()})
            slot.close()
            self._start_slot(slot.number)
            return
        slot.buffer += chunk
        *lines, slot.buffer = slot.buffer.split(b"\n")
        for line in lines:
            message = json.loads(line)
            if "ready" in message:
                self.ready.append(slot)
            elif "output" in message:
                if message.get("id") == slot.request_id:  # never another run's, nor a late one
                    self.send(message)
            else:
                slot.request_id = None
                self.send(message)


def main() -> None:
    """Serve requests until stdin closes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    protocol = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    Worker(max(1, args.slots), protocol).serve()


if __name__ == "__main__":
    main()
