"""Benchmark: re-grade generated submissions (60 answers each, 5 of them code_task) at 1 and 2 workers.

Run: ``python benchmarks/bench_grading.py [--submissions 1000] [--workers 1 2]``

Each submission answers 60 questions of the shipped bank: 55 graded without running code
(a mix of right and wrong answers) and 5 code_task answers run in the sandbox (half the
reference solution, half the starter). Every code answer is distinct: it ends with a
comment naming its learner, so no two are the same run and nothing can be served from
memory. For each worker count the same files are graded with a fresh runner of that many
slots and threads; it prints submissions per second, answers per second, the wall time,
the speed-up over one worker (targets: 1,000 submissions in at most 50 s at 2 workers
on 2 cores, and a speed-up of at least 1.8), and how many cores the machine kept busy
meanwhile (every process, the kernel's work included). One worker already keeps more than
one core busy (this process grades while the worker runs, and the kernel tears each run's
process down on another core), so the speed-up two cores allow is 2 / that figure.

A line then says where the CPU time of one code run goes at the last worker count: this
grading process (which also grades the 55 answers that run nothing), the worker's server,
its slots, the zygotes they fork runs from, the runs, and their checkers (read from /proc).

The next line compares that with the floor measured in the same run by
``code_run_floor.py``: the CPU of a code run when each gets a fresh process and nothing
else (no sandbox, no checker process, no protocol), and the least wall time that floor
allows the submissions asked for, with every core busy.

A last line grades a second set of files whose code answers repeat (the solution or the
starter, handed in unchanged, as happens in a class) with the verdict cache that
``quizapp grade`` uses: identical runs are judged once. It is reported apart, since its
speed depends on how often answers repeat.
"""

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.bank.bank_loader import load_bank  # noqa: E402
from quizapp.core.execution.client import SnippetRunner  # noqa: E402
from quizapp.core.grading.code_judge import RunnerJudge, VerdictCache  # noqa: E402
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion  # noqa: E402
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash  # noqa: E402
from quizapp.core.model.questions import Question  # noqa: E402
from quizapp.core.records.submissions import GradedSubmission, regrade_files  # noqa: E402


def plausible_answer(question: Question, rng: random.Random) -> object:
    """A right or a wrong answer of the right shape."""
    right = rng.random() < 0.6
    key = getattr(question, "answer", None)
    if question.type == "multiple_select":
        return list(key or []) if right else [question.choices[0].id]
    if question.type == "single_choice":
        return key if right else question.choices[-1].id
    if question.type == "true_false":
        return key if right else not key
    if question.type == "short_text":
        return question.accepted[0] if right else "no idea"
    if question.type == "explain":
        return question.model_answer if right else "I am not sure."
    if question.type == "flashcard":
        return rng.choice(["again", "hard", "good", "easy"])
    return str(key) if right else "0"


def write_submissions(
    folder: Path, count: int, questions: list[Question], *, distinct: bool = True
) -> list[Path]:
    """Write ``count`` submission files of 55 plain answers and 5 code_task answers each.

    With ``distinct``, each code answer ends with a comment naming its learner.
    """
    rng = random.Random(0)
    plain = [
        q
        for q in questions
        if not isinstance(q, CodeTaskQuestion) and not (isinstance(q, CodeOutputQuestion) and q.parameters)
    ]
    tasks = [q for q in questions if isinstance(q, CodeTaskQuestion)]
    fingerprint = bank_fingerprint(questions)
    started = datetime.now(UTC) - timedelta(hours=1)  # each session an hour ago, an answer a second
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        chosen = rng.sample(plain, 55)
        answers: list[tuple[Question, object]] = [(q, plausible_answer(q, rng)) for q in chosen]
        for task in rng.sample(tasks, 5):
            code = task.solution if rng.random() < 0.5 else task.starter
            if distinct:
                code += f"\n# learner-{n}\n"
            answers.append((task, code))
        responses = [
            {
                "question_id": q.id,
                "question_hash": question_hash(q),
                "answer": answer,
                "answered_at": (started + timedelta(seconds=i + 1)).isoformat(timespec="milliseconds"),
            }
            for i, (q, answer) in enumerate(answers)
        ]
        path = folder / f"learner-{n:04d}.json"
        path.write_text(
            json.dumps(
                {
                    "format": "quizapp-submission",
                    "version": 1,
                    "app_version": "bench",
                    "learner": f"learner-{n}",
                    "mode": "exam",
                    "seed": n,
                    "started_at": started.isoformat(timespec="milliseconds"),
                    "submitted_at": (started + timedelta(minutes=2)).isoformat(timespec="seconds"),
                    "bank_fingerprint": fingerprint,
                    "responses": responses,
                }
            )
        )
        paths.append(path)
    return paths


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    questions = list(load_bank([ROOT / "question_bank"]).bank.questions)
    with tempfile.TemporaryDirectory() as name:
        paths = write_submissions(Path(name) / "distinct", args.submissions, questions)
        repeated = write_submissions(Path(name) / "repeated", args.submissions, questions, distinct=False)
        print(
            f"{'workers':>7}  {'wall':>8}  {'submissions/s':>13}  {'answers/s':>9}  {'speed-up':>8}  "
            f"cores busy (of {os.cpu_count()})"
        )
        first = None
        split = ""
        for workers in args.workers:
            busy_before = machine_busy()
            wall, answers, cpu = grade_all(paths, questions, workers, cache=None)
            busy = (machine_busy() - busy_before) / wall
            first = first or wall
            print(
                f"{workers:>7}  {wall:>7.1f}s  {len(paths) / wall:>13.1f}  {answers / wall:>9.0f}  "
                f"{first / wall:>7.2f}x  {busy:.2f}"
            )
            runs = 5 * len(paths)
            split = f"CPU per code run at {workers} workers (ms): " + ", ".join(
                f"{part} {1000 * seconds / runs:.1f}" for part, seconds in cpu.items()
            )
            split += f"; all {1000 * sum(cpu.values()) / runs:.1f}"
        print(split)
        print(floor_line(cpu, len(paths), 1000))  # the target: 1,000 in at most 50 s
        cache = VerdictCache()
        workers = max(args.workers)
        wall, answers, _ = grade_all(repeated, questions, workers, cache=cache)
        print(
            f"{workers:>7}  {wall:>7.1f}s  {len(repeated) / wall:>13.1f}  {answers / wall:>9.0f}  "
            f"(repeated answers, verdict cache: {cache.runs} runs, {cache.hits} served from the cache)"
        )


