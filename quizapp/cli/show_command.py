"""``quizapp show ID``: one question as a learner sees it, in plain text, for authors to preview."""

import sys
from pathlib import Path

import click

from quizapp.cli.bank_warning import warn_of_left_out_files
from quizapp.cli.choices import complete_question_ids
from quizapp.cli.options import BANK_OPTION, LEARNER_OPTION
from quizapp.cli.plain_text import output_width, reflow
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.errors import QuizAppError
from quizapp.core.grading.answer_display import key_text
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.questions import FlashcardQuestion
from quizapp.core.model.variant import make_variant
from quizapp.core.seeds import SEED_LIMIT
from quizapp.locations import default_bank_path


@click.command()
@click.argument("question_id", metavar="ID", shell_complete=complete_question_ids)
@BANK_OPTION
@LEARNER_OPTION
@click.option(
    "--seed",
    type=click.IntRange(0, SEED_LIMIT - 1),
    default=0,
    show_default=True,
    help="Session seed of the variant, 0 to 2**63-1.",
)
@click.option("--key", "show_key", is_flag=True, help="Also show the answer key, hints and explanation.")
def show(question_id: str, bank_paths: tuple[Path, ...], learner: str, seed: int, show_key: bool) -> None:
    """Preview one question as a learner sees it (its variant filled in), in plain text."""
    loaded = load_bank(list(bank_paths) or [default_bank_path()], check_snippet_syntax=False)
    warn_of_left_out_files(loaded)
    question = next((q for q in loaded.bank.questions if q.id == question_id), None)
    if question is None:
        known = [q.id for q in loaded.bank.questions if question_id.casefold() in q.id.casefold()]
        like = f"; ids like it: {', '.join(known[:5])}" if known else " (quizapp list shows every id)"
        raise QuizAppError(f"no question {question_id!r} in the bank{like}")
    variant = make_variant(question, learner=learner, seed=seed)
    width = output_width(sys.stdout)

    def say(text: str = "", indent: str = "") -> None:
        for line in reflow(text, width, indent=indent) or [""]:
            click.echo(line)

    place = loaded.bank.place_of(question.id)
    say(f"{question.id}: {question.type}, {question.topic}, {question.difficulty.value} ({place})")
    if variant.values:
        drawn = ", ".join(f"{name}={value!r}" for name, value in variant.values.items())
        say(f"Drawn for {learner}, seed {seed}: {drawn}")
    say()
    say(variant.prompt)
    if variant.code is not None:
        click.echo()
        for line in variant.code.rstrip().splitlines():
            click.echo(f"    {line}")
    for number, choice in enumerate(variant.choices, start=1):
        say(f"  {number}) {choice.text}")
    if isinstance(question, CodeTaskQuestion):
        say("Starter code:")
        for line in question.starter.rstrip().splitlines():
            click.echo(f"    {line}")
    if not show_key:
        return
    say()
    key = key_text(question, variant.key) or "what this variant's snippet prints (known once it runs)"
    say(f"{'Back' if isinstance(question, FlashcardQuestion) else 'Key'}: {key}")
    for number, hint in enumerate(variant.hints, start=1):
        say(f"Hint {number}: {hint}")
    say(f"Why: {variant.explanation.strip()}")
