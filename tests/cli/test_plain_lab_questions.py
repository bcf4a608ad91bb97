"""Lab predictions in plain mode: a run picked by number or id, a number refused until it is one,
and after the feedback the exact ``quizapp lab`` command of every run."""

import subprocess
import sys
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.lab_prediction import LabPredictionQuestion
from quizapp.core.session.question_selection import select_questions
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def test_lab_questions_are_answered_from_a_pipe_and_name_the_lab_command(tmp_path: Path) -> None:
    chosen = select_questions(QUESTIONS, seed=4, count=4, types=["lab_prediction"])
    answers: list[str] = []
    for question in chosen:
        assert isinstance(question, LabPredictionQuestion)
        if question.answer_range is not None:
            answers += ["lots", f"{question.answer_range.min:g}"]  # the word is refused, asked again
        else:
            answers.append(question.answer or "")  # a run's id works as well as its number

    choose = ["--type", "lab_prediction", "--count", "4", "--seed", "4", "--mode", "practice"]
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "take", "--plain", "--db", str(tmp_path / "a.sqlite3"), *choose],
        input="\n".join(answers) + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Correct: 1 of 1 point") == 4
    assert "Score: 4 / 4 (100%)" in result.stdout
    if any(q.answer_range is not None for q in chosen):  # type: ignore[union-attr]
        assert "'lots' is not a number" in result.stdout
    assert result.stdout.count("Watch it train (one command per run):") == 4
    for question in chosen:
        for run in question.runs:  # type: ignore[union-attr]
            assert f"\n    {run.command()}\n" in result.stdout
