"""The warm worker: imports torch once, then runs snippets in forked, sandboxed children.

Started by ``quizapp.core.execution.runner`` as ``python -m quizapp.core.execution.worker``
with a scrubbed environment. It speaks JSON lines: requests on stdin, one ``ready`` line
then one result per request on a private copy of stdout (fd 1 itself points at /dev/null,
so nothing printed by accident can corrupt the protocol). It never runs a torch operation
and never touches CUDA itself: a process that forks must not have done either.

After warming up it forks one *slot* process per parallel run. A slot keeps a child
forked ahead of need, so a request costs no fork: the slot hands the code to its waiting
child, judges the run, cleans up, forks the next child, and says it is ready again.
"""

import argparse
import contextlib
import gc
import json
import os
import selectors
import sys
from typing import Any, BinaryIO

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.outcome import RunResult
from quizapp.core.execution.sandbox import (
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
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the forked slot
            close_all_but({0, 1, 2, requests_r, results_w})  # not the app's pipe, not other slots'
            _serve_slot(number, requests_r, results_w, torch_version)
        os.close(requests_r)
        os.close(results_w)
        self.buffer = b""
        self.request_id: int | None = None
        self.device = "cpu"

    def send(self, request: dict[str, Any]) -> None:
        self.request_id = request["id"]
        self.device = request.get("device", "cpu")
        os.write(self.requests_w, json.dumps(request).encode() + b"\n")

    def close(self) -> None:
        for fd in (self.requests_w, self.results_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _serve_slot(number: int, requests_r: int, results_w: int, torch_version: str) -> None:  # pragma: no cover
    """A slot's life: keep a prepared child, run each request in it, report, prepare the next."""
    try:
        die_with_parent()
        become_subreaper()
        uid = sandbox_uid(number)
        results = os.fdopen(results_w, "wb", buffering=0)

        def say(message: dict[str, Any]) -> None:
            results.write(json.dumps(message).encode() + b"\n")

        child = prepare_child(uid)
        say({"ready": number})
        for line in os.fdopen(requests_r, "rb"):
            request = json.loads(line)
            device = request.get("device", "cpu")
            try:
                limits = SandboxLimits(**request.get("limits", {}))
                result = run_prepared(
                    child, request["code"], device=device, limits=limits, torch_version=torch_version
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
                    self.pending.extend(json.loads(line) for line in lines if line.strip())
                else:
                    self._hear_from(self.slots[key.fd])
            self._dispatch()
        for slot in list(self.slots.values()):
            slot.close()

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
