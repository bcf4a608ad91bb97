"""Run one snippet in a fresh child of the warm worker, under limits, and judge the outcome.

This module runs inside the worker's *slot* processes (forked from the worker after it
imported torch). A slot forks the *child* for its next snippet ahead of need; the child
isolates itself and waits for the code. The slot, not the child, decides the verdict: it
reads the child's output through pipes (keeping at most ``output_bytes`` of each),
enforces the wall clock, and afterwards kills every process the run left behind (it is a
child subreaper, so orphans come to it).

Isolation of the child, where the platform allows it: a new session, a new network
namespace (no network), a throwaway working directory and HOME, a scrubbed environment,
rlimits on CPU time, address space (CPU runs), file size and processes, and, when the
worker runs as root, an unprivileged user id of its own per slot.
"""

import codecs
import contextlib
import ctypes
import io
import json
import os
import random
import resource
import selectors
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.run_result import OutputCallback, RunResult, RunStatus

_CLONE_NEWNET = 0x40000000
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_PDEATHSIG = 1
SANDBOX_UID_BASE = 61000
"""Runs of slot ``n`` use the unprivileged user id ``SANDBOX_UID_BASE + n`` (as root)."""

_MEMORY_WORDS = ("can't allocate memory", "not enough memory", "out of memory")
_DRAIN_S = 0.05
"""How long output may keep arriving after the child's verdict (from processes it started)."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True, slots=True)
class PreparedChild:
    """A child forked ahead of need, isolated and waiting for its code."""

    pid: int
    workdir: str
    code_w: int
    """Where the request goes; the child reads it to the end."""
    out_r: int
    err_r: int
    report_r: int


@dataclass(frozen=True, slots=True)
class CancelCheck:
    """How the supervisor of a run learns that the run is to be cancelled."""

    fd: int
    """Becomes readable when a cancel may have been asked for."""
    asked: Callable[[], bool]
    """Called when ``fd`` is readable: reads from it and says whether this run is to stop."""


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


def sandbox_uid(slot: int) -> int | None:
    """The user id runs of this slot use, or None when not running as root."""
    return SANDBOX_UID_BASE + slot if os.geteuid() == 0 else None


_REPORT_FD = 3
_CODE_FD = 4


def close_all_but(keep: set[int]) -> None:
    """Close every open file descriptor of this process except those in ``keep``."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies, so nothing outlives the worker."""
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_subreaper() -> None:
    """Make orphaned descendants re-parent to this process, so none can escape cleanup."""
    _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def prepare_child(uid: int | None) -> PreparedChild:
    """Fork the next child: it isolates itself, then blocks until it gets its code."""
    workdir = tempfile.mkdtemp(prefix="quizapp-run-")
    if uid is not None:
        os.chown(workdir, uid, uid)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    report_r, report_w = os.pipe()
    code_r, code_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked child
        for fd in (out_r, err_r, report_r, code_w):
            os.close(fd)
        _child(workdir=workdir, uid=uid, pipes=(out_w, err_w, report_w), code_r=code_r)
    for fd in (out_w, err_w, report_w, code_r):
        os.close(fd)
    return PreparedChild(pid, workdir, code_w, out_r, err_r, report_r)


