"""Run the quizapp command as a learner or grader would: a fresh process, a bare environment."""

import os
import subprocess
import sys
from pathlib import Path

from quizapp.core.bank.bank_cache import CACHE_ENV


def run_quizapp(
    *args: str, cwd: Path, stdin: str = "", bank: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m quizapp ARGS`` in ``cwd``, its database there, with ``bank`` as ``QUIZAPP_BANK``."""
    env = {"PATH": "/usr/bin:/bin", "QUIZAPP_DB": str(cwd / "attempts.sqlite3")}
    if CACHE_ENV in os.environ:  # the test session's bank cache: each run need not read the bank afresh
        env[CACHE_ENV] = os.environ[CACHE_ENV]
    if bank is not None:
        env["QUIZAPP_BANK"] = str(bank)
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env=env,
    )
