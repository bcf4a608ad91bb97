"""Kill and reap every process a run left behind, however it tried to escape."""

import contextlib
import os
import signal
import time
from collections.abc import Callable, Set


def kill_group(child: int) -> None:
    """Kill the process group that ``child`` leads, if any of it is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child, signal.SIGKILL)


def kill_everything_left(
    child: int, spare: Set[int] = frozenset(), child_ended: Callable[[], None] = lambda: None
) -> None:
    """Kill and reap every process the run left, however it tried to escape.

    The supervisor is a child subreaper: whatever the snippet started re-parents to it
    when its own parent dies, even after ``setsid``. So: kill the child's group, then kill
    and reap our children until none is left but those in ``spare`` (the slot's checker).

    A run's child forked by the slot's zygote is not the slot's own: ``child_ended`` waits
    until it has ended, since only then do the processes it started come to the slot.
    """
    kill_group(child)
    child_ended()  # a child of the slot's zygote: its orphans come to the slot as it ends
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left at all
        if pid:
            continue
        left = [orphan for orphan in _children_of(os.getpid()) if orphan not in spare]
        if not left:
            return
        for orphan in left:
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
