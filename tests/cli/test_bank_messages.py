"""The bank warning says what its problems left out (whole files, single questions, nothing), and a
bank without questions says so, instead of blaming filters no one gave."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizapp.cli.commands import main

QUIZ = """title: {title}
topic: good-topic
questions:
  - id: {first}
    type: true_false
    difficulty: beginner
    prompt: Is {first} fine?
    answer: true
    explanation: e
  - id: {second}
    type: true_false
    difficulty: beginner
    prompt: Is {second} fine?
    answer: true
    explanation: e
"""
BROKEN_TWICE = """title: Broken
topic: good-topic
questions:
  - id: Bad Id
    type: true_false
    difficulty: beginner
    prompt: p
    answer: true
    explanation: e
  - id: Worse Id
    type: true_false
    difficulty: beginner
    prompt: p
    answer: true
    explanation: e
"""


def quiz(title: str, first: str, second: str) -> str:
    return QUIZ.format(title=title, first=first, second=second)


def take(tmp_path: Path, bank: Path, *options: str, answers: str = "") -> Result:
    db = tmp_path / "attempts.sqlite3"
    command = ["take", "--plain", "--seed", "1", "--bank", str(bank), "--db", str(db), *options]
    return CliRunner().invoke(main, command, input=answers)


@pytest.fixture
def duplicate_id_bank(tmp_path: Path) -> Path:
    """a-good.yaml holds good-tf and good-num; b-dup.yaml uses good-tf again, and other-num."""
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "a-good.yaml").write_text(quiz("Good", "good-tf", "good-num"), encoding="utf-8")
    (folder / "b-dup.yaml").write_text(quiz("Dup", "good-tf", "other-num"), encoding="utf-8")
    return folder


def test_a_duplicate_id_leaves_out_that_question_and_the_warning_says_so(
    tmp_path: Path, duplicate_id_bank: Path
) -> None:
    result = take(tmp_path, duplicate_id_bank, "--topic", "good-topic", answers="t\nt\nt\n")

    dup = duplicate_id_bank / "b-dup.yaml"
    assert result.stderr == (
        f"quizapp: warning: 1 problem in the bank left out 1 question, not the whole file ({dup}:4); "
        "run 'quizapp validate'\n"
    )
    assert "Is other-num fine?" in result.stdout  # the rest of b-dup.yaml is asked
    assert result.stdout.count("Is good-tf fine?") == 1


def test_the_warning_counts_whole_files_single_questions_and_the_rest_so_they_add_up(
    tmp_path: Path, duplicate_id_bank: Path
) -> None:
    (duplicate_id_bank / "c-broken.yaml").write_text(BROKEN_TWICE, encoding="utf-8")
    (duplicate_id_bank / "d-same.yaml").write_text(
        quiz("Same", "same-one", "same-two").replace(
            "    explanation: e\n", "    explanation: e\n    same_fact_as: [no-such-question]\n", 1
        ),
        encoding="utf-8",
    )

    result = CliRunner().invoke(main, ["list", str(duplicate_id_bank)])

    folder = duplicate_id_bank
    assert result.stderr == (
        "quizapp: warning: 4 problems in the bank: "
        f"2 left out 1 file whole ({folder / 'c-broken.yaml'}); "
        f"1 left out 1 question, not the whole file ({folder / 'b-dup.yaml'}:4); "
        f"1 left nothing out ({folder / 'd-same.yaml'}); "
        "run 'quizapp validate'\n"
    )
    assert "same-one" in result.stdout  # d-same.yaml's questions are in the bank


def test_an_empty_folder_says_the_bank_has_no_questions_and_blames_no_filter(tmp_path: Path) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()

    result = take(tmp_path, empty, answers="\n")

    assert result.exit_code == 1
    assert result.stderr == (
        f"quizapp: warning: {empty}: no quiz files (*.yaml, *.yml) found; the bank has no questions\n"
        "quizapp: error: the bank has no questions to ask (run 'quizapp validate' to see why)\n"
    )


def test_a_bank_whose_only_file_is_broken_says_that_file_was_left_out_and_nothing_loaded(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")

    result = take(tmp_path, broken, answers="\n")

    assert result.exit_code == 1
    assert result.stderr == (
        f"quizapp: warning: 1 problem in the bank left out 1 file whole ({broken}); "
        "the bank has no questions; run 'quizapp validate'\n"
        "quizapp: error: the bank has no questions to ask (run 'quizapp validate' to see why)\n"
    )


def test_only_filters_that_removed_every_question_are_blamed_and_they_are_named(
    tmp_path: Path, duplicate_id_bank: Path
) -> None:
    result = take(tmp_path, duplicate_id_bank, "--topic", "no-such-topic", "--type", "numeric")

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "quizapp: error: no question matches topic 'no-such-topic' and type 'numeric'"
    )


def test_flashcards_mode_over_a_bank_without_flashcards_says_so(
    tmp_path: Path, duplicate_id_bank: Path
) -> None:
    result = take(tmp_path, duplicate_id_bank, "--mode", "flashcards")

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "quizapp: error: the bank has no flashcards"
