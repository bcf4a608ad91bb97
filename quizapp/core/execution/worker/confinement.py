"""The confinement of a run's child: private temp dirs, hidden paths, no privileges, own uid, memory cap.

A slot makes one ``Confinement`` (``confinement_for_slot``); each child it forks calls
``enter_private_mounts`` before it reads its request and ``drop_privileges`` once it has
it, before any snippet code runs; ``join_memory_cap`` comes in between, while it waits
(those three are in ``entering_confinement``).

As root, the child gets a mount namespace of its own, private to it, in which:

- every mount is read-only (the cgroup file systems aside, which the run's uid owns nothing
  in), so no world-writable directory of the host (``/run/lock``, a shared scratch dir)
  lets one run leave a file for a later run, or for another learner's;
- ``/tmp``, ``/dev/shm`` and ``/var/tmp`` are fresh, size-capped tmpfs mounts, and the
  run's working directory lives inside that ``/tmp``: all of it vanishes with the run's
  last process, so the slot never deletes a path a run could have renamed or replaced;
- ``/root``, ``/home``, ``/srv``, ``/mnt``, ``/media``, every path the caller asked to
  hide (bank, submissions, database) and the ``.git`` of any repository holding one (its
  history holds the same files) are covered by an empty read-only tmpfs (a hidden
  file by ``/dev/null``), as are ``/etc/shadow`` and ``/etc/gshadow``. What Python needs
  (its prefixes and ``sys.path``) is bound back at the same place when it lies under a
  covered directory, and so is anything under a directory only root may search (a pyenv
  Python in ``/root``): so no capability is needed to import it. Hiding is by explicit
  path, as a checkout may hold both the venv and the bank;
- ``/proc`` is a fresh instance with ``hidepid=invisible``: other users' processes (the
  app, the grader's command line) are invisible.

The child then drops the whole capability bounding set, switches to the slot's leased uid
(``sandbox_uids``), sets NoNewPrivs and joins the slot's memory cgroup (``memory_cap``).

As an ordinary user none of the mounts, the uid or the cgroup can be had: the child only
sets NoNewPrivs, and its working directory is a plain directory that the slot removes
without following symlinks (``remove_workdir``).
"""

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.worker.memory_cap import MemoryCap, memory_cap_for
from quizapp.core.execution.worker.sandbox_uids import UidLease, lease_sandbox_uid
from quizapp.core.execution.worker_launch import HIDDEN_PATHS_VARIABLE

ALWAYS_HIDDEN = ("/root", "/home", "/srv", "/mnt", "/media")
BLANKED_FILES = ("/etc/shadow", "/etc/gshadow")
PRIVATE_TEMP_DIRS = {"/tmp": "128m", "/dev/shm": "64m", "/var/tmp": "64m"}
"""Each run's own tmpfs mounts and their sizes."""
NEVER_COVERED = ("/dev", "/proc", "/sys")
"""Directories no hidden path covers (a file in them is still blanked): a run needs them."""


@dataclass(frozen=True, slots=True)
class Cover:
    """A directory hidden under an empty tmpfs, with the paths bound back inside it."""

    target: str
    kept: tuple[str, ...] = ()


@dataclass(slots=True)
class Confinement:
    """How one slot confines its children; made once per slot, inherited by each child."""

    lease: UidLease | None
    covers: tuple[Cover, ...] = ()
    hidden_files: tuple[str, ...] = ()
    memory: tuple[MemoryCap, ...] = ()
    """The memory cgroup of each lane (``LANES``), or none."""
    temp_kept: tuple[str, ...] = ()
    """What a run needs that lies under a private temp dir (a venv or checkout in /tmp): bound
    back into the fresh tmpfs, so Python and quizapp still import."""
    last_capability: int = 40
    writable_mounts: tuple[str, ...] = ()
    """Mounts left writable when a child makes the rest read-only: those of the memory cgroups,
    which the child writes while still root (the run's uid owns nothing there)."""

    @property
    def uid(self) -> int | None:
        """The uid runs use, or None when they run as the worker's own user."""
        return None if self.lease is None else self.lease.uid

    def memory_kills(self, lane: int) -> int:
        """How many processes of this lane's runs the memory cap has killed so far."""
        return self.memory[lane].oom_kills() if self.memory else 0

    def judge_memory(self, result: RunResult, kills_before: int, lane: int) -> RunResult:
        """``result``, or KILLED for memory if the cap killed any process of the run.

        The cap may kill a process the snippet started rather than the snippet itself;
        the run is still one that broke its memory limit.
        """
        stopped_anyway = result.status in (RunStatus.CANCELLED, RunStatus.TIMED_OUT)
        if stopped_anyway or self.memory_kills(lane) <= kills_before:
            return result
        return replace(result, status=RunStatus.KILLED, killed_for="memory")

    def release(self) -> None:
        """Give back the uid and the cgroup (when the slot ends)."""
        for cap in self.memory:
            cap.remove()
        if self.lease is not None:
            self.lease.release()


