"""The cheap benchmarks still run against today's code: a broken one would report nothing."""

import json
import subprocess
import sys

from tests.paths import ROOT


def run_benchmark(name: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_bank_load_benchmark_generates_banks_that_load_cleanly() -> None:
    out = run_benchmark("bench_bank_load.py", "--sizes", "100", "200", "--repeat", "1")

    rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["100"], ["200"])]
    assert [row[0] for row in rows] == ["100", "200"]
    assert "growth 100 -> 200 questions" in out


def test_the_start_up_benchmark_times_every_probe() -> None:
    out = run_benchmark("bench_tui_start.py", "--runs", "1")

    for label in ("bare Textual app", "first paint", "bank loaded and shown", "bank not cached"):
        assert label in out, out


def test_the_code_run_floor_runs_and_checks_every_code_answer_for_real() -> None:
    out = run_benchmark("code_run_floor.py", "--rounds", "1", "--json")

    figures = json.loads(out)
    # Each code task's solution and starter: the solutions pass their checks, the starters do not.
    assert figures["runs"] == 2 * figures["passed"] > 0
    assert figures["child_ms"] > 0
    assert figures["parent_ms"] > 0
