"""The checker: a process per slot that runs a code task's hidden check and never runs learner code.

A slot forks its checker once, before any run. For each code task the slot asks it to run
the check's ``setup`` (author code) in a fresh namespace, drawn from fresh randomness; the
``cases`` it builds go back to the slot as bytes (``handed_data``), and from there, as data,
to the learner's child. After the run the slot hands the checker the bytes the learner's
process produced (the probe's ``result``); the checker reads them with
``handed_data.decode``, which builds tensors, numbers, strings and containers and nothing
that runs code, and runs ``verify`` (author code) on its own ``cases`` and that ``result``.
It answers passed, or the reason it did not. The slot alone writes the verdict.

The checker is not dumpable, so no process of the same user can ptrace it or read its memory.
"""

import contextlib
import functools
import json
import os
import random
import select
import signal
import struct
import time
from types import CodeType
from typing import Any

from quizapp.core.execution.worker import handed_data
from quizapp.core.execution.worker.process_control import (
    close_all_but,
    die_with_parent,
    name_process,
    set_dumpable,
)

RESULT_BYTES = 16 * 1024**2
"""The most bytes of result data a learner's process may hand over."""
CHECKER_TIMEOUT_S = 30.0
"""How long a setup or verify may take before the checker is called stuck and replaced."""
_LENGTH = struct.Struct("!I")


class CheckerError(Exception):
    """The checker failed: a broken check (author code) or a checker that died or hung."""


def _write_frame(fd: int, header: dict[str, Any], payload: bytes = b"") -> None:
    encoded = json.dumps(header).encode()
    data = _LENGTH.pack(len(encoded)) + encoded + _LENGTH.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise CheckerError("the checker did not answer in time")
        chunk = os.read(fd, size - len(chunks))
        if not chunk:
            raise CheckerError("the checker ended")
        chunks.extend(chunk)
    return bytes(chunks)


def _read_frame(fd: int, deadline: float | None = None) -> tuple[dict[str, Any], bytes]:
    header = json.loads(_read_exactly(fd, _LENGTH.unpack(_read_exactly(fd, 4, deadline))[0], deadline))
    payload = _read_exactly(fd, _LENGTH.unpack(_read_exactly(fd, 4, deadline))[0], deadline)
    return header, payload


class Checker:
    """The slot's handle on its checker process; forks it, and replaces it when it fails."""

    def __init__(self) -> None:
        """Fork the checker (from a slot that has run nothing yet)."""
        self.pid = 0
        self.requests_w = self.replies_r = -1
        self._start()

    def _start(self) -> None:
        requests_r, self.requests_w = os.pipe()
        self.replies_r, replies_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the checker
            try:
                close_all_but({0, 1, 2, requests_r, replies_w})
                die_with_parent()
                name_process("quizapp-check")
                set_dumpable(False)
                _serve(requests_r, replies_w)
            finally:
                os._exit(0)
        os.close(requests_r)
        os.close(replies_w)

    def _restart(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        for fd in (self.requests_w, self.replies_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._start()

    def _ask(self, header: dict[str, Any], payload: bytes = b"") -> tuple[dict[str, Any], bytes]:
        try:
            _write_frame(self.requests_w, header, payload)
            return _read_frame(self.replies_r, time.monotonic() + CHECKER_TIMEOUT_S)
        except (OSError, CheckerError, ValueError) as error:
            self._restart()
            raise CheckerError(f"the checker failed ({error}); it was replaced") from error

    def set_up(self, setup: str) -> bytes:
        """Run ``setup`` in a fresh namespace; return its ``cases``, encoded by ``handed_data``.

        Raises:
            CheckerError: The setup raised (a broken check), or the checker failed.
        """
        reply, cases = self._ask({"setup": setup})
        if "error" in reply:
            raise CheckerError(f"the check's setup raised {reply['error']}")
        return cases

    def verify(self, verify: str, result: bytes) -> tuple[bool, str]:
        """Run ``verify`` on the last setup's ``cases`` and the ``result`` bytes a run handed over.

        Returns:
            Whether the result passed, and if not, why (for the learner: "check failed: ...").

        Raises:
            CheckerError: The checker failed (not the learner's result).
        """
        reply, _ = self._ask({"verify": verify}, result)
        return bool(reply.get("passed")), str(reply.get("why", ""))

    def close(self) -> None:
        """End the checker."""
        for fd in (self.requests_w, self.replies_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _described(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


_COMPILED_KEPT = 64
"""How many compiled checks the checker keeps: a batch grades a few tasks many times over."""


@functools.lru_cache(maxsize=_COMPILED_KEPT)
def _compiled(source: str, name: str) -> CodeType:  # pragma: no cover - runs in the checker
    """Author code compiled once per checker: a code object is never changed by running it."""
    return compile(source, name, "exec", dont_inherit=True)


def _serve(requests_r: int, replies_w: int) -> None:  # pragma: no cover - runs in the checker
    import torch

    namespace: dict[str, Any] = {}
    while True:
        try:
            request, payload = _read_frame(requests_r)
        except CheckerError:
            return  # the slot is gone
        if "setup" in request:
            # Cases drawn at check time. The CPU generator alone: the checker never uses
            # CUDA, and torch.manual_seed would also queue CUDA's seeding with a stack trace.
            torch.default_generator.manual_seed(int.from_bytes(os.urandom(8), "little") >> 1)
            random.seed(os.urandom(16))
            namespace = {"__name__": "__check__"}
            try:
                exec(_compiled(request["setup"], "<check.setup>"), namespace)
                cases = handed_data.encode(namespace.get("cases"))
            except Exception as error:  # a broken check: the author's to fix, reported as such
                _write_frame(replies_w, {"error": _described(error)})
                continue
            _write_frame(replies_w, {}, cases)
            continue
        _write_frame(replies_w, _verified(namespace, request["verify"], payload))


def _verified(namespace: dict[str, Any], verify: str, payload: bytes) -> dict[str, Any]:  # pragma: no cover
    """Read the handed-over result as data only (``handed_data``), then run ``verify`` on it."""
    if len(payload) > RESULT_BYTES:
        return {"passed": False, "why": f"your code handed over more than {RESULT_BYTES} bytes of results"}
    try:
        result = handed_data.decode(payload)
    except Exception as error:  # any malformed data: a result the check cannot read
        why = f"the check could not read what your code handed over ({_described(error)[:200]})"
        return {"passed": False, "why": why}
    namespace["result"] = result
    try:
        exec(_compiled(verify, "<check.verify>"), namespace)
    except AssertionError as error:
        return {"passed": False, "why": f"check failed: {error or 'an assertion without a message'}"}
    except Exception as error:  # a result of the wrong shape or type makes the check itself raise
        return {"passed": False, "why": f"check failed: {_described(error)}"}
    return {"passed": True}
