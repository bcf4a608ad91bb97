"""Shared fixtures: a quiz-file writer and one real snippet runner for the whole run."""

from pathlib import Path

import pytest

from quizapp.core.execution.client import SnippetRunner


@pytest.fixture
def write_quiz(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a quiz file under tmp_path and return its path."""

    def write(text: str, name: str = "quiz.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def shared_runner():  # type: ignore[no-untyped-def]
    """One real snippet runner (a warm torch worker) for every test that runs code through the app."""
    with SnippetRunner(slots=2) as runner:
        yield runner
