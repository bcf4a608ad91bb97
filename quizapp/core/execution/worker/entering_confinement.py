"""What a child does to enter its slot's confinement: private mounts, the memory cgroup, no privileges.

The slot plans the confinement once (``confinement.confinement_for_slot``; its module
docstring describes what a run is confined to). Each child it forks calls
``enter_private_mounts`` before it reads its request and ``drop_privileges`` once it has
it, before any snippet code runs; ``join_memory_cap`` comes in between, while it waits.
"""

import ctypes
import os

from quizapp.core.execution.worker import process_control
from quizapp.core.execution.worker.confinement import PRIVATE_TEMP_DIRS, Confinement

RUN_WORKDIR = "/tmp/quizapp-run"
"""A root run's working directory and HOME, inside its private /tmp."""

_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
_PR_SET_NO_NEW_PRIVS = 38
_PR_CAPBSET_DROP = 24
_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
_SYS_MOUNT_SETATTR = 442
"""``mount_setattr``'s number (Linux 5.12+): the same in the generic table and on x86-64."""
_AT_FDCWD, _AT_RECURSIVE = -100, 0x8000
_MOUNT_ATTR_RDONLY = 0x1
_MOUNT_FLAGS = {"nosuid": _MS_NOSUID, "nodev": _MS_NODEV, "noexec": _MS_NOEXEC}
"""Per-mount options kept when a mount is remounted read-only one by one."""


class _MountAttr(ctypes.Structure):
    _fields_ = (
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    )


def enter_private_mounts(confinement: Confinement) -> str | None:
    """In the child, before its request: make its private mounts; return its workdir (root only).

    Returns:
        The run's working directory inside its private ``/tmp``, or None when not root
        (the caller then uses a directory the slot made).
    """
    uid = confinement.uid
    if uid is None:
        return None
    libc = process_control.libc()
    _check(libc.unshare(_CLONE_NEWNS), "unshare the mount namespace")
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)  # nothing done here reaches the host
    # Every mount read-only, before the run's own tmpfs mounts are made: a world-writable
    # directory the host has (/run/lock, a shared scratch dir) would otherwise let one run
    # leave files for the next one, or for another learner's run.
    _make_every_mount_read_only(libc, confinement.writable_mounts)
    # Opened in the new namespace (a bind's source must be in it), before anything covers them.
    kept = {
        path: os.open(path, os.O_PATH | os.O_CLOEXEC)
        for path in (*confinement.temp_kept, *(path for cover in confinement.covers for path in cover.kept))
    }
    for directory, size in PRIVATE_TEMP_DIRS.items():
        if os.path.isdir(directory):
            _mount(libc, "tmpfs", directory, "tmpfs", _MS_NOSUID | _MS_NODEV, data=f"size={size},mode=1777")
    for path in confinement.temp_kept:  # read-only: a run may not write into a venv in /tmp
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{kept[path]}", path, None, _MS_BIND | _MS_REC)
        _mount(libc, None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)
    for cover in confinement.covers:
        if not os.path.isdir(cover.target):
            continue  # under a cover made before it: hidden already
        _mount(libc, "tmpfs", cover.target, "tmpfs", _MS_NOSUID | _MS_NODEV, data="size=64k,mode=755")
        for path in cover.kept:
            os.makedirs(path, mode=0o755, exist_ok=True)
            _mount(libc, f"/proc/self/fd/{kept[path]}", path, None, _MS_BIND | _MS_REC)
        flags = _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV
        _mount(libc, None, cover.target, None, flags)
    for path in confinement.hidden_files:
        if os.path.isfile(path):  # one in a private temp dir is gone already
            _mount(libc, "/dev/null", path, None, _MS_BIND)
    _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, data="hidepid=invisible")
    for fd in kept.values():
        os.close(fd)
    os.mkdir(RUN_WORKDIR, 0o700)
    os.chown(RUN_WORKDIR, uid, uid)
    return RUN_WORKDIR


def _make_every_mount_read_only(libc: ctypes.CDLL, writable: tuple[str, ...]) -> None:
    """Make every mount of this (private) namespace read-only, but those in ``writable``.

    Those hold the slot's memory cgroups, which the child writes after this, while still root
    (it joins one, then sets its cap); the run's uid owns nothing in them.
    """
    if _set_read_only("/", True, libc, recursive=True):
        for point in writable:
            _set_read_only(point, False, libc, recursive=False)
        return
    with open("/proc/self/mountinfo") as mounts:  # a kernel before 5.12: one mount at a time
        entries = [line.split() for line in mounts]
    for fields in sorted(entries, key=lambda fields: fields[4].count("/")):
        point = fields[4].encode().decode("unicode_escape")  # mountinfo writes a space as \040
        if point in writable:
            continue
        flags = _MS_REMOUNT | _MS_BIND | _MS_RDONLY
        flags |= sum(flag for name, flag in _MOUNT_FLAGS.items() if name in fields[5].split(","))
        _mount(libc, None, point, None, flags)


def _set_read_only(point: str, read_only: bool, libc: ctypes.CDLL, *, recursive: bool) -> bool:
    """Set or clear the read-only flag of the mount at ``point``; False where the kernel cannot."""
    attr = _MountAttr(_MOUNT_ATTR_RDONLY if read_only else 0, 0 if read_only else _MOUNT_ATTR_RDONLY, 0, 0)
    flags = _AT_RECURSIVE if recursive else 0
    size = ctypes.sizeof(attr)
    done: int = libc.syscall(_SYS_MOUNT_SETATTR, _AT_FDCWD, point.encode(), flags, ctypes.byref(attr), size)
    if done != 0 and not recursive:
        number = ctypes.get_errno()
        raise OSError(number, f"could not make {point} writable again: {os.strerror(number)}")
    return done == 0


def join_memory_cap(confinement: Confinement, lane: int) -> None:
    """In the child, before its request: join its lane's memory cgroup (root only).

    The cap's size is set once the request says it (``drop_privileges``).
    """
    if confinement.memory:
        confinement.memory[lane].join()


def drop_privileges(confinement: Confinement, lane: int, memory_bytes: int) -> None:
    """In the child, once it has its request: cap memory, become the sandbox uid, set NoNewPrivs.

    Afterwards the process has no capability in any set (bounding set included), cannot
    gain one through a setuid or file-capability binary, and runs as a uid no other live
    quizapp slot uses.
    """
    libc = process_control.libc()
    uid = confinement.uid
    if uid is not None:
        if confinement.memory:
            confinement.memory[lane].cap(memory_bytes)  # joined already (join_memory_cap)
        for capability in range(confinement.last_capability + 1):
            _check(libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0), "drop a capability")
        libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # without keep-caps this empties permitted and effective
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "set NoNewPrivs")


def _mount(
    libc: ctypes.CDLL, source: str | None, target: str, kind: str | None, flags: int, *, data: str = ""
) -> None:
    def encoded(text: str | None) -> bytes | None:
        return None if text is None else text.encode()

    result = libc.mount(
        encoded(source), target.encode(), encoded(kind), flags, encoded(data) if data else None
    )
    _check(result, f"mount {target}")


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"could not {what}: {os.strerror(number)}")
