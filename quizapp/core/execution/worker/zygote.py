"""Where a slot's children are forked from: a copy of the slot made before it saw any run.

A slot reads every request it runs (a learner's code) and every run's output. Freed, those
bytes stay in its memory until something else is written there, and a child forked from
the slot inherits that memory: with ``ctypes`` a run could read the code of the runs before
it, which in a grading batch are other learners'. So the slot forks its zygote once, before
its first request, and the zygote forks every child. The zygote reads nothing but which
lane the next child is for, so a child inherits no run at all.

It also makes runs cheaper: the zygote writes almost nothing between forks, so its memory
stays shared with the children and in whole huge pages (``huge_pages``), where the busy
slot split them page by page; forking the zygote, and tearing its children down, copies
and frees fewer page-table entries.

The children are the zygote's, not the slot's: the zygote reaps each and tells the slot
how it ended. What a run leaves behind still comes to the slot, a child subreaper, as
before (the zygote is not one), and the slot kills it.

``Zygote`` is the slot's side; ``OwnChildren`` forks from the slot itself, where a kernel
has no pidfds (before Linux 5.3).
"""

import contextlib
import os
import selectors
import socket
import time
from typing import Protocol

from quizapp.core.execution.run_result import RunStatus
from quizapp.core.execution.worker.child import PreparedChild, prepare_child
from quizapp.core.execution.worker.confinement import Confinement
from quizapp.core.execution.worker.process_control import close_all_but, die_with_parent, name_process
from quizapp.core.execution.worker.supervision import CancelCheck, wait_for_own_child

_MESSAGE_BYTES = 4096


class ChildSource(Protocol):
    """Where a slot gets its prepared children, and learns how each ended."""

    pid: int | None
    """The process the children come from, when it is not the slot (spare it when reaping)."""

    def prepare(self, lane: int) -> PreparedChild:
        """Fork the next child, in memory cgroup ``lane``; it sets itself up and waits."""
        ...

    def wait_for_exit(self, pid: int, deadline: float, cancel: CancelCheck | None) -> int | RunStatus | None:
        """The wait status of child ``pid``; None if unknown; TIMED_OUT or CANCELLED first."""
        ...

    def forget(self, pid: int) -> None:
        """Child ``pid`` is done with: drop what is known of it."""
        ...

    def close(self) -> None:
        """Stop forking."""
        ...


class OwnChildren:
    """Children forked from the slot itself, reaped by it (a kernel without pidfds)."""

    pid: int | None = None

    def __init__(self, confinement: Confinement) -> None:
        """Fork children confined by ``confinement``."""
        self.confinement = confinement

    def prepare(self, lane: int) -> PreparedChild:
        """Fork the next child from the slot."""
        return prepare_child(self.confinement, lane)

    def wait_for_exit(self, pid: int, deadline: float, cancel: CancelCheck | None) -> int | RunStatus | None:
        """Wait for the slot's own child ``pid`` (``wait_for_own_child``)."""
        return wait_for_own_child(pid, deadline, cancel)

    def forget(self, pid: int) -> None:
        """Nothing is kept of a child."""

    def close(self) -> None:
        """Nothing to stop."""


class Zygote:
    """The slot's handle on its zygote process."""

    def __init__(self, confinement: Confinement) -> None:
        """Fork the zygote now, before the slot reads any request."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.pid: int | None = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the zygote
            mine.close()
            _serve(theirs, confinement)
        theirs.close()
        self.socket = mine
        self.ended: dict[int, int] = {}
        """Wait statuses of children the slot still watches, by pid."""
        self.watched: set[int] = set()

    def prepare(self, lane: int) -> PreparedChild:
        """Have the zygote fork the next child; its pipes come back over the socket."""
        self.socket.send(b"%d" % lane)
        while True:
            child = self._read()
            if child is not None:
                self.watched.add(child.pid)
                return child

    def wait_for_exit(self, pid: int, deadline: float, cancel: CancelCheck | None) -> int | RunStatus | None:
        """Wait for the zygote to report child ``pid``'s end, but not past ``deadline`` nor a cancel."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            if cancel is not None:
                selector.register(cancel.fd, selectors.EVENT_READ)
            while pid not in self.ended:
                left = deadline - time.monotonic()
                if left <= 0:
                    return RunStatus.TIMED_OUT
                for key, _ in selector.select(left):
                    if key.fileobj is self.socket:
                        self._read()
                    elif cancel is not None and cancel.asked():
                        return RunStatus.CANCELLED
        return self.ended.pop(pid)

    def forget(self, pid: int) -> None:
        """Stop keeping what the zygote says of child ``pid``."""
        self.watched.discard(pid)
        self.ended.pop(pid, None)

    def close(self) -> None:
        """End the zygote (its unused children die with it) and reap it."""
        self.socket.close()
        if self.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def _read(self) -> PreparedChild | None:
        """Read one message: a prepared child is returned, an ended one noted."""
        data, fds, _, _ = socket.recv_fds(self.socket, _MESSAGE_BYTES, 6)
        if not data:
            raise RuntimeError("the slot's zygote is gone")
        kind, *fields = data.split(b" ")
        if kind == b"X":
            pid, status = int(fields[0]), int(fields[1])
            if pid in self.watched:
                self.ended[pid] = status
            return None
        pid, lane, workdir = int(fields[0]), int(fields[1]), fields[2].decode()
        code_w, out_r, err_r, report_r, data_r, pidfd = fds
        own_dir = None if workdir == "-" else workdir
        return PreparedChild(pid, own_dir, code_w, out_r, err_r, report_r, data_r, lane, pidfd)


def child_source(confinement: Confinement) -> ChildSource:
    """A zygote where the kernel has pidfds; the slot itself elsewhere."""
    if not hasattr(os, "pidfd_open"):
        return OwnChildren(confinement)
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return OwnChildren(confinement)
    return Zygote(confinement)


def _serve(channel: socket.socket, confinement: Confinement) -> None:  # pragma: no cover - zygote only
    """The zygote's life: fork a child for each lane asked, report each end; never returns."""
    try:
        die_with_parent()
        name_process("quizapp-zygote")
        close_all_but({0, 1, 2, channel.fileno()})  # not the slot's pipes, nor its checker's
        with selectors.DefaultSelector() as selector:
            selector.register(channel, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is channel:
                        asked = channel.recv(16)
                        if not asked:
                            return
                        child = prepare_child(confinement, lane=int(asked))
                        pidfd = os.pidfd_open(child.pid)  # before it is reaped: this very child
                        pipes = [child.code_w, child.out_r, child.err_r, child.report_r, child.data_r]
                        line = b"P %d %d %s" % (child.pid, child.lane, (child.workdir or "-").encode())
                        socket.send_fds(channel, [line], [*pipes, pidfd])
                        for fd in pipes:
                            os.close(fd)
                        selector.register(pidfd, selectors.EVENT_READ, child.pid)
                    else:
                        selector.unregister(key.fd)
                        os.close(key.fd)
                        _, status = os.waitpid(key.data, 0)
                        channel.send(b"X %d %d" % (key.data, status))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the slot is gone
    finally:
        os._exit(0)
