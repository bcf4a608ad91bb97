"""The valid values of ``--type``, ``--difficulty`` and ``--mode``, and shell completion from the bank.

Imported by command modules only: it loads the question models.
"""

from typing import Any

import click

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.errors import QuizAppError
from quizapp.core.model.question_base import Difficulty
from quizapp.core.model.questions import QUESTION_CLASSES, Question
from quizapp.core.session.quiz_session import Mode
from quizapp.locations import default_bank_path

TYPE_CHOICE = click.Choice(list(QUESTION_CLASSES))
"""``--type``: the question types, in the guide's order."""
DIFFICULTY_CHOICE = click.Choice([level.value for level in Difficulty])
"""``--difficulty``: the levels, easiest first."""
MODE_CHOICE = click.Choice([mode.value for mode in Mode])
"""``--mode``: practice, exam, flashcards or review."""


def _bank_questions(context: click.Context) -> list[Question]:
    """The questions of the bank the command line names (``--bank``), else of the default bank."""
    parent: dict[str, Any] = context.parent.params if context.parent else {}
    named = list(context.params.get("bank_paths") or parent.get("bank_paths") or ())
    try:
        return list(load_bank(named or [default_bank_path()], check_snippet_syntax=False).bank.questions)
    except (QuizAppError, OSError):  # completing must never print a traceback into the shell
        return []


def complete_topics(context: click.Context, _: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion for ``--topic``: the bank's topics that start with what was typed."""
    topics = sorted({question.topic for question in _bank_questions(context)})
    return [topic for topic in topics if topic.startswith(incomplete)]


def complete_question_ids(context: click.Context, _: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion for a question id: the bank's ids that start with what was typed."""
    return [question.id for question in _bank_questions(context) if question.id.startswith(incomplete)]
