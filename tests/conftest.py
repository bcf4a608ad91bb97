"""Shared fixtures: paths to the shipped bank and the broken-file fixtures."""

from pathlib import Path

import pytest

from quizapp.core.execution.runner import SnippetRunner

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


TUI_BANK = Path(__file__).resolve().parent / "fixtures" / "tui_bank"


@pytest.fixture(scope="session")
def shared_runner():  # type: ignore[no-untyped-def]
    """One real snippet runner (a warm torch worker) for every test that runs code through the app."""
    with SnippetRunner(slots=2) as runner:
        yield runner
