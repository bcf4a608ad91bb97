"""Linux process calls the worker's processes share: prctl flags and closing inherited descriptors."""

import contextlib
import ctypes
import functools
import os
import signal

CLONE_NEWNET = 0x40000000
"""``unshare`` flag: a network namespace of one's own (only a down loopback in it)."""
_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_NAME = 15


@functools.cache
def libc() -> ctypes.CDLL:
    """The C library, with ``errno`` kept for ``ctypes.get_errno``: one handle, made before any fork.

    Each ``CDLL`` makes a class of its own and each function looked up on it an object: made
    once in the worker (``warm_up_libc``), children inherit them instead of building (and so
    copying the memory of) their own.
    """
    return ctypes.CDLL(None, use_errno=True)


def warm_up_libc() -> None:
    """Make the handle and look up every function the worker's processes call, before forking."""
    library = libc()
    for name in ("prctl", "unshare", "mount", "syscall"):
        getattr(library, name)


def close_all_but(keep: set[int]) -> None:
    """Close every open file descriptor of this process except those in ``keep``."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies, so nothing outlives the worker."""
    libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_subreaper() -> None:
    """Make orphaned descendants re-parent to this process, so none can escape cleanup."""
    libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def set_dumpable(dumpable: bool) -> None:
    """Allow or refuse ptrace and ``/proc/<pid>/mem`` access by other processes of the same user."""
    libc().prctl(_PR_SET_DUMPABLE, int(dumpable), 0, 0, 0)


def name_process(name: str) -> None:
    """Name this process ``name`` (at most 15 bytes) where ``ps``, ``top`` and ``/proc`` show it."""
    libc().prctl(_PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)
