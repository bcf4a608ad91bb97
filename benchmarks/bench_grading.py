"""Benchmark: re-grade generated submissions (60 answers each, 5 of them code_task) at 1 and 2 workers.

Run: ``python benchmarks/bench_grading.py [--submissions 1000] [--workers 1 2]``

Each submission answers 60 questions of the shipped bank: 55 graded without running code
(a mix of right and wrong answers) and 5 code_task answers run in the sandbox (half the
reference solution, half the starter). Every code answer is distinct: it ends with a
comment naming its learner, so no two are the same run and nothing can be served from
memory. For each worker count the same files are graded with a fresh runner of that many
slots and threads; it prints submissions per second, answers per second, the wall time,
and the speed-up over one worker (targets: 1,000 submissions in at most 50 s at 2 workers
on 2 cores, and a speed-up of at least 1.8).

A last line grades a second set of files whose code answers repeat (the solution or the
starter, handed in unchanged, as happens in a class) with the verdict cache that
``quizapp grade`` uses: identical runs are judged once. It is reported apart, since its
speed depends on how often answers repeat.
"""

import argparse
import json
import random
import sys
import tempfile
import time
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
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        chosen = rng.sample(plain, 55)
        responses = [
            {"question_id": q.id, "question_hash": question_hash(q), "answer": plausible_answer(q, rng)}
            for q in chosen
        ]
        for task in rng.sample(tasks, 5):
            code = task.solution if rng.random() < 0.5 else task.starter
            if distinct:
                code += f"\n# learner-{n}\n"
            responses.append({"question_id": task.id, "question_hash": question_hash(task), "answer": code})
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
        print(f"{'workers':>7}  {'wall':>8}  {'submissions/s':>13}  {'answers/s':>9}  {'speed-up':>8}")
        first = None
        for workers in args.workers:
            wall, answers = grade_all(paths, questions, workers, cache=None)
            first = first or wall
            print(
                f"{workers:>7}  {wall:>7.1f}s  {len(paths) / wall:>13.1f}  {answers / wall:>9.0f}  "
                f"{first / wall:>7.2f}x"
            )
        cache = VerdictCache()
        workers = max(args.workers)
        wall, answers = grade_all(repeated, questions, workers, cache=cache)
        print(
            f"{workers:>7}  {wall:>7.1f}s  {len(repeated) / wall:>13.1f}  {answers / wall:>9.0f}  "
            f"(repeated answers, verdict cache: {cache.runs} runs, {cache.hits} served from the cache)"
        )


def grade_all(
    paths: list[Path], questions: list[Question], workers: int, *, cache: VerdictCache | None
) -> tuple[float, int]:
    """Grade ``paths`` with a fresh runner of ``workers`` slots; return the wall time and answers graded."""
    with SnippetRunner(slots=workers) as runner:
        runner.wait_ready()
        started = time.perf_counter()
        results = regrade_files(paths, questions, judge=RunnerJudge(runner, cache=cache), workers=workers)
        wall = time.perf_counter() - started
    graded = [r for r in results if isinstance(r, GradedSubmission)]
    if len(graded) != len(paths):
        raise SystemExit(f"{len(paths) - len(graded)} submissions were not gradable")
    return wall, sum(len(r.rows) for r in graded)


if __name__ == "__main__":
    main()
