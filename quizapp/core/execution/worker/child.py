"""The forked child of a slot: it isolates itself, waits for its request, then runs the snippet.

A slot has the child for its next snippet forked ahead of need (``prepare_child``, in the
slot's zygote where the kernel has pidfds, else in the slot). The child
inherits the slot's network namespace, which has no network (where permitted), and takes a
new session, a throwaway working directory and HOME, a scrubbed environment, and rlimits
on CPU time, address space (CPU runs), file size and processes; then the slot's
``confinement`` (private temp dirs and hidden paths, no capabilities, NoNewPrivs, a leased
uid and a memory cgroup as root).
Then ``snippet_harness`` runs the code.
"""

import contextlib
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
from quizapp.core.execution.worker.confinement import Confinement
from quizapp.core.execution.worker.entering_confinement import (
    drop_privileges,
    enter_private_mounts,
    join_memory_cap,
)
from quizapp.core.execution.worker.process_control import close_all_but, die_with_parent, name_process
from quizapp.core.execution.worker.snippet_harness import run_snippet

_REPORT_FD = 3
_CODE_FD = 4
"""The request arrives here; once it is read, the same number carries the probe's result data."""
_DATA_FD_WHILE_WAITING = 5


@dataclass(frozen=True, slots=True)
class PreparedChild:
    """A child forked ahead of need, isolated and waiting for its code."""

    pid: int
    workdir: str | None
    """The directory the slot made for the run (None as root: the run's is in its private /tmp)."""
    code_w: int
    """Where the request goes; the child reads it to the end."""
    out_r: int
    err_r: int
    report_r: int
    data_r: int
    """Where a code task's probe hands over its result, encoded by ``handed_data``."""
    lane: int
    """Which of the slot's two lanes (memory cgroups) the child is in."""
    pidfd: int | None = None
    """A pidfd of the child, where the slot is not its parent (see ``zygote``)."""


def prepare_child(confinement: Confinement, lane: int) -> PreparedChild:
    """Fork the next child in ``lane``: it isolates itself, then blocks until it gets its code."""
    workdir = None if confinement.uid is not None else tempfile.mkdtemp(prefix="quizapp-run-")
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    report_r, report_w = os.pipe()
    code_r, code_w = os.pipe()
    data_r, data_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked child
        for fd in (out_r, err_r, report_r, code_w, data_r):
            os.close(fd)
        _child(
            workdir=workdir,
            confinement=confinement,
            lane=lane,
            pipes=(out_w, err_w, report_w, data_w),
            code_r=code_r,
        )
    for fd in (out_w, err_w, report_w, code_r, data_w):
        os.close(fd)
    return PreparedChild(pid, workdir, code_w, out_r, err_r, report_r, data_r, lane)


def _child(  # pragma: no cover - runs in the forked child
    *,
    workdir: str | None,
    confinement: Confinement,
    lane: int,
    pipes: tuple[int, int, int, int],
    code_r: int,
) -> None:
    """Isolate this process, wait for the request, then run it; never returns."""
    out_w, err_w, report_w, data_w = pipes
    try:
        os.setsid()
        name_process("quizapp-run")
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large file is an OSError, not a kill
        die_with_parent()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.dup2(report_w, _REPORT_FD)
        os.dup2(code_r, _CODE_FD)
        os.dup2(data_w, _DATA_FD_WHILE_WAITING)
        # Nothing of the worker's stays reachable: not its pipes, not the slot's checker.
        close_all_but({0, 1, 2, _REPORT_FD, _CODE_FD, _DATA_FD_WHILE_WAITING})
        report_w, code_r = _REPORT_FD, _CODE_FD
        workdir = enter_private_mounts(confinement) or workdir
        join_memory_cap(confinement, lane)
        if workdir is None:
            raise RuntimeError("no working directory for the run")
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
        os.dup2(_DATA_FD_WHILE_WAITING, _CODE_FD)  # the snippet sees fds 0-4, as before the checker
        os.close(_DATA_FD_WHILE_WAITING)
        limits = SandboxLimits(**request["limits"])
        # Only now: an idle prepared child is no run of the sandbox user.
        drop_privileges(confinement, lane, limits.memory_bytes)
        die_with_parent()  # changing the user clears the parent-death signal
        device = request["device"]
        _set_limits(limits, device, own_user=confinement.uid is not None)
    except BaseException as error:  # report any setup failure, then leave
        with contextlib.suppress(OSError):  # fd 2 is the run's stderr once the pipes are in place
            os.write(2, f"sandbox setup failed: {error!r}\n".encode())
        os._exit(3)
    run_snippet(request, device, report_w=report_w, data_w=_CODE_FD)


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
    """Seed Python's and torch's CPU generators with 0, as a fresh ``manual_seed(0)`` would.

    Not ``torch.manual_seed``: it queues the CUDA seeding with a formatted stack trace,
    which reads source files and touched (so copied) hundreds of inherited pages in every
    child. The warm-up's own ``torch.manual_seed(0)`` has queued that CUDA seeding already
    (``server._warm_up``); a child that starts CUDA runs it then, as a fresh process would.
    """
    random.seed(0)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.default_generator.manual_seed(0)
        torch.set_num_threads(1)
