"""Benchmark: one batch graded plainly, on a local Dask cluster of 2 workers, and as shards merged.

Run: ``python benchmarks/bench_grade_batches.py [--submissions 200] [--shards 2]``

The batch is ``bench_grading``'s (60 answers a submission, 5 of them code tasks run in the
sandbox). Each path is timed end to end as a grader runs it: ``quizapp grade`` in a fresh
process, start-up, bank and warm-up included. The shards run one after another here; on N
machines they run at once, so the batch takes the slowest shard plus the merge. Then the
outputs are compared with the plain run's: every score, counted flag and gradebook line,
and every reason except those of failed code checks, which name values the check draws at
random on each run.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_grading import write_submissions  # noqa: E402  (a sibling script: its folder is on sys.path)

from quizapp.core.bank.bank_loader import load_bank  # noqa: E402


def grade(folder: Path, *args: str) -> float:
    """Seconds for ``quizapp grade ARGS`` in ``folder`` (its own copy of the bank); exit 0 or 1 only."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", "grade", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "QUIZAPP_BANK": str(folder / "bank")},
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"quizapp grade {' '.join(args[-3:])} failed:\n{done.stderr}")
    return time.perf_counter() - started


def comparable(path: Path) -> dict[str, Any]:
    """A JSON score file without the reasons that failed code checks draw at random."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for row in document["responses"]:
        if row["type"] == "code_task":
            row.pop("reason")
    return document


def main() -> None:
    """Write the batch, grade it three ways, print the times and whether the outputs agree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--shards", type=int, default=2)
    args = parser.parse_args()
    questions = list(load_bank([ROOT / "question_bank"]).bank.questions)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shutil.copytree(ROOT / "question_bank", folder / "bank")
        files = [path.name for path in write_submissions(folder, args.submissions, questions)]
        answers = args.submissions * 60
        plain = grade(folder, *files, "--out", "plain.json")
        dask = grade(folder, *files, "--dask", "--out", "dask.json")
        shard_times = [
            grade(folder, *files, "--shard", f"{index}/{args.shards}", "--out", f"shard{index}.json")
            for index in range(1, args.shards + 1)
        ]
        shard_files = [f"shard{index}.json" for index in range(1, args.shards + 1)]
        merge = grade(folder, "--merge", *shard_files, "--out", "merged.json")
        expected = comparable(folder / "plain.json")
        same_dask = comparable(folder / "dask.json") == expected
        same_merged = comparable(folder / "merged.json") == expected
    print(f"{args.submissions} submissions, {answers} answers ({args.submissions * 5} code runs)")
    print(f"  plain run                    {plain:7.1f} s  {answers / plain:6.0f} answers/s")
    print(
        f"  Dask, local cluster of 2     {dask:7.1f} s  {answers / dask:6.0f} answers/s  "
        f"same as plain: {same_dask}"
    )
    for index, seconds in enumerate(shard_times, start=1):
        print(f"  shard {index}/{args.shards}                    {seconds:7.1f} s")
    print(f"  merge                        {merge:7.1f} s  same as plain: {same_merged}")
    print(
        f"  shards on {args.shards} machines at once:  {max(shard_times) + merge:7.1f} s "
        "(slowest shard + merge)"
    )


if __name__ == "__main__":
    main()
