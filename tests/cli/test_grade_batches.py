"""grade over many files: shards merged, and a Dask cluster, give exactly one plain run's output.

One batch (``grade_batch_files``) is graded plainly once; every other path is compared with
that run, byte for byte. Errors found before grading run in this process, to stay fast.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizapp.cli.commands import main
from quizapp.core.records.assignments import Assignment, write_assignment
from quizapp.core.records.shard_files import write_shard
from quizapp.core.records.shards import Shard, ShardInput, ShardOutput, input_key, shard_of
from quizapp.core.records.submissions import NotGradable
from tests.cli.grade_batch_files import SHARDS, Batch, make_batch, quizapp, without_wrote

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    return make_batch(tmp_path_factory.mktemp("batch"))


def test_the_plain_run_grades_runs_code_and_sets_a_duplicate_aside(batch: Batch) -> None:
    assert batch.plain.returncode == 1, batch.plain.stderr  # two files were not gradable
    assert "ada.json: ada: 2.0/2.0" in batch.plain.stdout  # the code task passed in the sandbox
    assert "raised ValueError: not done" in batch.plain.stdout
    assert "only ada-copy.json counts" in batch.plain.stdout
    assert "only bob-forged.json counts" in batch.plain.stdout
    assert "folder: not gradable: it is not a regular file but a directory" in batch.plain.stderr


def test_three_shards_merged_write_exactly_what_one_run_writes(batch: Batch) -> None:
    folder = batch.folder
    shards = []
    assert SHARDS == 3
    for index in (1, 2, 3):
        # Shards 2 and 3 get the files in another order: each file still goes to one shard.
        files = batch.files if index == 1 else list(reversed(batch.files))
        shards.append(batch.grade(*files, "--shard", f"{index}/3", "--out", f"shard{index}.json"))

    merged = batch.grade("--merge", "shard3.json", "shard1.json", "shard2.json", "--out", "merged.json")
    wide = batch.grade(
        "--merge",
        "shard2.json",
        "shard1.json",
        "shard3.json",
        "--out",
        "wide.csv",
        "--wide",
    )

    for result in shards:
        assert result.returncode == 0, result.stderr  # not-gradable files are the merge's to report
        assert "of 7 files; wrote shard" in result.stdout
    graded = sum(int(result.stdout.split("graded ")[1].split(" of")[0]) for result in shards)
    assert graded == 7
    bob = {shard_of(input_key(folder / name), SHARDS) for name in ("bob-first.json", "bob-forged.json")}
    assert len(bob) == 2  # bob's two submissions meet only in the merge
    assert (folder / "merged.json").read_bytes() == (folder / "plain.json").read_bytes()
    assert merged.returncode == batch.plain.returncode == 1
    assert without_wrote(merged.stdout) == without_wrote(batch.plain.stdout)
    assert merged.stderr == batch.plain.stderr
    document = json.loads((folder / "plain.json").read_text(encoding="utf-8"))
    book = [(line["learner"], line["session"]) for line in document["gradebook"]["rows"]]
    wide_lines = (folder / "wide.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert wide.returncode == 1
    assert [tuple(line.split(",")[0:3:2]) for line in wide_lines] == book


def in_process(*args: str, cwd: Path) -> Result:
    """``quizapp ARGS`` in this process (for errors found before any grading)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return CliRunner().invoke(main, list(args))


def test_merge_of_a_partial_set_names_the_missing_shard(tmp_path: Path) -> None:
    inputs = (ShardInput("a.json", "0" * 64), ShardInput("b.json", "0" * 15 + "1" + "0" * 48))
    write_shard(
        ShardOutput(Shard(1, 2), inputs, (NotGradable("a.json", "broken"),), "b", "", "v"),
        tmp_path / "s1.json",
    )

    result = in_process("grade", "--merge", "s1.json", "--out", "x.json", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == "quizapp: error: shard 2/2 missing: merge needs every shard of the batch\n"
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.json", "--shard", "0/3", "--out", "s.json"], "--shard takes I/N with 1 <= I <= N"),
        (["a.json", "--shard", "1/3"], "--shard I/N writes a shard file: give --out FILE.json"),
        (["a.json", "--shard", "1/3", "--out", "s.csv"], "--shard I/N writes a shard file"),
        (["a.json", "--merge", "--dask"], "--merge reads shard files"),
        (["a.json", "--scheduler", "tcp://x:8786"], "--scheduler ADDRESS goes with --dask"),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = in_process("grade", *args, cwd=tmp_path)

    assert result.exit_code == 2
    assert message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("graded_against", "message"),
    [
        ("", "the shards were graded without --assignment; merge them without it"),
        ("0123456789abcdef", "the shards were graded against another assignment than --assignment"),
    ],
)
def test_merge_with_an_assignment_the_shards_were_not_graded_against_is_refused(
    tmp_path: Path, graded_against: str, message: str
) -> None:
    week1 = Assignment(title="Week 1", mode="exam", seed=5, questions=("q1",))
    write_assignment(week1, tmp_path / "week1.json")
    output = ShardOutput(Shard(1, 1), (), (), "bank", graded_against, "v")
    write_shard(output, tmp_path / "s1.json")

    result = in_process("grade", "--merge", "s1.json", "--assignment", "week1.json", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == f"quizapp: error: {message}\n"


def test_merging_what_is_not_a_shard_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "ada.json").write_text('{"format": "quizapp-submission"}')

    result = in_process("grade", "--merge", "ada.json", cwd=tmp_path)

    assert result.exit_code == 1
    assert "ada.json: not a quizapp grade shard" in result.stderr
    assert isinstance(result.exception, SystemExit)


