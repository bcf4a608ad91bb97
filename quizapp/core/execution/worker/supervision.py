"""Watch a run from its slot: hand the code to the prepared child, read its pipes, decide the verdict.

This runs in the worker's *slot* processes. The slot, not the child, decides the verdict:
it reads the child's output through pipes (keeping at most ``output_bytes`` of each),
enforces the wall clock and cancels, and afterwards kills every process the run left
behind (it is a child subreaper, so orphans come to it).
"""

import base64
import codecs
import contextlib
import json
import os
import select
import selectors
import signal
import time
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from typing import Any

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.run_result import OutputCallback, RunResult, RunStatus
from quizapp.core.execution.worker.checker import RESULT_BYTES
from quizapp.core.execution.worker.child import PreparedChild
from quizapp.core.execution.worker.confinement import remove_workdir
from quizapp.core.execution.worker.reaping import kill_everything_left

_MEMORY_WORDS = ("can't allocate memory", "not enough memory", "out of memory")
_DRAIN_S = 0.05
"""How long output may keep arriving after the child's verdict (from processes it started)."""


@dataclass(frozen=True, slots=True)
class CancelCheck:
    """How the supervisor of a run learns that the run is to be cancelled."""

    fd: int
    """Becomes readable when a cancel may have been asked for."""
    asked: Callable[[], bool]
    """Called when ``fd`` is readable: reads from it and says whether this run is to stop."""


ExitWaiter = Callable[[int, float, CancelCheck | None], int | RunStatus | None]
"""Waits for a run's child to end (pid, deadline, cancel): its wait status, or why it stopped waiting."""


class _OutputForwarder:
    """Passes the kept output on as text while the run goes, whole characters only."""

    def __init__(self, on_output: OutputCallback, streams: dict[int, str]) -> None:
        self.on_output = on_output
        self.streams = streams
        self.decoders = {fd: codecs.getincrementaldecoder("utf-8")("replace") for fd in streams}

    def feed(self, fd: int, data: bytes, *, final: bool = False) -> None:
        """Pass on what ``data`` completes; a character split across chunks waits for its end."""
        text = self.decoders[fd].decode(data, final)
        if text:
            self.on_output(self.streams[fd], text)

    def finish(self) -> None:
        """Pass on what is left (a character cut off by the end is replaced, as in the result)."""
        for fd in self.streams:
            self.feed(fd, b"", final=True)


def run_prepared(
    child: PreparedChild,
    code: str,
    *,
    device: str,
    limits: SandboxLimits,
    torch_version: str,
    cancel: CancelCheck | None = None,
    on_output: OutputCallback | None = None,
    probe: str | None = None,
    cases: bytes = b"",
    calls: dict[str, Any] | None = None,
    lab: dict[str, Any] | None = None,
    on_data: Callable[[bytes], None] | None = None,
    wait_for_exit: ExitWaiter | None = None,
) -> tuple[RunResult, bytes]:
    """Hand ``code`` to a prepared child and judge what it does.

    Args:
        child: The prepared child that runs the code.
        code: The snippet.
        device: The device the snippet sees as ``DEVICE``.
        limits: The limits it runs under.
        torch_version: Recorded in the result.
        cancel: Where a cancel may come from; a cancelled run ends at once as CANCELLED,
            and ``discard`` then kills what it left as it does after any run.
        on_output: Called with output as it is read, decoded as UTF-8 across chunk edges;
            only what is kept (see ``SandboxLimits.output_bytes``) is passed on, and all of
            it before this returns, so the pieces joined equal the result's text.
        probe: A code task's probe, run after ``code`` in the child.
        cases: The checker's cases for the probe (``handed_data`` bytes).
        calls: A code task's call rules, ``forbid`` and ``require`` (see ``call_rules``),
            put in place in the child before ``code`` runs.
        lab: A lab run's settings (``LabSettings.to_json``): the child trains instead of
            running ``code``.
        on_data: Called with what the child writes on its data pipe as it comes (a lab
            run's steps).
        wait_for_exit: How to wait for the child's end when it reports nothing (default: it
            is this process's own child, ``wait_for_own_child``).

    Returns:
        The result, and the bytes the child handed over on its data pipe (a probe's
        ``result``; empty when nothing was), at most one byte past ``RESULT_BYTES``.
    """
    started = time.monotonic()
    message: dict[str, Any] = {"code": code, "device": device, "limits": limits.to_json()}
    if probe is not None:
        message |= {"probe": probe, "cases": base64.b64encode(cases).decode()}
    if calls:
        message["calls"] = calls
    if lab is not None:
        message["lab"] = lab
    request = json.dumps(message).encode()
    try:
        with os.fdopen(child.code_w, "wb") as code_pipe:
            code_pipe.write(request)
    except BrokenPipeError:
        pass  # the child died while waiting; its exit status says why
    return _watch(
        child.pid,
        started,
        (child.out_r, child.err_r, child.report_r, child.data_r),
        device=device,
        limits=limits,
        torch_version=torch_version,
        cancel=cancel,
        on_output=on_output,
        on_data=on_data,
        wait_for_exit=wait_for_exit or wait_for_own_child,
    )