def confinement_for_slot(hidden_paths: Sequence[str] | None = None) -> Confinement:
    """Plan the confinement of this slot's children (call in the slot, once).

    Args:
        hidden_paths: Paths runs must not read; by default those named in the environment
            variable ``HIDDEN_PATHS_VARIABLE`` (a JSON list), which the client sets.
    """
    if os.geteuid() != 0:
        return Confinement(lease=None)
    hidden = [os.path.realpath(path) for path in (hidden_paths or _hidden_paths_from_environment())]
    hidden += _repositories_holding(hidden)
    needed = _needed_paths()
    dirs = {path for path in (*ALWAYS_HIDDEN, *hidden) if os.path.isdir(path)}
    dirs |= {blocked for path in needed if (blocked := _unsearchable_ancestor(path))}
    # A run's own tmpfs already hides all a private temp dir held (a database kept in /tmp
    # makes /tmp a hidden directory); a read-only cover there, or over all of /, would leave the
    # run no working directory. Files named to hide are still blanked one by one.
    dirs -= {"/", *PRIVATE_TEMP_DIRS}
    # Nor the kernel's own file systems: a grader who names /dev/null among the submissions
    # hides its folder, and a run without /dev fails before its code. /proc is the run's own.
    dirs = {path for path in dirs if not any(_within(path, system) for system in NEVER_COVERED)}
    covers = tuple(
        Cover(target, _outermost(path for path in needed if _strictly_under(path, target)))
        for target in sorted(dirs, key=lambda path: path.count("/"))
        if target not in needed
    )
    files = tuple(path for path in (*BLANKED_FILES, *hidden) if os.path.isfile(path))
    temp_kept = _outermost(
        path for path in needed for temp in PRIVATE_TEMP_DIRS if _strictly_under(path, temp)
    )
    lease = lease_sandbox_uid()
    with open("/proc/sys/kernel/cap_last_cap") as last:
        last_capability = int(last.read())
    caps = _lane_caps(lease.uid)
    return Confinement(
        lease,
        covers,
        files,
        caps,
        temp_kept=temp_kept,
        last_capability=last_capability,
        writable_mounts=_mount_points_holding(str(cap.path) for cap in caps),
    )


LANES = 2
"""Children a slot keeps at once: the one that runs now and the next, being prepared."""


def _lane_caps(uid: int) -> tuple[MemoryCap, ...]:
    caps = tuple(cap for lane in range(LANES) if (cap := memory_cap_for(uid, lane)) is not None)
    return caps if len(caps) == LANES else ()


def remove_workdir(path: str) -> None:
    """Remove a run's directory made by the slot, never following a symlink out of it.

    A run may have replaced the directory by a symlink: the name is then unlinked, and the
    link's target left alone.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return
    except OSError:  # not a directory any more (a symlink or a file put in its place)
        with contextlib.suppress(OSError):
            os.unlink(path)
        return
    try:
        _empty_directory(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(path)


def _empty_directory(fd: int) -> None:
    for entry in os.scandir(fd):
        if entry.is_dir(follow_symlinks=False):
            with contextlib.suppress(OSError):
                inner = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                try:
                    _empty_directory(inner)
                finally:
                    os.close(inner)
                os.rmdir(entry.name, dir_fd=fd)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.name, dir_fd=fd)


def _hidden_paths_from_environment() -> list[str]:
    try:
        paths = json.loads(os.environ.get(HIDDEN_PATHS_VARIABLE, "[]"))
    except json.JSONDecodeError:
        return []
    return (
        [path for path in paths if isinstance(path, str) and os.path.isabs(path)]
        if isinstance(paths, list)
        else []
    )


def _mount_points_holding(paths: Iterable[str]) -> tuple[str, ...]:
    """The mount point each of ``paths`` lies on (the deepest mount above it)."""
    with open("/proc/self/mountinfo") as mounts:
        points = [line.split()[4] for line in mounts]
    holding = {
        max((point for point in points if path == point or _strictly_under(path, point)), key=len)
        for path in paths
    }
    return tuple(sorted(holding))


def _within(path: str, directory: str) -> bool:
    """Whether ``path`` is ``directory`` or lies under it."""
    return path == directory or _strictly_under(path, directory)


def _repositories_holding(paths: Iterable[str]) -> list[str]:
    """The ``.git`` of every repository a hidden path lies in: its history holds the same files."""
    found = set()
    for path in paths:
        current = os.path.dirname(path.rstrip("/")) if os.path.isfile(path) else path
        while True:
            candidate = os.path.join(current, ".git")
            if os.path.lexists(candidate):
                found.add(os.path.realpath(candidate))
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
    return sorted(found)


def _needed_paths() -> tuple[str, ...]:
    """What a run must still read: Python's prefixes and every directory on ``sys.path``."""
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *sys.path}
    own_home = os.path.realpath(os.environ.get("HOME", "/nonexistent"))  # the worker's cwd: not needed
    return tuple(
        sorted(
            {
                real
                for path in places
                if path and os.path.isdir(path) and (real := os.path.realpath(path)) != own_home
            }
        )
    )


def _unsearchable_ancestor(path: str) -> str | None:
    """The highest directory above ``path`` that others may not search (e.g. ``/root``)."""
    current = "/"
    for part in path.strip("/").split("/")[:-1]:
        current = os.path.join(current, part)
        if not os.stat(current).st_mode & 0o001:
            return current
    return None


def _outermost(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths that lie under none of the others (binding those brings the rest along)."""
    chosen: list[str] = []
    for path in sorted(paths):
        if not any(path == outer or _strictly_under(path, outer) for outer in chosen):
            chosen.append(path)
    return tuple(chosen)


def _strictly_under(path: str, directory: str) -> bool:
    return path.startswith(directory.rstrip("/") + "/")
