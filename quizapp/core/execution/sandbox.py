"""Run one snippet in a fresh child of the warm worker, under limits, and judge the outcome.

This module runs inside the worker process (which has imported torch). For each snippet
the worker forks a *supervisor*; the supervisor forks the *child* that executes the code.
The supervisor, not the child, decides the verdict: it reads the child's output through
pipes (keeping at most ``output_bytes`` of each), enforces the wall clock, and afterwards
kills every process the run left behind (it is a child subreaper, so orphans come to it).

Isolation of the child, where the platform allows it: a new session, a new network
namespace (no network), a throwaway working directory and HOME, a scrubbed environment,
rlimits on CPU time, address space (CPU runs), file size and processes, and, when the
worker runs as root, an unprivileged user id of its own per slot.
"""

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
from typing import Any

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.outcome import RunResult, RunStatus

_CLONE_NEWNET = 0x40000000
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_PDEATHSIG = 1
SANDBOX_UID_BASE = 61000
"""Runs of slot ``n`` use the unprivileged user id ``SANDBOX_UID_BASE + n`` (as root)."""

_MEMORY_WORDS = ("can't allocate memory", "not enough memory", "out of memory")


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def run_supervised(code: str, device: str, limits: SandboxLimits, slot: int, torch_version: str) -> RunResult:
    """Run ``code`` in a sandboxed child and return the verdict (called in the supervisor)."""
    _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    workdir = tempfile.mkdtemp(prefix="quizapp-run-")
    uid = SANDBOX_UID_BASE + slot if os.geteuid() == 0 else None
    if uid is not None:
        os.chown(workdir, uid, uid)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    rep_r, rep_w = os.pipe()
    started = time.monotonic()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        os.close(out_r)
        os.close(err_r)
        os.close(rep_r)
        _child(code, device, limits, workdir=workdir, uid=uid, pipes=(out_w, err_w, rep_w))
    for fd in (out_w, err_w, rep_w):
        os.close(fd)
    try:
        return _watch(
            child, started, (out_r, err_r, rep_r), device=device, limits=limits, torch_version=torch_version
        )
    finally:
        _kill_everything_left(child)
        shutil.rmtree(workdir, ignore_errors=True)


def _watch(
    child: int,
    started: float,
    pipes: tuple[int, int, int],
    *,
    device: str,
    limits: SandboxLimits,
    torch_version: str,
) -> RunResult:
    out_r, err_r, rep_r = pipes
    deadline = started + limits.timeout_s
    kept = {out_r: bytearray(), err_r: bytearray(), rep_r: bytearray()}
    overflow = {out_r: False, err_r: False}
    selector = selectors.DefaultSelector()
    for fd in kept:
        selector.register(fd, selectors.EVENT_READ)
    killed_for: str | None = None
    timed_out = False
    while selector.get_map():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        for key, _ in selector.select(timeout=min(remaining, 0.5)):
            chunk = os.read(key.fd, 65536)
            if not chunk:
                selector.unregister(key.fd)
                continue
            buffer = kept[key.fd]
            cap = limits.output_bytes if key.fd != rep_r else 1024 * 1024
            room = cap - len(buffer)
            buffer.extend(chunk[: max(room, 0)])
            if len(chunk) > room and key.fd in overflow:
                overflow[key.fd] = True
                killed_for = "output"
        if killed_for:
            break
    if timed_out or killed_for:
        _kill_group(child)
    _, wait_status = os.waitpid(child, 0)
    duration = time.monotonic() - started
    for fd in kept:
        with contextlib.suppress(KeyError):
            selector.unregister(fd)
        os.close(fd)
    stdout = kept[out_r].decode("utf-8", "replace")
    stderr = kept[err_r].decode("utf-8", "replace")
    report = _report(bytes(kept[rep_r]))
    common: dict[str, Any] = {
        "stdout": stdout,
        "stderr": stderr,
        "duration_s": round(duration, 6),
        "device": device,
        "torch_version": torch_version,
        "stdout_truncated": overflow[out_r],
        "stderr_truncated": overflow[err_r],
    }
    signalled = os.WIFSIGNALED(wait_status)
    if timed_out or (signalled and os.WTERMSIG(wait_status) == signal.SIGXCPU):
        return RunResult(RunStatus.TIMED_OUT, **common)
    if killed_for:
        return RunResult(RunStatus.KILLED, killed_for=killed_for, **common)
    exit_code = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else None
    if exit_code == 0 and report.get("ok"):
        return RunResult(RunStatus.OK, **common)
    if exit_code == 1 and "type" in report:
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
    if signalled and os.WTERMSIG(wait_status) in (signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS):
        return RunResult(RunStatus.KILLED, killed_for="memory", **common)
    how = f"signal {os.WTERMSIG(wait_status)}" if signalled else f"exit code {exit_code}"
    return RunResult(
        RunStatus.WORKER_ERROR, **{**common, "stderr": f"{stderr}\n[the snippet ended with {how}]"}
    )


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
    code: str,
    device: str,
    limits: SandboxLimits,
    *,
    workdir: str,
    uid: int | None,
    pipes: tuple[int, int, int],
) -> None:
    out_w, err_w, rep_w = pipes
    try:
        os.setsid()
        libc = _libc()
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        libc.unshare(_CLONE_NEWNET)  # no network; fails quietly where not permitted
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
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
        _set_limits(limits, device)
        if uid is not None:
            _become(uid)
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0), encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0), encoding="utf-8", write_through=True)
        _seed_everything()
    except BaseException as error:  # report any setup failure, then leave
        os.write(err_w, f"sandbox setup failed: {error!r}\n".encode())
        os._exit(3)
    global _REPORTER  # noqa: PLW0603 - the one process allowed to write the verdict
    _REPORTER = os.getpid()
    report = os.fdopen(rep_w, "w")
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
        name = (
            kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        )
        _finish(report, {"type": name, "message": str(error)[:4000]}, 1)
    _finish(report, {"ok": True}, 0)


_REPORTER = 0


def _finish(report: io.TextIOWrapper, verdict: dict[str, Any], code: int) -> None:  # pragma: no cover
    if os.getpid() != _REPORTER:  # a process the snippet forked: only the child itself reports
        os._exit(code)
    with contextlib.suppress(BaseException):
        sys.stdout.flush()
        sys.stderr.flush()
        report.write(json.dumps(verdict))
        report.flush()
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


def _set_limits(limits: SandboxLimits, device: str) -> None:  # pragma: no cover - child only
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # RLIMIT_NPROC counts every task of the real user. As root the child becomes a user of
    # its own just after this; otherwise the user's existing tasks must fit under it too.
    allowed = limits.processes if os.geteuid() == 0 else _tasks_of_user(os.getuid()) + limits.processes
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
