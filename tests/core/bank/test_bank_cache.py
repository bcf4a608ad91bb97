"""The bank kept between starts: served only while nothing it depends on changed, never a reason to fail."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core.bank import bank_cache
from quizapp.core.bank.bank_cache import CACHE_FILE, load_bank_cached
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.loaded_bank import BankLoad
from quizapp.core.model.code_questions import CodeOutputQuestion
from tests.paths import BANK, BROKEN

QuizWriter = Callable[[str], Path]
"""The ``write_quiz`` fixture: writes a quiz file's text and returns its path."""

QUIZ = """title: T
topic: clip-grad-norm
questions:
  - id: prints-a-number
    type: code_output
    difficulty: beginner
    prompt: What does this print?
    code: print(0.5)
    answer: '{answer}'
    explanation: e
"""


class LoadCounter:
    """Counts the fresh loads ``load_bank_cached`` makes (a load from the cache makes none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        monkeypatch.setattr(bank_cache, "_load_afresh", self)

    def __call__(self, paths: list[Path]) -> BankLoad:
        self.count += 1
        return load_bank(paths, check_snippet_syntax=False)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> LoadCounter:
    return LoadCounter(monkeypatch)


def only_answer(load: BankLoad) -> str:
    (question,) = load.bank.questions
    assert isinstance(question, CodeOutputQuestion)
    return str(question.answer)


def test_the_second_start_is_served_from_the_cache_and_equals_a_fresh_load(
    tmp_path: Path, loads: LoadCounter
) -> None:
    first = load_bank_cached([BANK], tmp_path / "cache")
    second = load_bank_cached([BANK], tmp_path / "cache")

    assert loads.count == 1
    fresh = load_bank([BANK], check_snippet_syntax=False)
    assert second.bank.questions == first.bank.questions == fresh.bank.questions
    assert oct((tmp_path / "cache").stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "cache" / CACHE_FILE).stat().st_mode & 0o777) == "0o600"


def test_an_edited_answer_key_is_seen_at_the_next_start(
    tmp_path: Path,
    write_quiz: QuizWriter,
    loads: LoadCounter,
) -> None:
    quiz = write_quiz(QUIZ.format(answer="0.5"))
    assert only_answer(load_bank_cached([quiz], tmp_path / "cache")) == "0.5"

    stat = quiz.stat()
    quiz.write_text(QUIZ.format(answer="0.7"), encoding="utf-8")
    os.utime(quiz, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time: only the bytes differ

    assert only_answer(load_bank_cached([quiz], tmp_path / "cache")) == "0.7"
    assert loads.count == 2


def test_a_file_added_or_removed_is_seen_at_the_next_start(tmp_path: Path, loads: LoadCounter) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(BANK, bank)
    full = load_bank_cached([bank], tmp_path / "cache")
    removed = sorted(bank.rglob("*.yaml"))[0]
    removed.unlink()

    fewer = load_bank_cached([bank], tmp_path / "cache")

    assert len(fewer.bank.questions) < len(full.bank.questions)
    assert str(removed) not in map(str, fewer.files)
    assert loads.count == 2


def test_a_change_to_quizapps_own_source_is_seen_at_the_next_start(
    tmp_path: Path, write_quiz: QuizWriter, loads: LoadCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade or an edit of quizapp may change how a file loads: its modules are in the key."""
    package = tmp_path / "quizapp"
    (package / "core").mkdir(parents=True)
    model = package / "core" / "model.py"
    model.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(bank_cache, "_PACKAGE", package)
    quiz = write_quiz(QUIZ.format(answer="0.5"))
    cache = tmp_path / "cache"

    load_bank_cached([quiz], cache)
    load_bank_cached([quiz], cache)
    assert loads.count == 1

    model.write_text("A = 22\n", encoding="utf-8")  # another size
    load_bank_cached([quiz], cache)
    assert loads.count == 2

    stat = model.stat()
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # only its time
    load_bank_cached([quiz], cache)
    assert loads.count == 3

    (package / "core" / "added.py").write_text("", encoding="utf-8")  # a module more
    load_bank_cached([quiz], cache)
    assert loads.count == 4

    (package / "core" / "notes.txt").write_text("not source", encoding="utf-8")  # not a module
    load_bank_cached([quiz], cache)
    assert loads.count == 4


