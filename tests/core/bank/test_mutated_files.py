"""Whatever an author does to a good file, loading it reports problems and never crashes."""

import random
from pathlib import Path

import pytest

from quizapp.core.bank import yaml_fast_path as fast_yaml
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.quiz_file_loader import load_quiz_file
from tests.paths import BANK

INSERTIONS = ['"', "'", "[", "{", "&a ", "*a", "!!", "- ", ": ", "#", "|", ">", "\x00", "\ufeff", "%", "\t"]


def mutate(text: str, rng: random.Random) -> str:
    """Make one mistake of the kind a hurried author makes."""
    lines = text.splitlines(keepends=True)
    i = rng.randrange(len(lines))
    line = lines[i]
    edits = [
        "",  # delete the line
        line * 2,  # write it twice
        " " + line,  # indent one space too far
        line[2:],  # indent two spaces too little
        line.replace(":", "", 1),  # forget the colon
        line.lower(),
        line.replace("true", "yes").replace("beginner", "easy"),
        line.replace("id:", "idd:"),
    ]
    if rng.random() < 0.3:
        at = rng.randrange(len(text))
        return text[:at] + rng.choice(INSERTIONS) + text[at:]
    if rng.random() < 0.1:
        return text[: rng.randrange(len(text))]  # a truncated save
    return "".join([*lines[:i], rng.choice(edits), *lines[i + 1 :]])


@pytest.mark.parametrize("seed", range(4))
def test_mutated_bank_files_give_located_problems_never_exceptions(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    files = sorted(BANK.glob("*.yaml"))
    target = tmp_path / "mutant.yaml"
    with_problems = 0
    for _ in range(60):
        text = rng.choice(files).read_text(encoding="utf-8")
        for _ in range(rng.randrange(1, 4)):
            text = mutate(text, rng) or "x"
        target.write_text(text, encoding="utf-8")

        result = load_bank([target])

        with_problems += bool(result.problems)
        line_count = text.count("\n") + 1
        for problem in result.problems:
            assert 1 <= problem.line <= line_count + 1, problem
            assert problem.column >= 1, problem
            assert problem.message, problem
    assert with_problems > 20


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_reader_never_changes_what_a_mutated_file_means(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(1000 + seed)
    files = sorted(BANK.glob("*.yaml"))
    target = tmp_path / "mutant.yaml"
    for _ in range(60):
        text = rng.choice(files).read_text(encoding="utf-8")
        for _ in range(rng.randrange(1, 3)):
            text = mutate(text, rng) or "x"
        target.write_text(text, encoding="utf-8")

        fast, fast_problems = load_quiz_file(target)
        with monkeypatch.context() as patch:
            patch.setattr(fast_yaml, "yaml_rs", None)
            exact, exact_problems = load_quiz_file(target)

        assert fast_problems == exact_problems
        assert (fast.quiz if fast else None) == (exact.quiz if exact else None)