def discard(child: PreparedChild, spare: Set[int] = frozenset()) -> None:
    """Kill and reap whatever the run left, and remove its directory.

    Args:
        child: The run's child.
        spare: Children of the slot that are not the run's (its checker), left alone.
    """
    kill_everything_left(child.pid, spare, child_ended=lambda: _ended(child))
    for fd in (child.out_r, child.err_r, child.report_r, child.data_r, child.pidfd):
        if fd is None:
            continue
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(OSError):
        os.close(child.code_w)
    if child.workdir is not None:
        remove_workdir(child.workdir)


def _ended(child: PreparedChild) -> None:
    """Wait until ``child`` has ended, where it is not the slot's own (its pidfd says so).

    What it started is passed to the slot as it ends, not before: the slot looks for those
    orphans after this. The slot's own child is waited for by ``kill_everything_left``.
    """
    if child.pidfd is None:
        return
    poller = select.poll()
    poller.register(child.pidfd, select.POLLIN)
    poller.poll(_CHILD_END_WAIT_MS)


_CHILD_END_WAIT_MS = 10_000
"""How long a killed child may take to end before the slot looks for what it left anyway."""


def _watch(
    child: int,
    started: float,
    pipes: tuple[int, int, int, int],
    *,
    device: str,
    limits: SandboxLimits,
    torch_version: str,
    cancel: CancelCheck | None,
    on_output: OutputCallback | None,
    on_data: Callable[[bytes], None] | None = None,
    wait_for_exit: ExitWaiter,
) -> tuple[RunResult, bytes]:
    out_r, err_r, report_r, data_r = pipes
    deadline = started + limits.timeout_s
    kept = {out_r: bytearray(), err_r: bytearray(), report_r: bytearray(), data_r: bytearray()}
    caps = {
        out_r: limits.output_bytes,
        err_r: limits.output_bytes,
        report_r: 1024 * 1024,
        data_r: RESULT_BYTES + 1,
    }
    overflow = {out_r: False, err_r: False}
    selector = _selector_for((*kept, *([] if cancel is None else [cancel.fd])))
    open_pipes = len(kept)
    forward = None if on_output is None else _OutputForwarder(on_output, {out_r: "stdout", err_r: "stderr"})
    stopped: dict[str, Any] = {}  # why the run was stopped before its end, as the result's fields
    reported_at: float | None = None
    while open_pipes and not stopped:
        now = time.monotonic()
        if now >= deadline:
            stopped = {"status": RunStatus.TIMED_OUT}
            break
        if reported_at is not None and now - reported_at > _DRAIN_S:
            break  # the child has reported and closed up; something it started holds a pipe
        for key, _ in selector.select(timeout=min(deadline - now, 0.5)):
            if cancel is not None and key.fd == cancel.fd:
                if cancel.asked():
                    stopped = {"status": RunStatus.CANCELLED}
                continue
            chunk = os.read(key.fd, 65536)
            if not chunk:
                selector.unregister(key.fd)
                open_pipes -= 1
                if key.fd == report_r:
                    reported_at = time.monotonic()
                continue
            if key.fd == data_r and on_data is not None:
                on_data(chunk)  # and kept as usual, up to its cap
            buffer = kept[key.fd]
            room = caps[key.fd] - len(buffer)
            buffer.extend(kept_part := chunk[: max(room, 0)])
            if forward is not None and key.fd in overflow:
                forward.feed(key.fd, kept_part)
            if key.fd == report_r and reported_at is None and _report(bytes(buffer)):
                reported_at = time.monotonic()  # a process the snippet started may hold the pipe open
            if len(chunk) > room and key.fd in overflow:
                overflow[key.fd] = True
                stopped = {"status": RunStatus.KILLED, "killed_for": "output"}
    selector.close()
    if forward is not None:
        forward.finish()
    _drain(data_r, kept[data_r], caps[data_r])
    duration = time.monotonic() - started
    common: dict[str, Any] = {
        "stdout": kept[out_r].decode("utf-8", "replace"),
        "stderr": kept[err_r].decode("utf-8", "replace"),
        "duration_s": round(duration, 6),
        "device": device,
        "torch_version": torch_version,
        "stdout_truncated": overflow[out_r],
        "stderr_truncated": overflow[err_r],
    }
    if stopped:
        return RunResult(**stopped, **common), bytes(kept[data_r])
    report = _report(bytes(kept[report_r]))
    if report.get("ok") or "type" in report:
        return _judge_report(report, common), bytes(kept[data_r])
    ended = _judge_silent_end(child, (started, deadline), cancel, common, wait_for_exit)
    return ended, bytes(kept[data_r])


