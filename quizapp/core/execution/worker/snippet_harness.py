"""Run the snippet (and a code task's probe) inside the sandboxed child, and report how it ended.

The report (ok, or the exception) is the child's own word, written on fd 3, and a snippet
could forge it: it decides what code_output and code_error runs show, never whether a
code task passes. For a code task the request also carries the check's ``probe`` and the
``cases`` the checker drew (``handed_data`` bytes, read here as data). After the learner's
code, the probe runs in the same namespace with ``cases`` and an empty ``result`` dict; what
it puts in ``result`` is encoded by ``handed_data`` and written on the data pipe. Only data
crosses: the checker, another process, decides from it.
"""

import base64
import contextlib
import io
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from quizapp.core.execution.worker import call_rules, handed_data


def run_snippet(
    request: dict[str, Any], device: str, *, report_w: int, data_w: int
) -> None:  # pragma: no cover
    """Run the request's code as ``__main__`` (then its probe) and report how it ended; never returns.

    Args:
        request: ``code``, and for a code task ``probe`` and ``cases`` (base64 of ``handed_data``).
        device: What the code sees as ``DEVICE``.
        report_w: Where the child's own report goes.
        data_w: Where the probe's ``result`` goes, encoded by ``handed_data``.
    """
    global _REPORTER  # noqa: PLW0603 - the one process allowed to write the verdict
    _REPORTER = os.getpid()
    report = os.fdopen(report_w, "w")
    namespace: dict[str, Any] = {"__name__": "__main__", "DEVICE": device}
    probe = request.get("probe")
    not_called: Callable[[], list[str]] = list
    count_from_now: Callable[[], None] = _nothing_to_forget
    try:
        cases = None if probe is None else _load_cases(request.get("cases", ""))
        if "lab" in request:  # a lab run: our training, its steps on the data pipe
            from quizapp.core.execution.worker.lab_training import stream_settings

            stream_settings(request["lab"], data_w)
        else:
            not_called, count_from_now = _arm_call_rules(request.get("calls"), report)
            exec(compile(request["code"], "<snippet>", "exec", dont_inherit=True), namespace)
        if probe is not None:
            namespace["cases"], namespace["result"] = cases, {}
            count_from_now()  # a required call counts when the check's probe makes it happen
            exec(compile(probe, "<check.probe>", "exec", dont_inherit=True), namespace)
            if missing := not_called():
                message = f"it never called {', '.join(missing)}, which this task asks for"
                _finish(report, {"type": "MissingCall", "message": message}, 1)
            _hand_over(namespace["result"], data_w)
    except SystemExit as leaving:
        if leaving.code in (None, 0):
            _finish(report, {"ok": True}, 0)
        _finish(report, {"type": "SystemExit", "message": str(leaving.code)}, 1)
    except BaseException as error:  # the snippet's exception is the result
        own_frame = error.__traceback__
        traceback.print_exception(error.with_traceback(own_frame.tb_next if own_frame else None))
        kind = type(error)
        name = kind.__qualname__
        if kind.__module__ != "builtins":
            name = f"{kind.__module__}.{name}"
        _finish(report, {"type": name, "message": str(error)[:4000]}, 1)
    _finish(report, {"ok": True}, 0)


def _arm_call_rules(  # pragma: no cover - child only
    calls: Any, report: io.TextIOWrapper
) -> tuple[Callable[[], list[str]], Callable[[], None]]:
    """Put a code task's call rules in place before the learner's code; see ``call_rules.arm``."""
    if not calls:
        return list, _nothing_to_forget

    def forbidden_called(path: str) -> None:
        message = f"it called {path}, which this task does not allow"
        _finish(report, {"type": "ForbiddenCall", "message": message}, 1)

    places = {path: [(module, key) for module, key in held] for path, held in calls["places"].items()}
    return call_rules.arm(calls["forbid"], calls["require"], forbidden_called, places)


def _nothing_to_forget() -> None:  # pragma: no cover - child only
    """Without call rules, no call is noted."""


def _load_cases(encoded: str) -> Any:  # pragma: no cover - child only
    """The checker's ``cases``, read as data (before the learner's code runs)."""
    return handed_data.decode(base64.b64decode(encoded))


def _hand_over(result: Any, data_w: int) -> None:  # pragma: no cover - child only
    """Write ``result`` on the data pipe, encoded by ``handed_data``, then close it."""
    view = memoryview(handed_data.encode(result))
    while view:
        view = view[os.write(data_w, view) :]
    os.close(data_w)


_REPORTER = 0
_DATA_FD = 4
"""The data pipe's number in the child (``child._CODE_FD`` once the request is read)."""


def _finish(report: io.TextIOWrapper, verdict: dict[str, Any], code: int) -> None:  # pragma: no cover
    if os.getpid() != _REPORTER:  # a process the snippet forked: only the child itself reports
        os._exit(code)
    with contextlib.suppress(BaseException):
        sys.stdout.flush()
        sys.stderr.flush()
        os.close(1)  # close the output first, so the verdict arrives last
        os.close(2)
        with contextlib.suppress(OSError):  # closed already when a probe handed over its result
            os.close(_DATA_FD)
        report.write(json.dumps(verdict))
        report.close()
    # Every pipe to the slot is closed now: the slot has the whole run without waiting for
    # this process's exit, whose teardown of a torch-sized address space takes milliseconds.
    os._exit(code)
