"""The CUDA check: CUDA tests, every answer key verified on CUDA, the execution benchmark on CUDA.

Run: ``python benchmarks/cuda_report.py [--budget SECONDS]`` (default 300: all of it within
five minutes) on a machine with a CUDA GPU and the CUDA build of torch. It runs, each with
its share of the budget:

1. the tests marked ``cuda`` (``python -m pytest -m cuda``); one skipped where CUDA is
   present counts as a failure;
2. ``quizapp validate --run --device cuda`` over the whole bank: every executable question
   run on the GPU, each key that disagrees reported at its place (the CPU/CUDA key matrix);
3. ``benchmarks/bench_execution.py --device cuda`` (backend latency against a fresh python
   and the fork floor, and the bank verified on a warm runner), in a short form;

then prints a short report to paste into a note. Exit status: 0 all passed, 1 a step failed
or ran out of time, 77 CUDA is unavailable here (nothing was run; 77 is the usual "skipped").
"""

import argparse
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NO_CUDA = 77

PROBE = """
import json, torch
available = torch.cuda.is_available()
print(json.dumps({
    "torch": torch.__version__,
    "cuda": torch.version.cuda,
    "available": available,
    "devices": [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if available else [],
}))
"""
"""Asks torch, in a child (quizapp's own processes import torch only in the worker), what it sees."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step's verdict and the lines worth reporting."""

    name: str
    passed: bool
    seconds: float
    lines: tuple[str, ...]


def run(command: list[str], timeout_s: float) -> tuple[int | None, str, float]:
    """Run ``command`` in the checkout; (exit status or None on timeout, stdout and stderr, seconds)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=max(1.0, timeout_s), check=False
        )
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        text = output.decode(errors="replace") if isinstance(output, bytes) else output
        return None, text, time.perf_counter() - started
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - started


def cuda_tests(timeout_s: float) -> Step:
    """The tests marked ``cuda``; a skip counts as a failure on a machine that has CUDA."""
    status, output, seconds = run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-m", "cuda", "-p", "no:cacheprovider"], timeout_s
    )
    summary = [line for line in output.splitlines() if re.search(r"\b(passed|failed|skipped|error)", line)]
    skipped = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    passed = status == 0 and not skipped
    return Step("CUDA tests (pytest -m cuda)", passed, seconds, _why(status, summary[-1:] + skipped))


def validate_on_cuda(timeout_s: float) -> Step:
    """Every executable question of the bank run on CUDA, each key checked."""
    command = [sys.executable, "-m", "quizapp", "validate", "--run", "--device", "cuda"]
    status, output, seconds = run(command, timeout_s)
    lines = output.splitlines()
    ran = [line for line in lines if line.startswith("Ran ")]
    problems = [line for line in lines if re.match(r"\S+:\d+:\d+: ", line)]
    shown = ran + problems[:10] + ([f"... and {len(problems) - 10} more"] if len(problems) > 10 else [])
    return Step("validate --run --device cuda", status == 0, seconds, _why(status, shown or lines[-3:]))


def benchmark_on_cuda(timeout_s: float) -> Step:
    """The execution benchmark on CUDA, short: 3 fresh pythons, 1 round, 50 forks."""
    command = [sys.executable, "benchmarks/bench_execution.py", "--device", "cuda"]
    status, output, seconds = run([*command, "--fresh", "3", "--rounds", "1", "--forks", "50"], timeout_s)
    lines = [line for line in output.splitlines() if line.strip()]
    return Step("execution benchmark on cuda", status == 0, seconds, _why(status, lines[-8:]))


def _why(status: int | None, lines: list[str]) -> tuple[str, ...]:
    """The lines to report, after the reason a step stopped when it did not finish."""
    if status is None:
        return ("ran out of its share of the time budget", *lines)
    return tuple(lines)


def main() -> int:
    """Probe CUDA, run the steps within the budget, print the report; the exit status says how it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=300.0, help="seconds for all steps (default 300)")
    args = parser.parse_args()
    started = time.perf_counter()
    status, output, _ = run([sys.executable, "-c", PROBE], 120)
    probe = json.loads(output.splitlines()[-1]) if status == 0 and output.strip() else None
    if probe is None or not probe["available"]:
        seen = (
            f"torch {probe['torch']}, built for CUDA {probe['cuda']}"
            if probe
            else f"torch did not load: {output[-300:]}"
        )
        print(f"CUDA is unavailable here ({seen}): no CUDA step was run.")
        return NO_CUDA
    steps: list[Step] = []
    # Shares of the budget: the tests are short, the bank and the benchmark take the rest.
    for check, share in ((cuda_tests, 0.2), (validate_on_cuda, 0.4), (benchmark_on_cuda, 1.0)):
        left = args.budget - (time.perf_counter() - started)
        if left < 5:
            steps.append(Step(check.__name__, False, 0.0, ("not run: the time budget is spent",)))
            continue
        steps.append(check(min(left, args.budget * share)))
    total = time.perf_counter() - started
    devices = ", ".join(probe["devices"])
    print(
        f"CUDA report, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
        f"torch {probe['torch']}, CUDA {probe['cuda']}, {devices}"
    )
    for step in steps:
        print(f"  {'PASS' if step.passed else 'FAIL'}  {step.name} ({step.seconds:.1f} s)")
        for line in step.lines:
            print(f"        {line}")
    ok = all(step.passed for step in steps)
    print(f"  {'all passed' if ok else 'FAILED'} in {total:.0f} s (budget {args.budget:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
