"""Back the warm worker's anonymous memory with transparent huge pages, so forking it is cheap.

Importing torch leaves about 200 MiB of anonymous memory (the Python heap and torch's own
allocations) in the worker. Every slot and every run's child is forked from it, and the
kernel copies one page-table entry per 4 KiB page on fork and tears them down again on
exit: on a 2-core machine that was most of a run's cost. The same memory in 2 MiB pages
needs 512 times fewer entries. ``collapse_into_huge_pages`` asks the kernel for that once,
after the warm-up and before the first fork (``MADV_HUGEPAGE`` so the kernel keeps them,
``MADV_COLLAPSE``, Linux 6.1 and later, to collapse what is there now). A copy-on-write
fault in a child still copies only the 4 KiB it touches. Where the kernel refuses (no THP,
an older kernel, not Linux), nothing changes but speed.
"""

import ctypes
import ctypes.util

_HUGE = 2 << 20
_MADV_HUGEPAGE = 14
_MADV_COLLAPSE = 25


def collapse_into_huge_pages() -> int:
    """Collapse this process's private anonymous memory (and heap) into huge pages.

    Returns:
        How many bytes of address space were asked to collapse (0 where nothing could be).
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        madvise = libc.madvise
        with open("/proc/self/maps") as maps:
            regions = [_huge_aligned(line) for line in maps]
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    asked = 0
    for region in regions:
        if region is None:
            continue
        start, length = region
        if madvise(start, length, _MADV_HUGEPAGE) == 0 and madvise(start, length, _MADV_COLLAPSE) == 0:
            asked += length
    return asked


def _huge_aligned(line: str) -> tuple[int, int] | None:
    """The 2 MiB-aligned part of a private anonymous (or heap) mapping, if it holds a huge page."""
    fields = line.split()
    if len(fields) < 5 or not fields[1].startswith("rw") or fields[1][3] != "p":
        return None
    if len(fields) > 5 and fields[5] != "[heap]":
        return None  # a file, a stack or another special mapping
    low, high = (int(bound, 16) for bound in fields[0].split("-"))
    start, end = (low + _HUGE - 1) & ~(_HUGE - 1), high & ~(_HUGE - 1)
    return (start, end - start) if end - start >= _HUGE else None
