"""Run the snippet inside the sandboxed child, and write the child's own report of how it ended."""

import contextlib
import io
import json
import os
import sys
import traceback
from typing import Any


def run_snippet(code: str, device: str, report_w: int) -> None:  # pragma: no cover - child only
    """Run ``code`` as ``__main__`` and report on ``report_w`` how it ended; never returns."""
    global _REPORTER  # noqa: PLW0603 - the one process allowed to write the verdict
    _REPORTER = os.getpid()
    report = os.fdopen(report_w, "w")
    namespace = {"__name__": "__main__", "DEVICE": device}
    try:
        exec(compile(code, "<snippet>", "exec", dont_inherit=True), namespace)
    except SystemExit as leaving:
        if leaving.code in (None, 0):
            _finish(report, {"ok": True}, 0)
        _finish(report, {"type": "SystemExit", "message": str(leaving.code)}, 1)
    except BaseException as error:  # the snippet's exception is the result
        traceback.print_exc()
        kind = type(error)
        name = kind.__qualname__
        if kind.__module__ != "builtins":
            name = f"{kind.__module__}.{name}"
        _finish(report, {"type": name, "message": str(error)[:4000]}, 1)
    _finish(report, {"ok": True}, 0)


_REPORTER = 0


def _finish(report: io.TextIOWrapper, verdict: dict[str, Any], code: int) -> None:  # pragma: no cover
    if os.getpid() != _REPORTER:  # a process the snippet forked: only the child itself reports
        os._exit(code)
    with contextlib.suppress(BaseException):
        sys.stdout.flush()
        sys.stderr.flush()
        os.close(1)  # close the output first, so the verdict arrives last
        os.close(2)
        report.write(json.dumps(verdict))
        report.close()
    os._exit(code)
