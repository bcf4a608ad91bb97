"""How ``quizapp grade`` gets its results: graded here, on Dask, as one shard, or merged from shards.

``--shard I/N`` grades this machine's share and writes a shard file; ``--merge`` reads
the shard files back in place of submissions, so what ``grade`` does next (duplicates set
aside, reports, CSV, JSON, LMS gradebooks) is a single run's, byte for byte. ``--dask``
grades on a Dask cluster (``quizapp.cluster``, loaded only then). Every path shows a
progress bar on a terminal.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from quizapp import __version__
from quizapp.cli.bank_warning import warn_of_left_out_files
from quizapp.cli.grade_progress import ProgressCallback, grading_progress
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.errors import QuizAppError
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge, VerdictCache
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import Question
from quizapp.core.records.assignments import Assignment
from quizapp.core.records.shard_files import read_shard, write_shard
from quizapp.core.records.shards import ShardOutput, merge_shards, own_inputs, parse_shard, shard_inputs
from quizapp.core.records.submissions import GradedSubmission, NotGradable, regrade_files
from quizapp.core.records.terminal_text import terminal_safe
from quizapp.locations import default_bank_path

Result = GradedSubmission | NotGradable
DASK_EXTRA = 'pip install "quizapp[dask]"'


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """Where a batch is graded: ``--shard``, ``--merge``, ``--dask`` and ``--scheduler`` as given."""

    shard: str | None = None
    merge: bool = False
    dask: bool = False
    scheduler: str | None = None


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of ``grade`` that spread a batch over shards or a cluster (passed as ``plan``)."""
    options = [
        click.option(
            "--shard",
            metavar="I/N",
            help="Grade only shard I of N (by each file's content), writing a shard file to --out FILE.json.",
        ),
        click.option(
            "--merge",
            is_flag=True,
            help="The files are shard files: merge them into the output one run over all files writes.",
        ),
        click.option("--dask", is_flag=True, help=f"Grade on Dask distributed ({DASK_EXTRA})."),
        click.option(
            "--scheduler", metavar="ADDRESS", help="With --dask: a running scheduler (default: local)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def grade_batch(
    files: Sequence[Path],
    bank_paths: Sequence[Path],
    assignment: Assignment | None,
    plan: BatchPlan,
    *,
    out: Path | None,
    wide: bool,
    also_hidden: Sequence[Path] = (),
) -> list[Result] | None:
    """Grade the files as ``plan`` says; None when a shard file was written (nothing more to do).

    Runs can read none of the bank, the submissions (and their folders) and ``also_hidden``
    (the assignment, the roster, an earlier scores file).

    Raises:
        click.UsageError: Options that do not go together.
        QuizAppError: Shards that do not merge, Dask missing or unreachable, a bad I/N.
    """
    _check_plan(plan, bank_paths=bank_paths, out=out, wide=wide)
    shard = parse_shard(plan.shard) if plan.shard is not None else None
    if plan.merge:
        return _merged(files, assignment)
    loaded = load_bank(list(bank_paths) or [default_bank_path()], check_snippet_syntax=False)
    warn_of_left_out_files(loaded)
    questions = loaded.bank.questions
    hidden = [*(bank_paths or [default_bank_path()]), *files, *{path.parent for path in files}, *also_hidden]
    if shard is None:
        return _graded(list(files), questions, assignment, hidden, plan)
    inputs = shard_inputs(files)
    own = own_inputs(inputs, shard)
    results = _graded([Path(item.name) for item in own], questions, assignment, hidden, plan)
    output = ShardOutput(
        shard,
        tuple(inputs),
        tuple(results),
        bank_fingerprint(questions),
        assignment.fingerprint if assignment is not None else "",
        __version__,
    )
    assert out is not None  # _check_plan asks for it
    write_shard(output, out)
    for result in results:
        if isinstance(result, NotGradable):
            click.echo(terminal_safe(f"{result.source}: not gradable: {result.reason}"), err=True)
    counted = f"{len(inputs)} file{'s' * (len(inputs) != 1)}"
    click.echo(f"Shard {shard}: graded {len(own)} of {counted}; wrote {out}.")
    return None


def _check_plan(plan: BatchPlan, *, bank_paths: Sequence[Path], out: Path | None, wide: bool) -> None:
    """Refuse options that do not go together, before any work."""
    if plan.merge and (plan.shard or plan.dask or plan.scheduler or bank_paths):
        raise click.UsageError(
            "--merge reads shard files: it takes no --shard, --dask, --scheduler or --bank"
        )
    if plan.scheduler and not plan.dask:
        raise click.UsageError("--scheduler ADDRESS goes with --dask")
    if plan.shard is not None and (out is None or out.suffix.lower() != ".json" or wide):
        raise click.UsageError(
            "--shard I/N writes a shard file: give --out FILE.json (and no --wide); "
            "`quizapp grade --merge` then writes the scores"
        )


def _merged(files: Sequence[Path], assignment: Assignment | None) -> list[Result]:
    """The results of shard files, merged in command-line order, as one run would have them."""
    outputs = [(str(path), read_shard(path)) for path in files]
    results = merge_shards(outputs)
    if assignment is not None and outputs[0][1].assignment != assignment.fingerprint:
        raise QuizAppError(
            "the shards were graded against another assignment than --assignment"
            if outputs[0][1].assignment
            else "the shards were graded without --assignment; merge them without it"
        )
    return results


def _graded(
    files: list[Path],
    questions: Sequence[Question],
    assignment: Assignment | None,
    hidden: list[Path],
    plan: BatchPlan,
) -> list[Result]:
    """Grade the files here, or on Dask, with a progress bar on a terminal."""
    with grading_progress(len(files)) as progress:
        if plan.dask:
            return _graded_on_dask(files, questions, assignment, hidden, plan.scheduler, progress=progress)
        with SnippetRunner(hidden_paths=hidden) as runner:  # no run may read a solution or a submission
            return regrade_files(
                files,
                questions,
                judge=RunnerJudge(runner, cache=VerdictCache()),  # identical answers run once
                workers=runner.slots,
                progress=progress,
                assignment=assignment,
            )


def _graded_on_dask(
    files: list[Path],
    questions: Sequence[Question],
    assignment: Assignment | None,
    hidden: list[Path],
    scheduler: str | None,
    *,
    progress: ProgressCallback | None,
) -> list[Result]:
    """Grade on Dask; without the extra, say how to install it."""
    try:
        from quizapp.cluster.dask_grading import grade_on_dask  # noqa: PLC0415 -- only with --dask
    except ImportError as error:
        if (error.name or "").split(".")[0] not in {"dask", "distributed"}:
            raise
        raise QuizAppError(f"--dask needs Dask distributed, an optional extra: {DASK_EXTRA}") from None
    return grade_on_dask(
        files, questions, assignment=assignment, hidden_paths=hidden, scheduler=scheduler, progress=progress
    )
