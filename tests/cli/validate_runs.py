"""``quizapp validate --run --format json`` run as an author runs it: a real worker, real torch."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def validate_run(path: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Run the command over ``path``; return the finished process and its JSON report."""
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", "--run", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report: dict[str, Any] = json.loads(result.stdout) if result.stdout.strip() else {}
    return result, report


def problems_by_place(report: dict[str, Any]) -> dict[tuple[int, str], str]:
    """The report's problems as {(line, field): message}."""
    return {(problem["line"], problem["field"]): problem["message"] for problem in report["problems"]}