def test_a_broken_files_problems_come_back_from_the_cache_the_same(
    tmp_path: Path, loads: LoadCounter
) -> None:
    fresh = load_bank_cached([BROKEN], tmp_path / "cache")
    cached = load_bank_cached([BROKEN], tmp_path / "cache")

    assert loads.count == 1
    assert fresh.problems
    assert [str(problem) for problem in cached.problems] == [str(problem) for problem in fresh.problems]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        b"quizapp-bank-cache-1\n" + b"\x00" * 32 + b"\x80\x05garbage",
        "cut short",
    ],
    ids=["empty", "foreign", "bad-pickle", "cut-short"],
)
def test_a_damaged_cache_file_is_replaced_without_a_word(
    tmp_path: Path,
    write_quiz: QuizWriter,
    loads: LoadCounter,
    damage: bytes | str,
) -> None:
    quiz = write_quiz(QUIZ.format(answer="0.5"))
    load_bank_cached([quiz], tmp_path / "cache")
    cache = tmp_path / "cache" / CACHE_FILE
    whole = cache.read_bytes()
    cache.write_bytes(whole[: len(whole) // 2] if damage == "cut short" else damage)  # type: ignore[arg-type]

    assert only_answer(load_bank_cached([quiz], tmp_path / "cache")) == "0.5"
    assert cache.read_bytes() == whole
    assert loads.count == 2


def test_a_cache_file_others_may_write_a_link_or_an_open_directory_is_not_trusted(
    tmp_path: Path,
    write_quiz: QuizWriter,
    loads: LoadCounter,
) -> None:
    quiz = write_quiz(QUIZ.format(answer="0.5"))
    load_bank_cached([quiz], tmp_path / "cache")
    cache = tmp_path / "cache" / CACHE_FILE
    cache.chmod(0o666)
    load_bank_cached([quiz], tmp_path / "cache")
    elsewhere = tmp_path / "elsewhere.pickle"
    cache.replace(elsewhere)
    cache.symlink_to(elsewhere)
    load_bank_cached([quiz], tmp_path / "cache")
    (tmp_path / "cache").chmod(0o777)  # anyone may swap the file in a directory like this
    load_bank_cached([quiz], tmp_path / "cache")

    assert loads.count == 4


def test_a_cache_directory_that_cannot_be_made_leaves_a_fresh_load(
    tmp_path: Path, write_quiz: QuizWriter
) -> None:
    quiz = write_quiz(QUIZ.format(answer="0.5"))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")

    assert only_answer(load_bank_cached([quiz], blocker / "cache")) == "0.5"
    assert only_answer(load_bank_cached([quiz], None)) == "0.5"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_bank_is_left_to_the_loader_and_nothing_is_cached(
    tmp_path: Path,
    write_quiz: QuizWriter,
    loads: LoadCounter,
) -> None:
    write_quiz(QUIZ.format(answer="0.5"))
    os.mkfifo(tmp_path / "pipe.yaml")

    loaded = load_bank_cached([tmp_path], tmp_path / "cache")

    assert only_answer(loaded) == "0.5"
    assert any("pipe.yaml" in str(problem) for problem in loaded.problems)
    assert not (tmp_path / "cache" / CACHE_FILE).exists()


def test_a_start_served_from_the_cache_imports_no_quiz_file_reader(tmp_path: Path) -> None:
    """The loader, its YAML readers and its checks are for a fresh load only: on a hit they cost nothing."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from quizapp.core.bank.bank_cache import load_bank_cached\n"
        f"load = load_bank_cached([Path({str(BANK)!r})], Path({str(tmp_path / 'cache')!r}))\n"
        "print(len(load.bank.questions))\n"
        "readers = {'bank_loader', 'quiz_file_loader', 'yaml_fast_path', 'yaml_reader', 'yaml_rs'}\n"
        "print(sorted(m for m in sys.modules if readers & set(m.split('.'))))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    count, loaded_first = first.stdout.splitlines()
    assert "quizapp.core.bank.bank_loader" in loaded_first  # the first start reads the files
    assert again.stdout.splitlines() == [count, "[]"]  # the second unpickles what they gave
