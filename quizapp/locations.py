"""Where quizapp finds its question bank by default."""

import os
from pathlib import Path

BANK_ENV = "QUIZAPP_BANK"
"""Environment variable naming the bank directory to use by default."""


def default_bank_path() -> Path:
    """The bank used when none is named: $QUIZAPP_BANK, ./question_bank, or the one beside the code."""
    if from_env := os.environ.get(BANK_ENV):
        return Path(from_env)
    local = Path("question_bank")
    if local.is_dir():
        return local
    return Path(__file__).resolve().parent.parent / "question_bank"
