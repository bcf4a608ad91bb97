"""``quizapp take --plain``: answers piped on stdin, plain output, every answer stored."""

import subprocess
import sys
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.question_selection import select_questions
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def take(stdin: str, *args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "take", "--plain", "--db", str(db), "--learner", "ada", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_an_exam_taken_from_a_pipe_is_scored_and_stored(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    chosen = select_questions(QUESTIONS, seed=11, count=3, types=["true_false"])
    answers = ["t" if q.answer else "f" for q in chosen]  # type: ignore[union-attr]
    answers[1] = "t" if answers[1] == "f" else "f"  # get the second one wrong

    result = take(
        "\n".join(answers) + "\n",
        "--mode",
        "exam",
        "--type",
        "true_false",
        "--count",
        "3",
        "--seed",
        "11",
        db=db,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Exam: 3 questions.\n")
    assert result.stdout.count("Answer recorded.") == 3
    assert "Score: 2 / 3 (66.7%)" in result.stdout
    assert f"To review: {chosen[1].id}" in result.stdout
    with AttemptStore(db) as store:
        [session] = store.sessions("ada")
        assert session.finished_at is not None
        assert [r.score for r in store.responses(session.id)] == [1.0, 0.0, 1.0]


def test_practice_shows_hints_feedback_and_takes_a_retry(tmp_path: Path) -> None:
    [question] = select_questions(QUESTIONS, seed=2, count=1, types=["numeric"])
    right = repr(question.answer)  # type: ignore[union-attr]

    result = take(
        f"?\n-12345\nretry\n{right}\n",
        "--type",
        "numeric",
        "--count",
        "1",
        "--seed",
        "2",
        db=tmp_path / "a.sqlite3",
    )

    assert result.returncode == 0, result.stderr
    assert f"Hint: {question.hints[0]}" in result.stdout
    assert "Not quite: 0 of 1 point." in result.stdout
    # one hint costs a tenth; the retry is practice: the first attempt (0) is the score
    assert "Correct: 0.9 of 1 point (a retry: practice, not scored)." in result.stdout
    assert "Score: 0 / 1 (0%)" in result.stdout
    assert "Why: " in result.stdout
    assert "> retry" in result.stdout
    assert "Try again? (y/N)" not in result.stdout  # no prompt that would take an answer from a pipe


def test_input_ending_early_keeps_the_session_to_resume_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    result = take("t\n", "--type", "true_false", "--count", "2", "--seed", "1", db=db)

    assert result.returncode == 3, result.stderr
    assert "End of input: 1 question not answered." in result.stdout
    assert "Resume it with: quizapp take --plain --resume 1" in result.stdout
    assert "Score:" not in result.stdout
    with AttemptStore(db) as store:
        [session] = store.sessions("ada")
        assert session.finished_at is None
        assert [r.answer for r in store.responses(session.id)] == ["t"]


def test_no_matching_question_is_a_clear_error(tmp_path: Path) -> None:
    result = take("", "--topic", "no-such-topic", db=tmp_path / "a.sqlite3")

    assert result.returncode == 1
    assert result.stderr.startswith("quizapp: error: no question matches")
