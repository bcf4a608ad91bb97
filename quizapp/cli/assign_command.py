"""``quizapp assign``: a grader writes an assignment file that learners take and hand back."""

import random
from collections.abc import Sequence
from pathlib import Path

import click

from quizapp.cli.options import BANK_OPTION, TIME_LIMIT
from quizapp.cli.output_paths import bank_files, refuse_overwriting
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import Question
from quizapp.core.records.assignments import (
    Assignment,
    AssignmentError,
    SelectionRule,
    title_refused,
    write_assignment,
)
from quizapp.core.records.gradebook import SELF_RATED_TYPE
from quizapp.core.records.terminal_text import terminal_safe
from quizapp.core.seeds import SEED_LIMIT
from quizapp.core.session.question_selection import select_questions
from quizapp.core.session.reveal_order import given_away_later, one_per_fact, recall_first
from quizapp.locations import default_bank_path


@click.command()
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--title",
    required=True,
    callback=lambda _context, _option, title: _checked_title(title),
    help="The quiz's name in gradebooks.",
)
@click.option("--mode", type=click.Choice(["exam", "practice"]), default="exam", show_default=True)
@click.option(
    "--question", "question_ids", multiple=True, help="Assign this question (repeatable, in order)."
)
@click.option("--topic", "topics", multiple=True, help="Draw from these topics (repeatable).")
@click.option(
    "--difficulty", "difficulties", multiple=True, type=click.Choice(["beginner", "intermediate", "advanced"])
)
@click.option("--type", "types", multiple=True, help="Draw only these question types (repeatable).")
@click.option("--count", type=click.IntRange(min=1), help="Draw this many (default: every match).")
@click.option(
    "--seed",
    type=click.IntRange(0, SEED_LIMIT - 1),
    default=None,
    help="Shuffle and variant seed, 0 to 2**63-1 (default: a new one).",
)
@click.option("--time-limit", type=TIME_LIMIT, help="Seconds for the whole quiz (exam mode; 1 to 86400).")
@click.option("--hints/--no-hints", default=False, show_default=True, help="Whether hints may be shown.")
@click.option(
    "--attempts", type=click.IntRange(1, 100), default=1, show_default=True, help="Answers per question."
)
@BANK_OPTION
def assign(
    *,
    output: Path,
    title: str,
    mode: str,
    question_ids: tuple[str, ...],
    topics: tuple[str, ...],
    difficulties: tuple[str, ...],
    types: tuple[str, ...],
    count: int | None,
    seed: int | None,
    time_limit: float | None,
    hints: bool,
    attempts: int,
    bank_paths: tuple[Path, ...],
) -> None:
    """Write an assignment: the same questions and rules for every learner.

    A question with parameters gets each learner a variant of their own, drawn from the
    assignment's seed and the learner's name (so neighbours' answers differ); re-grading
    draws the same one. Name the questions (--question, in order) or give a selection rule (--topic,
    --difficulty, --type, --count) that is drawn now with the seed. Learners take it with
    `quizapp take --assignment FILE`; grade their submissions with
    `quizapp grade --assignment FILE`. Flashcards are self-assessment and never assigned.
    """
    if mode != "exam" and time_limit is not None:
        raise click.UsageError("--time-limit is for exams (--mode exam)")
    refuse_overwriting(output, "--output", bank_files(list(bank_paths) or [default_bank_path()]))
    bank = load_bank(list(bank_paths) or [default_bank_path()], check_snippet_syntax=False).bank.questions
    seed = seed if seed is not None else random.randrange(1_000_000)
    rule = None
    if question_ids:
        if topics or difficulties or types or count:
            raise click.UsageError("name questions with --question, or give a rule; not both")
        chosen = _named(bank, question_ids)
        for warning in given_away_later(chosen, bank):  # the grader's order is kept, but said
            click.echo(terminal_safe(f"quizapp: warning: {warning}"), err=True)
    else:
        rule = SelectionRule(topics=topics, difficulties=difficulties, types=types, count=count)
        scored = [question for question in bank if question.type != SELF_RATED_TYPE]
        drawn = select_questions(scored, seed=seed, topics=topics, difficulties=difficulties, types=types)
        chosen = recall_first(one_per_fact(drawn)[:count], bank)
        if not chosen:
            raise AssignmentError("no question of the bank matches this rule (flashcards are never assigned)")
    assignment = Assignment(
        title=title,
        mode="exam" if mode == "exam" else "practice",
        seed=seed,
        questions=tuple(question.id for question in chosen),
        rule=rule,
        time_limit_s=time_limit,
        hints=hints,
        attempts=attempts,
        bank_fingerprint=bank_fingerprint(bank),
    )
    write_assignment(assignment, output)
    limit = f", {time_limit:g} s" if time_limit else ""
    click.echo(
        terminal_safe(
            f"Wrote {output}: assignment {assignment.fingerprint}, "
            f"{len(chosen)} question{'s' * (len(chosen) != 1)}, {mode}{limit}, "
            f"hints {'on (counts self-reported)' if hints else 'off'}, "
            f"{attempts} attempt{'s' * (attempts != 1)}, seed {seed}."
        )
    )


def _checked_title(title: str) -> str:
    """``title`` once an assignment can hold it and a terminal can print it as it is.

    Raises:
        click.BadParameter: It is empty or too long, not valid UTF-8, or holds a control
            character (``assignments.title_refused``).
    """
    if why := title_refused(title):
        raise click.BadParameter(why)
    return title


def _named(bank: Sequence[Question], question_ids: tuple[str, ...]) -> list[Question]:
    """The named questions, in the order named.

    Raises:
        AssignmentError: An id is not in the bank, is named twice, or is a flashcard.
    """
    known = {question.id: question for question in bank}
    if unknown := [qid for qid in question_ids if qid not in known]:
        raise AssignmentError(f"not in the bank: {', '.join(unknown)} (quizapp list shows the ids)")
    if len(set(question_ids)) != len(question_ids):
        raise AssignmentError("a question is named twice")
    if cards := [qid for qid in question_ids if known[qid].type == SELF_RATED_TYPE]:
        raise AssignmentError(f"flashcards are self-assessment and cannot be assigned: {', '.join(cards)}")
    return [known[qid] for qid in question_ids]