def _selector_for(fds: Sequence[int]) -> selectors.BaseSelector:
    """A selector watching ``fds`` for reading."""
    selector = selectors.DefaultSelector()
    for fd in fds:
        selector.register(fd, selectors.EVENT_READ)
    return selector


def _drain(fd: int, buffer: bytearray, cap: int) -> None:
    """Read what is left in ``fd`` without waiting (the data may still sit in the pipe)."""
    os.set_blocking(fd, False)
    with contextlib.suppress(OSError):  # nothing more to read now
        while len(buffer) < cap and (chunk := os.read(fd, 65536)):
            buffer.extend(chunk[: cap - len(buffer)])


def _judge_report(report: dict[str, Any], common: dict[str, Any]) -> RunResult:
    """The run ended by itself with a verdict (``ok``, or the exception it raised)."""
    if report.get("ok"):
        return RunResult(RunStatus.OK, **common)
    kind, message = str(report["type"]), str(report.get("message", ""))
    if kind.endswith("MemoryError") or any(word in message for word in _MEMORY_WORDS):
        return RunResult(
            RunStatus.KILLED,
            killed_for="memory",
            exception_type=kind,
            exception_message=message,
            **common,
        )
    return RunResult(RunStatus.RAISED, exception_type=kind, exception_message=message, **common)


def wait_for_own_child(child: int, deadline: float, cancel: CancelCheck | None) -> int | RunStatus | None:
    """Wait for ``child``, a child of this process, to end, but not past ``deadline`` nor a cancel.

    Returns:
        Its wait status; None if it was reaped already; or TIMED_OUT or CANCELLED if it
        was still alive then (``discard`` kills it, as after any run).
    """
    pause = 0.0005
    while True:
        try:
            pid, wait_status = os.waitpid(child, os.WNOHANG)
        except ChildProcessError:  # reaped already, with the slot's other leftovers (it died waiting)
            return None
        if pid:
            return wait_status
        now = time.monotonic()
        if now >= deadline:
            return RunStatus.TIMED_OUT
        if cancel is not None and _readable(cancel.fd, min(pause, deadline - now)) and cancel.asked():
            return RunStatus.CANCELLED
        if cancel is None:
            time.sleep(min(pause, deadline - now))
        pause = min(pause * 2, 0.05)


def _readable(fd: int, timeout: float) -> bool:
    """Whether ``fd`` becomes readable within ``timeout`` seconds."""
    with _selector_for([fd]) as selector:
        return bool(selector.select(timeout))


def _judge_silent_end(
    child: int,
    times: tuple[float, float],
    cancel: CancelCheck | None,
    common: dict[str, Any],
    wait_for_exit: ExitWaiter,
) -> RunResult:
    """No verdict came and every pipe is closed: the child's exit status says how it ended.

    The child may also have closed its pipes and lived on: the run's deadline (``times``
    holds its start and its deadline) and cancels still hold while the slot waits for it.
    """
    started, deadline = times
    wait_status = wait_for_exit(child, deadline, cancel)
    common["duration_s"] = round(time.monotonic() - started, 6)
    if isinstance(wait_status, RunStatus):
        return RunResult(wait_status, **common)
    if wait_status is None:
        common["stderr"] = f"{common['stderr']}\n[the snippet's process ended before it ran]".lstrip("\n")
        return RunResult(RunStatus.WORKER_ERROR, **common)
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        if number == signal.SIGXCPU:
            return RunResult(RunStatus.TIMED_OUT, **common)
        if number == signal.SIGKILL:  # memory, if the slot's memory cap counted a kill (judge_memory)
            return RunResult(RunStatus.KILLED, killed_for="signal", **common)
        if number in (signal.SIGSEGV, signal.SIGBUS):
            return RunResult(RunStatus.KILLED, killed_for="crash", **common)
        how = f"signal {number}"
    else:
        how = f"exit code {os.WEXITSTATUS(wait_status)}"
    common["stderr"] = f"{common['stderr']}\n[the snippet ended with {how} and no verdict]"
    return RunResult(RunStatus.WORKER_ERROR, **common)


def _report(data: bytes) -> dict[str, Any]:
    try:
        report = json.loads(data.decode("utf-8")) if data else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return report if isinstance(report, dict) else {}
