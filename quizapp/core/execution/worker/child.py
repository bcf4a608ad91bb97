"""The forked child of a slot: it isolates itself, waits for its request, then runs the snippet.

A slot forks the child for its next snippet ahead of need (``prepare_child``). The child
takes a new session, a new network namespace where permitted (no network), a throwaway
working directory and HOME, a scrubbed environment, and rlimits on CPU time, address space
(CPU runs), file size and processes; when the worker runs as root, an unprivileged user id
of its own per slot. Then ``snippet_harness`` runs the code.
"""

import ctypes
import io
import json
import os
import random
import resource
import signal
import sys
import tempfile
from dataclasses import dataclass

from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.worker.process_control import close_all_but, die_with_parent, libc
from quizapp.core.execution.worker.snippet_harness import run_snippet

_CLONE_NEWNET = 0x40000000
SANDBOX_UID_BASE = 61000
"""Runs of slot ``n`` use the unprivileged user id ``SANDBOX_UID_BASE + n`` (as root)."""
_REPORT_FD = 3
_CODE_FD = 4


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


def sandbox_uid(slot: int) -> int | None:
    """The user id runs of this slot use, or None when not running as root."""
    return SANDBOX_UID_BASE + slot if os.geteuid() == 0 else None


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


def _child(  # pragma: no cover - runs in the forked child
    *, workdir: str, uid: int | None, pipes: tuple[int, int, int], code_r: int
) -> None:
    """Isolate this process, wait for the request, then run it; never returns."""
    out_w, err_w, report_w = pipes
    try:
        os.setsid()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large file is an OSError, not a kill
        die_with_parent()
        libc().unshare(_CLONE_NEWNET)  # no network; fails quietly where not permitted
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
    run_snippet(request["code"], device, report_w)


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
    c_library = libc()
    c_library.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    data[0].effective = data[0].permitted = 1 << _CAP_DAC_READ_SEARCH
    if c_library.capset(ctypes.byref(header), data) != 0:
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
