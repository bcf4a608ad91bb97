"""The LMS exchange commands: ``export-bank`` (Moodle XML, Canvas QTI, GIFT) and ``import-bank``."""

from pathlib import Path

import click

from quizapp.cli.options import BANK_OPTION, device_option
from quizapp.cli.output_paths import bank_files, refuse_overwriting
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.errors import QuizAppError
from quizapp.core.exchange.export_plan import plan_export
from quizapp.core.exchange.gift import write_gift
from quizapp.core.exchange.gift_reader import read_gift
from quizapp.core.exchange.items import ExportPlan, Item, LeftOut, Written
from quizapp.core.exchange.moodle_reader import read_moodle_xml
from quizapp.core.exchange.moodle_xml import write_moodle_xml
from quizapp.core.exchange.qti import write_qti
from quizapp.core.exchange.yaml_bank import quiz_files, write_quiz_files
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.snippet import Device
from quizapp.core.records.regular_files import UnreadableFileError, read_regular_file
from quizapp.locations import default_bank_path

WRITERS = {"moodle": write_moodle_xml, "qti": write_qti, "gift": write_gift}
"""Each export format and the function that writes it."""


class BankNotExportableError(QuizAppError):
    """The bank to export has problems; an export of part of it would hide them."""


@click.command("export-bank")
@click.option(
    "--format", "output_format", type=click.Choice(list(WRITERS)), required=True, help="The LMS format."
)
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)
@BANK_OPTION
@click.option(
    "--variants",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="Fixed variants written per parameterized question, each with the key its snippet printed.",
)
@device_option("Where the snippets run to take their keys.")
def export_bank(
    output_format: str, out: Path, bank_paths: tuple[Path, ...], variants: int, device: Device
) -> None:
    """Export the bank for an LMS: moodle (Moodle XML), qti (Canvas QTI 1.2 zip) or gift.

    The keys of executable questions are what PyTorch prints or raises now (the snippets
    run here); code tasks become CodeRunner questions (Moodle XML only). Questions a format
    cannot express are listed on stderr, with the reason.
    """
    refuse_overwriting(out, "--out", bank_files(list(bank_paths) or [default_bank_path()]))
    loaded = load_bank(list(bank_paths) or [default_bank_path()])
    if not loaded.ok:
        raise BankNotExportableError(
            f"the bank has {len(loaded.problems)} problem(s); run 'quizapp validate' and fix them first"
        )
    with SnippetRunner() as runner:
        plan = plan_export(loaded.bank, runner, device=device, variants=variants)
    written: Written = WRITERS[output_format](plan)
    try:
        out.write_bytes(written.data)
    except OSError as error:
        raise QuizAppError(f"cannot write {out}: {error.strerror}") from None
    _report_export(plan, written, out, output_format)


def _report_export(plan: ExportPlan, written: Written, out: Path, output_format: str) -> None:
    left_out = (*plan.left_out, *written.left_out)
    for note in plan.notes:
        click.echo(f"note: {note}", err=True)
    for item in left_out:
        click.echo(f"left out: {item}", err=True)
    count = len(plan.items) - len(written.left_out)
    click.echo(
        f"Wrote {count} question{'s' * (count != 1)} to {out} ({output_format}); "
        f"{len(left_out)} left out (listed on stderr)."
    )
    for line in plan.provenance.lines():
        click.echo(f"  {line}")


MAX_IMPORT_BYTES = 4 * 1024 * 1024
"""The largest GIFT or Moodle XML file imported: reading a larger one takes too long."""


@click.command("import-bank")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write quiz files into (new files only).",
)
@click.option(
    "--format",
    "input_format",
    type=click.Choice(["auto", "gift", "moodle"]),
    default="auto",
    show_default=True,
    help="auto: .xml is Moodle XML, anything else GIFT.",
)
def import_bank(source: Path, out: Path, input_format: str) -> None:
    """Import a GIFT or Moodle XML bank as quiz files; questions that cannot be brought over are listed.

    The files written are checked as 'quizapp validate' checks them.
    """
    try:  # a FIFO or a device is refused, not waited on
        data = read_regular_file(source, MAX_IMPORT_BYTES)
    except UnreadableFileError as error:
        if error.too_large:
            raise QuizAppError(
                f"{source} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB; "
                "export it from the LMS in smaller parts (by category) and import each"
            ) from None
        raise QuizAppError(f"cannot read {source}: {error}") from None
    moodle = input_format == "moodle" or (input_format == "auto" and source.suffix.lower() == ".xml")
    items: list[Item]
    left_out: list[LeftOut]
    if moodle:
        items, left_out = read_moodle_xml(data)
    else:
        try:
            items, left_out = read_gift(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise QuizAppError(f"{source} is not UTF-8 text") from None
    files, not_held = quiz_files(items)
    paths = write_quiz_files(files, out)
    for item in (*left_out, *not_held):
        click.echo(f"not imported: {item}", err=True)
    if not paths:
        skipped = len(left_out) + len(not_held)
        listed = f" ({skipped} not imported, listed above)" if skipped else ""
        raise QuizAppError(f"{source}: nothing to import: no question could be brought over{listed}")
    check = load_bank(paths)
    for problem in check.problems:
        click.echo(str(problem), err=True)
    questions = len(check.bank.questions)
    click.echo(
        f"Imported {questions} question{'s' * (questions != 1)} into {len(paths)} "
        f"file{'s' * (len(paths) != 1)} in {out}; "
        f"{len(left_out) + len(not_held)} not imported (listed on stderr)."
    )
    if not check.ok:
        raise QuizAppError(f"the imported files have {len(check.problems)} problem(s), listed above")
