"""Sandbox user ids unique across every quizapp process on the machine, held by flock'ed leases.

A slot running as root leases one unprivileged uid for its whole life: it takes an
exclusive ``flock`` on the file named after the uid in a root-only directory. The kernel
drops the lock when the slot dies, however it dies, so a uid is never shared by two live
slots of any quizapp processes, and a killed one frees its uid without help.
"""

import contextlib
import fcntl
import os
import pwd
import signal
import stat
from dataclasses import dataclass

from quizapp.core.errors import QuizAppError

FIRST_SANDBOX_UID = 61000
SANDBOX_UID_COUNT = 4000
"""Leases are taken from ``FIRST_SANDBOX_UID`` up, skipping uids that name a real user."""
_LEASE_PARENTS = ("/run", "/var/run", "/dev/shm")
_LEASE_DIR_NAME = "quizapp-sandbox-uids"


class SandboxUidError(QuizAppError):
    """No sandbox user id could be leased."""


@dataclass(frozen=True, slots=True)
class UidLease:
    """A sandbox uid held by this process until ``release`` or its death."""

    uid: int
    fd: int
    """The locked lease file; closing it (or dying) frees the uid."""

    def release(self) -> None:
        """Give the uid back."""
        with contextlib.suppress(OSError):
            os.close(self.fd)


def lease_sandbox_uid() -> UidLease:
    """Lease a uid no other live quizapp slot on this machine holds (root only).

    Processes still running as the uid (left by a slot that was killed) are killed first,
    so the new holder starts from none.

    Raises:
        SandboxUidError: No lease directory could be made safe, or every uid is taken.
    """
    directory = _lease_directory()
    try:
        for uid in range(FIRST_SANDBOX_UID, FIRST_SANDBOX_UID + SANDBOX_UID_COUNT):
            if _names_a_user(uid):
                continue
            fd = os.open(
                str(uid), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=directory
            )
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            _kill_processes_of(uid)
            return UidLease(uid, fd)
    finally:
        os.close(directory)
    raise SandboxUidError(f"all {SANDBOX_UID_COUNT} sandbox user ids are in use by other quizapp processes")


def _lease_directory() -> int:
    """Open (making it if needed) the root-only directory of lease files."""
    for parent in _LEASE_PARENTS:
        path = os.path.join(parent, _LEASE_DIR_NAME)
        with contextlib.suppress(FileExistsError, FileNotFoundError):
            os.mkdir(path, 0o700)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        info = os.fstat(fd)
        if info.st_uid == 0 and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return fd  # nobody but root can plant or swap lease files here
        os.close(fd)
    raise SandboxUidError(
        f"no root-only directory for sandbox uid leases under any of {', '.join(_LEASE_PARENTS)}"
    )


def _names_a_user(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def _kill_processes_of(uid: int) -> None:
    """Kill every process running as ``uid``, from a throwaway child that becomes it."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked child
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(-1, signal.SIGKILL)  # as the uid: reaches exactly its processes, never itself
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
