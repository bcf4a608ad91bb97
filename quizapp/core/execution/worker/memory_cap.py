"""A memory cap over a run's whole process tree: a cgroup (v2, else v1 memory) per sandbox uid.

Found at run time. On a cgroup v2 machine with the memory controller, the slot makes
``<v2 root>/quizapp/uid-<uid>-<lane>`` with ``memory.max``, no swap, and ``memory.oom.group`` (an
out-of-memory kill takes the whole tree). Where v2 has no memory controller (hybrid
mode), the v1 memory hierarchy gives ``<own cgroup>/quizapp-uid-<uid>-<lane>`` with
``memory.limit_in_bytes``; the kernel then kills the largest process of the tree. Either
way the slot counts the cgroup's out-of-memory kills, so a run that lost any process to
the cap is reported as stopped for memory. Without root or a usable hierarchy there is no
cap over the tree (each process still has its address-space limit).
"""

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class MemoryCap:
    """One slot's memory cgroup; every child of the slot joins it before its code runs."""

    path: Path
    version: int
    """2 or 1: which cgroup interface ``path`` speaks."""

    def join(self) -> None:
        """Move the calling process into the cgroup.

        A child joins while it waits for its request: moving a process between cgroups
        waits for the kernel's RCU grace period (about 10 ms), which must not fall on the
        time a learner waits for a run.
        """
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def cap(self, memory_bytes: int) -> None:
        """Cap the cgroup's whole tree at ``memory_bytes`` (written only when it changes)."""
        limit = self.path / ("memory.max" if self.version == 2 else "memory.limit_in_bytes")
        if limit.read_text().strip() != str(memory_bytes):
            limit.write_text(str(memory_bytes))

    def oom_kills(self) -> int:
        """How many processes the cap has killed in this cgroup so far."""
        events = "memory.events" if self.version == 2 else "memory.oom_control"
        try:
            text = (self.path / events).read_text()
        except OSError:
            return 0
        for line in text.splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill":
                return int(value)
        return 0

    def remove(self) -> None:
        """Remove the cgroup (it must hold no process by now)."""
        with contextlib.suppress(OSError):
            self.path.rmdir()


def memory_cap_for(uid: int, lane: int = 0) -> MemoryCap | None:
    """Make (or reuse) the memory cgroup of sandbox ``uid``'s lane; None where none can be had.

    A slot has two lanes: the child that runs now and the one being prepared for the next
    run each have a cgroup of their own, so neither counts against, nor is killed with, the
    other.
    """
    for make in (_cgroup_v2, _cgroup_v1):
        with contextlib.suppress(OSError, ValueError):
            cap = make(f"{uid}-{lane}")
            if cap is not None:
                return cap
    return None


def _mounts(fstype: str) -> list[tuple[str, set[str]]]:
    """Mount points of ``fstype`` with their super options, from /proc/self/mountinfo."""
    found = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            _, _, after = line.partition(" - ")
            kind, _, options = after.split(" ", 2)
            if kind == fstype:
                found.append((line.split()[4], set(options.strip().split(","))))
    return found


def _cgroup_v2(name: str) -> MemoryCap | None:
    for mount, _ in _mounts("cgroup2"):
        root = Path(mount)
        if "memory" not in (root / "cgroup.controllers").read_text().split():
            continue
        _enable_memory(root)
        parent = root / "quizapp"
        parent.mkdir(exist_ok=True)
        _enable_memory(parent)
        group = parent / f"uid-{name}"
        group.mkdir(exist_ok=True)
        (group / "memory.oom.group").write_text("1")
        with contextlib.suppress(OSError):  # absent without swap accounting
            (group / "memory.swap.max").write_text("0")
        return MemoryCap(group, 2)
    return None


def _enable_memory(group: Path) -> None:
    if "memory" not in (group / "cgroup.subtree_control").read_text().split():
        (group / "cgroup.subtree_control").write_text("+memory")


def _cgroup_v1(name: str) -> MemoryCap | None:
    for mount, options in _mounts("cgroup"):
        if "memory" not in options:
            continue
        own = _own_v1_memory_path()
        group = Path(mount) / own.lstrip("/") / f"quizapp-uid-{name}"
        group.mkdir(exist_ok=True)
        probe = group / "memory.limit_in_bytes"
        probe.write_text(probe.read_text().strip())  # fails here, not in a run, if not writable
        return MemoryCap(group, 1)
    return None


def _own_v1_memory_path() -> str:
    with open("/proc/self/cgroup") as groups:
        for line in groups:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if "memory" in controllers.split(","):
                return path
    raise ValueError("this process is in no v1 memory cgroup")
