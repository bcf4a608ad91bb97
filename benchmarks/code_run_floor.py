"""Benchmark: the least CPU a graded code answer can cost when every run gets a fresh process.

Run: ``python benchmarks/code_run_floor.py [--rounds 3] [--json]``

It prepares a process as the worker prepares its own (torch imported and warmed up, the
collector frozen, its memory in huge pages), then, for the bank's code tasks, the reference
solution and the starter of each in turn (the mix ``bench_grading`` hands in), it does the
least a fresh process per run needs:

- fork a child, which runs the code and the check's ``probe`` and hands the ``result``
  over as ``handed_data`` bytes on a pipe, then exits;
- read those bytes, reap the child, and run the check's ``verify`` on them.

No sandbox (namespaces, cgroups, another user, rlimits), no checker process, no slot, no
zygote, no protocol, no grading of the answer: what is left is the code, its check, and one
fork, exit and reap. It prints the CPU time (this process and the child, user and system,
the child's exit included) of a code run at the median and the mean, split into the child and
the parent's part (fork, reap and verify). ``bench_grading`` compares its own figure with
this one, measured in the same run.
"""

import argparse
import gc
import json
import os
import resource
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.bank.bank_loader import load_bank  # noqa: E402
from quizapp.core.execution.worker import handed_data  # noqa: E402
from quizapp.core.execution.worker.huge_pages import collapse_into_huge_pages  # noqa: E402
from quizapp.core.execution.worker.process_control import warm_up_libc  # noqa: E402
from quizapp.core.execution.worker.server import _warm_up  # noqa: E402
from quizapp.core.model.code_questions import CodeTaskQuestion  # noqa: E402


@dataclass(frozen=True)
class CodeRun:
    """One code answer to run: the learner's code, and its check."""

    code: str
    probe: str
    verify: str
    cases: bytes
    """The setup's ``cases``, encoded as the checker hands them to a run."""
    namespace: dict[str, Any]
    """The setup's namespace, where ``verify`` runs."""


def code_runs() -> list[CodeRun]:
    """The solution and the starter of every code task of the shipped bank, each set up once."""
    runs = []
    for question in load_bank([ROOT / "question_bank"]).bank.questions:
        if not isinstance(question, CodeTaskQuestion):
            continue
        check = question.check
        namespace: dict[str, Any] = {"__name__": "__check__"}
        exec(compile(check.setup, "<check.setup>", "exec"), namespace)
        cases = handed_data.encode(namespace.get("cases"))
        for code in (question.solution, question.starter):
            runs.append(CodeRun(code, check.probe, check.verify, cases, namespace))
    return runs


def run_in_fresh_child(run: CodeRun) -> bytes:
    """Fork a child that runs ``run``'s code and probe and writes the result; return what it wrote."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the code, the probe, the hand-over, and nothing else
        os.close(read_end)
        try:
            namespace: dict[str, Any] = {"__name__": "__main__", "DEVICE": "cpu"}
            exec(compile(run.code, "<snippet>", "exec", dont_inherit=True), namespace)
            namespace["cases"], namespace["result"] = handed_data.decode(run.cases), {}
            exec(compile(run.probe, "<check.probe>", "exec", dont_inherit=True), namespace)
            os.write(write_end, handed_data.encode(namespace["result"]))
        except BaseException:  # a starter that raises hands over nothing
            pass
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 20):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks)


def verified(run: CodeRun, handed_over: bytes) -> bool:
    """Whether ``verify`` accepts the result (False where nothing was handed over)."""
    if not handed_over:
        return False
    namespace = dict(run.namespace)
    namespace["result"] = handed_data.decode(handed_over)
    try:
        exec(compile(run.verify, "<check.verify>", "exec", dont_inherit=True), namespace)
    except Exception:  # a failed check is a verdict, as in the checker
        return False
    return True


def cpu_seconds(who: int) -> float:
    """User and system CPU seconds of ``resource.RUSAGE_SELF`` or ``RUSAGE_CHILDREN``."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(runs: list[CodeRun], rounds: int) -> dict[str, float]:
    """CPU milliseconds per code run over ``rounds`` rounds of ``runs`` (after one to warm up)."""
    child_ms: list[float] = []
    parent_ms: list[float] = []
    passed = 0
    for round_number in range(rounds + 1):
        for run in runs:
            children, own = cpu_seconds(resource.RUSAGE_CHILDREN), cpu_seconds(resource.RUSAGE_SELF)
            accepted = verified(run, run_in_fresh_child(run))
            if round_number:  # the first round warms this process up
                child_ms.append(1000 * (cpu_seconds(resource.RUSAGE_CHILDREN) - children))
                parent_ms.append(1000 * (cpu_seconds(resource.RUSAGE_SELF) - own))
                passed += accepted
    total = [child + parent for child, parent in zip(child_ms, parent_ms, strict=True)]
    return {
        "median_ms": statistics.median(total),
        "mean_ms": statistics.mean(total),
        "child_ms": statistics.mean(child_ms),
        "parent_ms": statistics.mean(parent_ms),
        "runs": len(total),
        "passed": passed,
    }


def main() -> None:
    """Prepare this process as the worker does, then measure and print the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the bank's code answers")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    runs = code_runs()
    _warm_up()  # as the worker's server does before it forks anything
    warm_up_libc()
    gc.collect()
    gc.freeze()
    collapse_into_huge_pages()
    figures = measure(runs, args.rounds)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"a code run with a fresh process and nothing else: {figures['median_ms']:.1f} ms CPU median, "
        f"{figures['mean_ms']:.1f} mean (child {figures['child_ms']:.1f}, fork, reap and verify "
        f"{figures['parent_ms']:.1f}); {figures['runs']:.0f} runs, {figures['passed']:.0f} passed"
    )


if __name__ == "__main__":
    main()