def test_progress_is_drawn_on_a_terminal_and_never_when_piped(batch: Batch) -> None:
    files = ["bob-first.json", "bob-forged.json", "broken.json"]

    terminal = batch.grade(*files, env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"})
    shard = batch.grade(*files, "--shard", "1/1", "--out", "one.json", env={"TTY_COMPATIBLE": "1"})

    drawn = ANSI.sub("", terminal.stderr)
    assert "\x1b[" in terminal.stderr  # drawn for a terminal
    assert "grading" in drawn
    assert "3/3 files" in drawn  # counts, on stderr only
    assert "left" in drawn
    assert "3/3" not in terminal.stdout
    assert "3/3 files" in ANSI.sub("", shard.stderr)
    assert "\x1b" not in batch.plain.stderr  # piped: no bar, no escape codes
    assert "files" not in batch.plain.stderr
    assert batch.plain.stderr.count("\n") == 2  # just the two files that are not gradable


def test_dask_with_a_local_cluster_of_two_workers_writes_exactly_what_one_run_writes(batch: Batch) -> None:
    pytest.importorskip("distributed", reason='the dask extra is not installed (pip install ".[dev]" has it)')

    on_dask = batch.grade(*batch.files, "--dask", "--out", "dask.json")

    assert on_dask.returncode == batch.plain.returncode == 1
    assert (batch.folder / "dask.json").read_bytes() == (batch.folder / "plain.json").read_bytes()
    assert without_wrote(on_dask.stdout) == without_wrote(batch.plain.stdout)
    assert on_dask.stderr == batch.plain.stderr  # nothing from Dask, no progress bar when piped


def test_dask_on_a_running_scheduler_whose_workers_run_in_another_directory(
    batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    # The workers run here, in the temp directory: the grader's relative paths ("." and
    # "bank") must not be resolved there (hiding all of /tmp from runs fails every code task).
    monkeypatch.chdir(tempfile.gettempdir())
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = batch.grade(
            *batch.files,
            "--dask",
            "--scheduler",
            cluster.scheduler_address,
            "--out",
            "remote.json",
            env={"TTY_COMPATIBLE": "1"},  # a terminal, as far as the progress bar can tell
        )

    assert remote.returncode == 1, remote.stderr
    assert (batch.folder / "remote.json").read_bytes() == (batch.folder / "plain.json").read_bytes()
    assert without_wrote(remote.stdout) == without_wrote(batch.plain.stdout)
    assert "7/7 files" in ANSI.sub("", remote.stderr)  # the bar counted the cluster's results


def test_dask_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "distributed.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'distributed'\", name='distributed')\n"
    )
    (tmp_path / "ada.json").write_text("{}")

    result = quizapp("grade", "ada.json", "--dask", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})

    assert result.returncode == 1
    assert result.stderr.endswith(
        'quizapp: error: --dask needs Dask distributed, an optional extra: pip install "quizapp[dask]"\n'
    )
    assert "Traceback" not in result.stderr


def test_dask_with_a_scheduler_that_is_no_address_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason='the dask extra is not installed (pip install ".[dev]" has it)')
    (tmp_path / "ada.json").write_text("{}")

    result = quizapp("grade", "ada.json", "--dask", "--scheduler", "no-port", cwd=tmp_path)

    assert result.returncode == 1
    assert "quizapp: error: cannot reach the Dask scheduler at no-port:" in result.stderr
    assert "Traceback" not in result.stderr


def test_grading_imports_no_dask_until_asked_and_the_core_no_progress_bar() -> None:
    code = (
        "import sys, quizapp.cli.grade_command\n"
        "print(sorted({'dask', 'distributed', 'quizapp.cluster.dask_grading'} & set(sys.modules)))\n"
    )
    core = (
        "import sys, quizapp.core.records.shard_files\nprint(sorted({'rich', 'click'} & set(sys.modules)))\n"
    )

    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        == "[]\n"
    )
    assert (
        subprocess.run([sys.executable, "-c", core], capture_output=True, text=True, check=True).stdout
        == "[]\n"
    )
