"""Benchmark: the same executable snippets run in a fresh ``python`` each, and through the backend.

Run: ``python benchmarks/bench_execution.py [--fresh N] [--rounds R] [--device cpu|cuda]``

(a) baseline: ``python -c SNIPPET`` for the first N executable snippets of the shipped bank
    (each pays for importing torch);
(b) backend: every executable snippet of the bank through ``SnippetRunner``, one at a time
    (latency, worker already warm), R rounds;
(c) the wall time of ``verify_answer_keys`` over the whole bank on a warm runner, and of
    ``quizapp validate --run`` from a cold start;
(d) the fork floor: in a fresh ``python`` that has imported torch as the worker does (and
    nothing more), the median time to fork a child that exits at once, and reap it. That
    is what a fresh process per run would cost at the least.

It prints per-snippet median latencies, their ratios (all measured in the same run:
(a)/(b) should be >= 150, (b)/(d) <= 1.2), and the verification times.
"""

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.bank.bank_loader import load_bank  # noqa: E402
from quizapp.core.execution.client import SnippetRunner  # noqa: E402
from quizapp.core.execution.run_result import RunStatus  # noqa: E402
from quizapp.core.execution.snippet import Snippet  # noqa: E402
from quizapp.core.grading.code_judge import code_task_snippet  # noqa: E402
from quizapp.core.grading.key_verification import verify_answer_keys  # noqa: E402
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion  # noqa: E402


def bank_snippets() -> list[Snippet]:
    """Every snippet ``validate --run`` runs for the shipped bank (code tasks through their checker)."""
    snippets = []
    for question in load_bank([ROOT / "question_bank"]).bank.questions:
        if isinstance(question, (CodeOutputQuestion, CodeErrorQuestion)):
            snippets.append(Snippet(question.code))
        elif isinstance(question, CodeTaskQuestion):
            snippets += [
                code_task_snippet(question, question.solution),
                code_task_snippet(question, question.starter),
            ]
    return snippets


def fresh_python(code: str) -> float:
    """Seconds to run ``code`` in a new interpreter."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, timeout=120)
    return time.perf_counter() - started


FORK_FLOOR = """
import os, statistics, sys, time
import torch, torch.nn.utils, torch.optim
torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
times = []
for _ in range(int(sys.argv[1])):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    times.append(time.perf_counter() - started)
print(statistics.median(times))
"""
"""Times fork, exit and reap from a process that imported torch as the worker does."""


def fork_floor(forks: int) -> float:
    """The median seconds to fork a child of a torch-importing process, let it exit, and reap it."""
    command = [sys.executable, "-c", FORK_FLOOR, str(forks)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    return float(done.stdout)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=int, default=8, help="snippets to run in a fresh python")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the bank through the backend")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="where (b) and (c) run")
    parser.add_argument("--forks", type=int, default=200, help="forks timed for the fork floor")
    args = parser.parse_args()
    snippets = bank_snippets()

    floor = fork_floor(args.forks)

    fresh = [fresh_python(snippet.code) for snippet in snippets[: args.fresh]]
    with SnippetRunner() as runner:
        started = time.perf_counter()
        runner.wait_ready()
        warm_up = time.perf_counter() - started
        backend = []
        for _ in range(args.rounds):
            for snippet in snippets:
                started = time.perf_counter()
                result = runner.submit(replace(snippet, device=args.device)).result()
                backend.append(time.perf_counter() - started)
                if result.status is RunStatus.WORKER_ERROR:
                    raise SystemExit(f"worker error: {result.stderr}")
        started = time.perf_counter()
        report = verify_answer_keys(load_bank([ROOT / "question_bank"]).bank, runner, device=args.device)
        verify_warm = time.perf_counter() - started
    started = time.perf_counter()
    # Exit status 1 (problems in the bank) still times a full run; only a crash is fatal.
    cold = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", "--run", "--device", args.device],
        check=False,
        cwd=ROOT,
        capture_output=True,
    )
    if cold.returncode not in (0, 1):
        raise SystemExit(cold.stderr.decode(errors="replace"))
    verify_cold = time.perf_counter() - started

    fresh_median, backend_median = statistics.median(fresh), statistics.median(backend)
    print(f"snippets in the bank: {len(snippets)}; (b) and (c) on {args.device}")
    print(f"(a) fresh python   median {fresh_median * 1e3:8.1f} ms over {len(fresh)} snippets")
    print(
        f"(b) backend        median {backend_median * 1e3:8.1f} ms over {len(backend)} runs "
        f"(p90 {statistics.quantiles(backend, n=10)[-1] * 1e3:.1f} ms; worker warm-up {warm_up:.1f} s)"
    )
    print(f"    ratio (a)/(b): {fresh_median / backend_median:.0f}x (target >= 150x)")
    print(f"(d) fork floor     median {floor * 1e3:8.1f} ms over {args.forks} forks of a python with torch")
    print(f"    ratio (b)/(d): {backend_median / floor:.2f}x (target <= 1.2x)")
    print(
        f"(c) verify {report.questions} questions ({report.runs} runs), warm runner: {verify_warm:.2f} s; "
        f"'quizapp validate --run' from cold: {verify_cold:.2f} s; problems: {len(report.problems)}"
    )


if __name__ == "__main__":
    main()
