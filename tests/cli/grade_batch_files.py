"""A batch of submission files that exercises every path of ``grade``, and a plain run over it.

Shared by the shard, progress and Dask tests, which compare their output with this plain
run's. The batch has a code task answered right and wrong (so the sandbox runs), two
submissions of one learner (one set aside), a byte-identical copy of a file under another
name, a broken file and a directory (not gradable).
"""

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.model.questions import CodeTaskQuestion
from quizapp.core.records.shards import input_key, shard_of
from tests.cli.test_record_commands import QUESTIONS, TRUE_FALSE, submission
from tests.paths import BANK

SHARDS = 3
"""The shards the batch is cut into by the tests."""
TASK = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
# A wrong answer whose reason is the same on every run (a failed check names random values).
FAILING_CODE = "def clip_by_total_norm(params, max_norm):\n    raise ValueError('not done')\n"


def quizapp(
    *args: str, cwd: Path, bank: Path = BANK, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m quizapp`` in ``cwd`` with ``bank`` and no terminal."""
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "QUIZAPP_BANK": str(bank), **(env or {})},
    )


@dataclass(frozen=True)
class Batch:
    """The files (names relative to ``folder``) and what a plain ``grade --out plain.json`` did."""

    folder: Path
    files: list[str]
    plain: subprocess.CompletedProcess[str]

    def grade(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``quizapp grade ARGS`` in the batch's folder with the batch's own copy of the bank."""
        return quizapp("grade", *args, cwd=self.folder, bank=self.folder / "bank", env=env)


def make_batch(folder: Path) -> Batch:
    """Write the batch into ``folder`` and grade it once, plainly, to ``plain.json``."""
    right, wrong = TRUE_FALSE
    files = [
        submission(folder, "ada", "ada", [(right, right.answer), (TASK, TASK.solution)]),
        submission(folder, "grace", "grace", [(TASK, FAILING_CODE), (wrong, not wrong.answer)]),
        submission(folder, "bob-first", "bob", [(right, right.answer), (wrong, wrong.answer)]),
        submission(folder, "bob-forged", "bob", [(right, not right.answer), (wrong, wrong.answer)]),
        "broken.json",
        "folder",
        "ada-copy.json",
    ]
    on_other_shards(folder / "bob-first.json", folder / "bob-forged.json", count=SHARDS)
    (folder / "broken.json").write_text("{ not json")
    (folder / "folder").mkdir()
    shutil.copy(folder / "ada.json", folder / "ada-copy.json")
    # A copy of the bank: every run of the batch grades against the same one, even while
    # authors edit question_bank/ (shards graded with different banks refuse to merge).
    shutil.copytree(BANK, folder / "bank")
    plain = quizapp("grade", *files, "--out", "plain.json", cwd=folder, bank=folder / "bank")
    return Batch(folder, files, plain)


def on_other_shards(first: Path, second: Path, *, count: int) -> None:
    """Pad ``second`` with blanks (JSON ignores them) until its bytes put it on another shard of ``count``.

    Two submissions of one learner then meet only in the merge, which must set one aside as
    a single run does.
    """
    while shard_of(input_key(second), count) == shard_of(input_key(first), count):
        with second.open("a", encoding="utf-8") as stream:
            stream.write(" ")


def without_wrote(stdout: str) -> str:
    """Standard output without its last "Wrote FILE." line (the file's name differs)."""
    return "\n".join(line for line in stdout.splitlines() if not line.startswith("Wrote "))