def run_prepared(
    child: PreparedChild,
    code: str,
    *,
    device: str,
    limits: SandboxLimits,
    torch_version: str,
    cancel: CancelCheck | None = None,
    on_output: OutputCallback | None = None,
) -> RunResult:
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
    """
    started = time.monotonic()
    request = json.dumps({"code": code, "device": device, "limits": limits.to_json()}).encode()
    try:
        with os.fdopen(child.code_w, "wb") as code_pipe:
            code_pipe.write(request)
    except BrokenPipeError:
        pass  # the child died while waiting; its exit status says why
    return _watch(
        child.pid,
        started,
        (child.out_r, child.err_r, child.report_r),
        device=device,
        limits=limits,
        torch_version=torch_version,
        cancel=cancel,
        on_output=on_output,
    )


def discard(child: PreparedChild) -> None:
    """Kill and reap whatever the run left, and remove its directory."""
    _kill_everything_left(child.pid)
    for fd in (child.out_r, child.err_r, child.report_r):
        with contextlib.suppress(OSError):
            os.close(fd)
    with contextlib.suppress(OSError):
        os.close(child.code_w)
    shutil.rmtree(child.workdir, ignore_errors=True)


def _watch(
    child: int,
    started: float,
    pipes: tuple[int, int, int],
    *,
    device: str,
    limits: SandboxLimits,
    torch_version: str,
    cancel: CancelCheck | None,
    on_output: OutputCallback | None,
) -> RunResult:
    out_r, err_r, report_r = pipes
    deadline = started + limits.timeout_s
    kept = {out_r: bytearray(), err_r: bytearray(), report_r: bytearray()}
    overflow = {out_r: False, err_r: False}
    selector = selectors.DefaultSelector()
    for fd in kept:
        selector.register(fd, selectors.EVENT_READ)
    open_pipes = len(kept)
    if cancel is not None:
        selector.register(cancel.fd, selectors.EVENT_READ)
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
            buffer = kept[key.fd]
            cap = limits.output_bytes if key.fd != report_r else 1024 * 1024
            room = cap - len(buffer)
            buffer.extend(kept_part := chunk[: max(room, 0)])
            if forward is not None and key.fd != report_r:
                forward.feed(key.fd, kept_part)
            if key.fd == report_r and reported_at is None and _report(bytes(buffer)):
                reported_at = time.monotonic()  # a process the snippet started may hold the pipe open
            if len(chunk) > room and key.fd in overflow:
                overflow[key.fd] = True
                stopped = {"status": RunStatus.KILLED, "killed_for": "output"}
    selector.close()
    if forward is not None:
        forward.finish()
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
        return RunResult(**stopped, **common)
    return _judge_report(child, _report(bytes(kept[report_r])), common)


def _judge_report(child: int, report: dict[str, Any], common: dict[str, Any]) -> RunResult:
    """The run ended by itself: its verdict, or else its exit status, says how."""
    if report.get("ok"):
        return RunResult(RunStatus.OK, **common)
    if "type" in report:
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
    return _judge_silent_end(child, common)


def _judge_silent_end(child: int, common: dict[str, Any]) -> RunResult:
    """The child ended without a verdict: its exit status says how."""
    _, wait_status = os.waitpid(child, 0)
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        if number == signal.SIGXCPU:
            return RunResult(RunStatus.TIMED_OUT, **common)
        if number == signal.SIGKILL:  # what the kernel sends when memory runs out
            return RunResult(RunStatus.KILLED, killed_for="memory", **common)
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


def _kill_group(child: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child, signal.SIGKILL)


def _kill_everything_left(child: int) -> None:
    """Kill and reap every process the run left, however it tried to escape.

    The supervisor is a child subreaper: whatever the snippet started re-parents to it
    when its own parent dies, even after ``setsid``. So: kill the child's group, then kill
    and reap our children until there are none.
    """
    _kill_group(child)
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left at all
        if pid:
            continue
        for orphan in _children_of(os.getpid()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(orphan, signal.SIGKILL)
        time.sleep(0.001)


def _children_of(parent: int) -> list[int]:
    try:
        with open(f"/proc/{parent}/task/{parent}/children") as listing:
            return [int(pid) for pid in listing.read().split()]
    except OSError:  # a kernel without the children file: scan every process
        pass
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    if int(stat.read().rsplit(b")", 1)[1].split()[1]) == parent:
                        children.append(int(entry))
            except OSError:
                continue
    return children


def _child(  # pragma: no cover - runs in the forked child
    *, workdir: str, uid: int | None, pipes: tuple[int, int, int], code_r: int
) -> None:
    """Isolate this process, wait for the request, then run it; never returns."""
    out_w, err_w, report_w = pipes
    try:
        os.setsid()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large file is an OSError, not a kill
        die_with_parent()
        _libc().unshare(_CLONE_NEWNET)  # no network; fails quietly where not permitted
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.dup2(report_w, _REPORT_FD)
        os.dup2(code_r, _CODE_FD)
        close_all_but({0, 1, 2, _REPORT_FD, _CODE_FD})  # nothing of the worker's stays reachable
        report_w, code_r = _REPORT_FD, _CODE_FD
        os.chdir(workdir)
        os.environ.clear()
        os.environ.update(
            {
                "HOME": workdir,
                "TMPDIR": workdir,
                "PATH": "/usr/bin:/bin",
                "LANG": "C.UTF-8",
                "OMP_NUM_THREADS": "1",
            }
        )
        tempfile.tempdir = workdir
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0), encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0), encoding="utf-8", write_through=True)
        _seed_everything()  # before the request arrives: off the path a learner waits on
        with os.fdopen(code_r, "rb") as code_pipe:
            request = json.loads(code_pipe.read())
        if uid is not None:  # only now: an idle prepared child is no run of the sandbox user
            _become(uid)
            die_with_parent()  # changing the user clears the parent-death signal
        device = request["device"]
        _set_limits(SandboxLimits(**request["limits"]), device, own_user=uid is not None)
    except BaseException as error:  # report any setup failure, then leave
        os.write(err_w, f"sandbox setup failed: {error!r}\n".encode())
        os._exit(3)
    _run_snippet(request["code"], device, report_w)


def _run_snippet(code: str, device: str, report_w: int) -> None:  # pragma: no cover - child only
    global _REPORTER  # noqa: PLW0603 - the one process allowed to write the verdict
    _REPORTER = os.getpid()
    report = os.fdopen(report_w, "w")
    namespace = {"__name__": "__main__", "DEVICE": device}
    try:
        exec(compile(code, "<snippet>", "exec", dont_inherit=True), namespace)
    except SystemExit as leaving:
        if leaving.code in (None, 0):
            _finish(report, {"ok": True}, 0)
        _finish(report, {"type": "SystemExit", "message": str(leaving.code)}, 1)
    except BaseException as error:  # the snippet's exception is the result
        traceback.print_exc()
        kind = type(error)
        name = kind.__qualname__
        if kind.__module__ != "builtins":
            name = f"{kind.__module__}.{name}"
        _finish(report, {"type": name, "message": str(error)[:4000]}, 1)
    _finish(report, {"ok": True}, 0)


_REPORTER = 0


def _finish(report: io.TextIOWrapper, verdict: dict[str, Any], code: int) -> None:  # pragma: no cover
    if os.getpid() != _REPORTER:  # a process the snippet forked: only the child itself reports
        os._exit(code)
    with contextlib.suppress(BaseException):
        sys.stdout.flush()
        sys.stderr.flush()
        os.close(1)  # close the output first, so the verdict arrives last
        os.close(2)
        report.write(json.dumps(verdict))
        report.close()
    os._exit(code)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


_PR_SET_KEEPCAPS = 8
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_CAP_DAC_READ_SEARCH = 2


def _become(uid: int) -> None:  # pragma: no cover - child only
    """Switch to an unprivileged user that may still read (not write) any file.

    The Python install and torch may live where only root can look (e.g. under /root);
    keeping CAP_DAC_READ_SEARCH lets the snippet import them. Everything else root
    could do is dropped, so the per-user process limit now holds.
    """
    libc = _libc()
    libc.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    data[0].effective = data[0].permitted = 1 << _CAP_DAC_READ_SEARCH
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def _set_limits(limits: SandboxLimits, device: str, *, own_user: bool) -> None:  # pragma: no cover
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # RLIMIT_NPROC counts every task of the real user. A run with a user of its own starts
    # from nothing; otherwise the user's existing tasks must fit under the limit too.
    allowed = limits.processes if own_user else _tasks_of_user(os.getuid()) + limits.processes
    resource.setrlimit(resource.RLIMIT_NPROC, (allowed, allowed))
    if device == "cpu":  # an address-space limit breaks CUDA, so only CPU runs get one
        mapped = _mapped_bytes()
        resource.setrlimit(resource.RLIMIT_AS, (mapped + limits.memory_bytes, mapped + limits.memory_bytes))


def _tasks_of_user(uid: int) -> int:  # pragma: no cover - child only
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                continue
    return count


def _mapped_bytes() -> int:  # pragma: no cover - child only
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _seed_everything() -> None:  # pragma: no cover - child only
    random.seed(0)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(0)
        torch.set_num_threads(1)
