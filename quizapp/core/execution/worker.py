"""The warm worker: imports torch once, then runs snippets in forked, sandboxed children.

Started by ``quizapp.core.execution.runner`` as ``python -m quizapp.core.execution.worker``
with a scrubbed environment. It speaks JSON lines: requests on stdin, one ``ready`` line
then one result per request on a private copy of stdout (fd 1 itself points at /dev/null,
so nothing printed by accident can corrupt the protocol). It never runs a torch operation
and never touches CUDA itself: a process that forks must not have done either.
"""

import argparse
import json
import os
import selectors
import sys
from typing import Any, BinaryIO

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.outcome import RunResult
from quizapp.core.execution.sandbox import run_supervised


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


class Worker:
    """Accept requests, run up to ``slots`` at once, send results back in completion order."""

    def __init__(self, slots: int, protocol: BinaryIO) -> None:
        self.slots = slots
        self.protocol = protocol
        self.free_slots = list(range(slots))
        self.pending: list[dict[str, Any]] = []
        self.running: dict[int, tuple[int, int, int, bytearray, str]] = {}
        """Result pipe fd -> (supervisor pid, request id, slot, bytes read, device)."""
        self.selector = selectors.DefaultSelector()
        self.torch_version = ""
        self.cuda = False

    def send(self, message: dict[str, Any]) -> None:
        """Write one protocol line to the app."""
        self.protocol.write(json.dumps(message).encode() + b"\n")
        self.protocol.flush()

    def serve(self) -> None:
        """Warm up, announce readiness, then serve requests until stdin closes and all runs end."""
        self.torch_version = _warm_up()
        self.cuda = _cuda_available()
        self.send({"ready": {"torch_version": self.torch_version, "cuda": self.cuda, "pid": os.getpid()}})
        stdin = sys.stdin.buffer
        self.selector.register(stdin, selectors.EVENT_READ, "requests")
        buffer = b""
        open_input = True
        while open_input or self.running or self.pending:
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
                    self._collect(key.fd)
            self._start_pending()

    def _start_pending(self) -> None:
        while self.pending and self.free_slots:
            request = self.pending.pop(0)
            device = request.get("device", "cpu")
            if device == "cuda" and not self.cuda:
                result = RunResult.worker_error("CUDA was asked for, but torch sees no CUDA device", "cuda")
                self.send({"id": request["id"], "result": result.to_json()})
                continue
            slot = self.free_slots.pop()
            read_end, write_end = os.pipe()
            supervisor = os.fork()
            if supervisor == 0:  # pragma: no cover - runs in the forked supervisor
                os.close(read_end)
                self._supervise(request, device, slot, write_end)
            os.close(write_end)
            self.running[read_end] = (supervisor, request["id"], slot, bytearray(), device)
            self.selector.register(read_end, selectors.EVENT_READ, "result")

    def _supervise(  # pragma: no cover - runs in the forked supervisor
        self, request: dict[str, Any], device: str, slot: int, write_end: int
    ) -> None:
        try:
            limits = SandboxLimits(**request.get("limits", {}))
            result = run_supervised(request["code"], device, limits, slot, self.torch_version)
        except BaseException as error:  # any failure becomes a worker_error result
            result = RunResult.worker_error(f"the supervisor failed: {error!r}", device)
        with os.fdopen(write_end, "wb") as out:
            out.write(json.dumps(result.to_json()).encode())
        os._exit(0)

    def _collect(self, fd: int) -> None:
        supervisor, request_id, slot, data, device = self.running[fd]
        chunk = os.read(fd, 1 << 20)
        if chunk:
            data.extend(chunk)
            return
        self.selector.unregister(fd)
        os.close(fd)
        os.waitpid(supervisor, 0)
        del self.running[fd]
        self.free_slots.append(slot)
        try:
            result = json.loads(data.decode())
        except (UnicodeDecodeError, json.JSONDecodeError):
            result = RunResult.worker_error("the supervisor ended without a result", device).to_json()
        self.send({"id": request_id, "result": result})


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