def floor_line(cpu: dict[str, float], graded: int, target: int) -> str:
    """The same run's floor of a code run (``code_run_floor``), and what it allows ``target`` submissions.

    ``cpu`` is the last worker count's CPU by part (:func:`cpu_by_part`) over ``graded``
    submissions. The wall time the floor allows counts five code runs at the floor and this
    process's own CPU a submission, spread over every core with none idle.
    """
    command = [sys.executable, str(ROOT / "benchmarks" / "code_run_floor.py"), "--json"]
    floor = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    ours = 1000 * sum(cpu.values()) / (5 * graded)
    grading = 1000 * cpu["grading"] / graded
    least = target * (5 * floor["mean_ms"] + grading) / 1000 / (os.cpu_count() or 1)
    return (
        f"floor (code_run_floor.py, same run): {floor['mean_ms']:.1f} ms CPU a code run with a fresh "
        f"process and no sandbox; the backend's {ours:.1f} ms are {ours / floor['mean_ms']:.2f}x that. "
        f"At the floor, with this process's {grading:.1f} ms a submission, {target:,} submissions "
        f"need at least {least:.1f} s on {os.cpu_count()} cores, none idle"
    )


def grade_all(
    paths: list[Path], questions: list[Question], workers: int, *, cache: VerdictCache | None
) -> tuple[float, int, dict[str, float]]:
    """Grade ``paths`` with a fresh runner of ``workers`` slots.

    Returns:
        The wall time, the answers graded, and the CPU seconds each part used while grading
        (see :func:`cpu_by_part`).
    """
    with SnippetRunner(slots=workers) as runner:
        server = int(runner.wait_ready()["pid"])
        before = cpu_by_part(server)
        started = time.perf_counter()
        results = regrade_files(paths, questions, judge=RunnerJudge(runner, cache=cache), workers=workers)
        wall = time.perf_counter() - started
        after = cpu_by_part(server)
    graded = [r for r in results if isinstance(r, GradedSubmission)]
    if len(graded) != len(paths):
        raise SystemExit(f"{len(paths) - len(graded)} submissions were not gradable")
    return wall, sum(len(r.rows) for r in graded), {part: after[part] - before[part] for part in after}


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (every process and the kernel), from /proc/stat.

    Divided by a run's wall time it says how many cores the run kept busy: a speed-up from
    one worker to two can be at most the cores there are over the cores one worker already uses.
    """
    user, nice, system, _idle, _iowait, irq, softirq = (
        int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]
    )  # steal (time a virtual machine's host gave to others) is not counted
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def cpu_by_part(server: int) -> dict[str, float]:
    """CPU seconds (user + system) so far of this process and of the worker's processes, by part.

    ``grading``: this process (it grades the answers that run nothing, and drives the runs);
    ``server``: the worker's main process; ``slots``: its slot processes; ``zygotes``: the
    process each slot forks its runs from (``worker.zygote``); ``runs``: the run children,
    reaped or prepared, and what they left to their slot; ``checkers``: each slot's
    checker. Read from /proc.
    """
    tick = os.sysconf("SC_CLK_TCK")

    def times(pid: int) -> tuple[float, float]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a prepared child ended just now: its slot reaps and counts it
            return 0.0, 0.0
        own, reaped = int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
        return own / tick, reaped / tick

    def children(pid: int) -> list[int]:
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError):  # a thread that ended just now
                found += [int(child) for child in (task / "children").read_text().split()]
        return found

    usage = resource.getrusage(resource.RUSAGE_SELF)
    part = {"grading": usage.ru_utime + usage.ru_stime, "server": times(server)[0]}
    part["slots"] = part["zygotes"] = part["runs"] = part["checkers"] = 0.0
    for slot in children(server):
        own, reaped = times(slot)
        part["slots"] += own
        part["runs"] += reaped  # what runs left behind, which the slot killed and reaped
        for child in children(slot):
            own, reaped = times(child)
            prepared = children(child)
            if prepared:  # the zygote: the prepared runs are its children
                part["zygotes"] += own
                part["runs"] += reaped + sum(times(run)[0] for run in prepared)
            else:
                part["checkers"] += own
    return part


if __name__ == "__main__":
    main()
