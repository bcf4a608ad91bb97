"""The bank commands: ``validate``, ``schema`` and ``list``."""

import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from quizapp.cli.bank_warning import warn_of_left_out_files
from quizapp.cli.choices import DIFFICULTY_CHOICE, TYPE_CHOICE, complete_topics
from quizapp.cli.options import device_option
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.fairness import fairness_findings
from quizapp.core.bank.loaded_bank import Bank, BankLoad
from quizapp.core.bank.problems import Problem
from quizapp.core.errors import QuizAppError
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.snippet import Device
from quizapp.core.grading.key_verification import KeyReport, verify_answer_keys
from quizapp.core.model.json_schema import quiz_file_json_schema
from quizapp.locations import default_bank_path

_BANK_PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


@click.command()
@_BANK_PATHS
@click.option("--run", "run_keys", is_flag=True, help="Also run every executable question and check its key.")
@device_option("Where --run runs the snippets.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints one machine-readable report on stdout.",
)
def validate(paths: tuple[Path, ...], run_keys: bool, device: Device, output_format: str) -> None:
    """Check quiz files (default: the bank); list every problem.

    With --run, every executable question is also run with real PyTorch, and each key
    that disagrees with what PyTorch does is reported at its line.

    Exit status: 0 when clean, 1 when problems were found, 2 on a usage error.
    """
    runner = SnippetRunner(hidden_paths=list(paths) or [default_bank_path()]) if run_keys else None
    if runner is not None:
        runner.start()  # torch warms up in the worker while the files are read
    try:
        result = load_bank(list(paths) or [default_bank_path()], salvage=True)
        keys = _verify_keys(result, runner, device, show_progress=output_format == "text")
    finally:
        if runner is not None:
            runner.close()
    problems = (*result.problems, *(keys.report.problems if keys else ()))
    if output_format == "json":
        report = _validation_report(result, problems)
        if keys is not None:
            report["keys"] = {
                "device": keys.device,
                "questions": keys.report.questions,
                "runs": keys.report.runs,
                "wrong": keys.report.wrong_questions,
                "skipped": keys.report.skipped,
                "seconds": round(keys.seconds, 3),
            }
        click.echo(json.dumps(report, indent=2))
    else:
        _print_validation(result, problems)
        findings = fairness_findings(result.bank.questions, place_of=result.bank.place_of)
        for finding in findings:  # advice: the exit status stays as it is
            click.echo(f"quizapp: warning: {finding}", err=True)
        if keys is not None:
            ran, wrong = keys.report.questions, keys.report.wrong_questions
            skipped = (
                f" ({keys.report.skipped} not meant for {keys.device} skipped)" if keys.report.skipped else ""
            )
            click.echo(
                f"Ran {ran} executable questions ({keys.report.runs} runs) on {keys.device} in "
                f"{keys.seconds:.1f} s: {ran - wrong} keys verified, {wrong} wrong{skipped}."
            )
    sys.exit(0 if not problems else 1)


@dataclass(frozen=True, slots=True)
class _KeyRun:
    device: str
    seconds: float
    report: KeyReport


def _verify_keys(
    result: BankLoad, runner: SnippetRunner | None, device: Device, *, show_progress: bool
) -> _KeyRun | None:
    if runner is None:
        return None
    started = time.monotonic()
    resolved = runner.resolve_device(device)
    checked = Bank((*result.bank.quizzes, *result.salvaged))  # keys of files with problems too
    if show_progress and sys.stderr.isatty():
        with click.progressbar(length=1, label="Running snippets", file=sys.stderr) as bar:

            def advance(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            report = verify_answer_keys(checked, runner, device=device, progress=advance)
    else:
        report = verify_answer_keys(checked, runner, device=device)
    return _KeyRun(resolved, time.monotonic() - started, report)


def _validation_report(result: BankLoad, problems: tuple[Problem, ...]) -> dict[str, Any]:
    return {
        "ok": not problems,
        "files": list(result.files),
        "questions": len(result.bank.questions),
        "by_type": result.bank.count_by_type(),
        "problems": [problem.to_json() for problem in problems],
    }


def _print_validation(result: BankLoad, problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        click.echo(str(problem))
    counts = result.bank.count_by_type()
    files = len(result.files)
    valid = len(result.bank.questions)
    click.echo(f"{files} file{'s' * (files != 1)}, {valid} valid question{'s' * (valid != 1)}")
    click.echo("  " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    if not problems:
        click.echo("No problems found.")
    else:
        bad_files = len({problem.path for problem in problems})
        click.echo(
            f"{len(problems)} problem{'s' * (len(problems) != 1)} "
            f"in {bad_files} file{'s' * (bad_files != 1)}."
        )


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of a quiz file (for editors)."""
    text = json.dumps(quiz_file_json_schema(), indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise QuizAppError(f"cannot write {output}: {error.strerror or error}") from None


@click.command(name="list")
@_BANK_PATHS
@click.option("--topic", shell_complete=complete_topics, help="Only this topic.")
@click.option("--type", "question_type", type=TYPE_CHOICE, help="Only this question type.")
@click.option("--difficulty", type=DIFFICULTY_CHOICE)
def list_questions(
    paths: tuple[Path, ...], topic: str | None, question_type: str | None, difficulty: str | None
) -> None:
    """List questions by topic, with type and difficulty."""
    result = load_bank(list(paths) or [default_bank_path()])
    warn_of_left_out_files(result)
    by_topic: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for question in result.bank.questions:
        if topic and question.topic != topic:
            continue
        if question_type and question.type != question_type:
            continue
        if difficulty and question.difficulty != difficulty:
            continue
        by_topic[question.topic].append((question.id, question.type, question.difficulty.value))
    if not by_topic:
        filtered = topic or question_type or difficulty
        empty = "The bank has no questions."
        click.echo("No questions match." if filtered and result.bank.questions else empty)
        return
    width = max(len(row[0]) for rows in by_topic.values() for row in rows)
    for name in sorted(by_topic):
        rows = by_topic[name]
        click.echo(f"{name} ({len(rows)})")
        for question_id, kind, level in rows:
            click.echo(f"  {question_id:<{width}}  {kind:<15}  {level}")
