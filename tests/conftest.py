"""Shared fixtures: a quiz-file writer and one real snippet runner for the whole run."""

from pathlib import Path

import pytest

from quizapp.core.bank.bank_cache import CACHE_ENV
from quizapp.core.execution.client import SnippetRunner


@pytest.fixture(scope="session", autouse=True)
def private_bank_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Keep the tests' cached banks (and the CLI's they start) out of the user's cache directory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("bank-cache")))
        yield


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
