"""Shared fixtures: paths to the shipped bank and the broken-file fixtures."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "question_bank"
BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"


@pytest.fixture
def write_quiz(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a quiz file under tmp_path and return its path."""

    def write(text: str, name: str = "quiz.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
