"""Plain mode as a scripting interface: transcripts, layout, retries, ratings, resuming."""

import io
import subprocess
import sys
from pathlib import Path

from quizapp.cli.plain_quiz import LineQuiz
from quizapp.cli.plain_text import reflow
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.question_selection import select_questions
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


SMALL_BANK = """\
title: Three statements and a card
topic: clip-grad-norm
questions:
  - id: tf-one
    type: true_false
    difficulty: beginner
    prompt: "`clip_grad_norm_` changes the gradients in place."
    answer: true
    explanation: The trailing underscore marks an in-place function.
  - id: tf-two
    type: true_false
    difficulty: beginner
    prompt: "`clip_grad_norm_` returns the total norm from before clipping."
    answer: true
    explanation: It returns the norm it measured, before scaling.
  - id: tf-three
    type: true_false
    difficulty: beginner
    prompt: "`clip_grad_value_` keeps the direction of the gradient."
    answer: false
    explanation: Each element is clamped on its own.
  - id: card-one
    type: flashcard
    difficulty: beginner
    front: What does `max_norm` bound?
    back: The total norm of all the gradients together.
    explanation: One norm over every parameter's gradient.
"""


def quizapp(stdin: str, *args: str, db: Path) -> subprocess.CompletedProcess[str]:
    bank = db.parent / "bank.yaml"
    bank.write_text(SMALL_BANK, encoding="utf-8")
    plain = ("--bank", str(bank)) if args[0] == "take" else ()
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args, *plain, "--db", str(db), "--learner", "ada"],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )


def true_false(seed: int, count: int, tmp_path: Path) -> list[TrueFalseQuestion]:
    """The statements ``take --seed seed --type true_false`` asks from the small bank, in order."""
    (tmp_path / "bank.yaml").write_text(SMALL_BANK, encoding="utf-8")
    bank = load_bank([tmp_path / "bank.yaml"]).bank.questions
    chosen = select_questions(bank, seed=seed, count=count, types=["true_false"])
    return [q for q in chosen if isinstance(q, TrueFalseQuestion)]


def test_piped_answers_are_echoed_after_their_prompt(tmp_path: Path) -> None:
    [question] = true_false(seed=4, count=1, tmp_path=tmp_path)
    answer = "t" if question.answer else "f"

    result = quizapp(
        f"{answer}\n",
        "take",
        "--plain",
        "--type",
        "true_false",
        "--count",
        "1",
        "--seed",
        "4",
        db=tmp_path / "a.db",
    )

    assert result.returncode == 0, result.stderr
    assert f"True or false? (t/f; ? for a hint, Enter to skip):\n> {answer}\nCorrect" in result.stdout


def test_text_is_not_prewrapped_when_piped() -> None:
    """The author's line breaks inside a paragraph are joined: a pipe gets one line per paragraph."""
    long_prompts = [q for q in QUESTIONS if any(len(p) > 100 for p in [" ".join(q.prompt.split("\n"))])]
    question = next(q for q in long_prompts if "```" not in q.prompt and "\n\n" not in q.prompt.strip())
    session = QuizSession([question], mode=Mode.PRACTICE, learner="ada", seed=0)
    out = io.StringIO()

    LineQuiz(session, lambda: None, out, interactive=False).run()

    assert " ".join(question.prompt.split()) in out.getvalue().splitlines()


def test_text_wraps_at_the_terminal_width_without_breaking_words() -> None:
    paragraph = (
        "A paragraph written with its own\nline breaks, which a reader at forty columns sees rewrapped."
    )
    text = f"{paragraph}\n\n  1) an item long enough to wrap onto a second line under its own text"

    lines = reflow(text, 40)

    assert all(len(line) <= 40 for line in lines)
    assert " ".join(" ".join(lines[: lines.index("")]).split()) == " ".join(paragraph.split())
    assert lines[lines.index("") + 2].startswith("     ")  # hung under the item's text
    assert reflow("    code = 1  # a comment that is much longer than forty columns", 40) == [
        "    code = 1  # a comment that is much longer than forty columns"
    ]


def test_a_line_after_a_wrong_answer_is_the_next_answer_not_a_reply_to_a_prompt(tmp_path: Path) -> None:
    first, second = true_false(seed=7, count=2, tmp_path=tmp_path)
    wrong = "f" if first.answer else "t"
    right = "t" if second.answer else "f"

    result = quizapp(
        f"{wrong}\n{right}\n",
        "take",
        "--plain",
        "--type",
        "true_false",
        "--count",
        "2",
        "--seed",
        "7",
        db=tmp_path / "a.db",
    )

    assert result.returncode == 0, result.stderr
    assert "Score: 1 / 2 (50%)" in result.stdout


def test_a_flashcard_rating_that_is_not_one_is_asked_again(tmp_path: Path) -> None:
    db = tmp_path / "a.db"

    result = quizapp(
        "\nbrilliant\ngood\n", "take", "--plain", "--mode", "flashcards", "--count", "1", "--seed", "3", db=db
    )

    assert result.returncode == 0, result.stderr
    assert "'brilliant' is not a rating; type one of again, hard, good, easy." in result.stdout
    assert "Self-rated: 1 / 1 (100%). Flashcards are self-assessment, not a score." in result.stdout
    assert "Score:" not in result.stdout  # history counts no self-rating: nor does the end
    with AttemptStore(db) as store:
        [session] = store.sessions("ada")
        assert [(r.answer, r.score) for r in store.responses(session.id)] == [("good", 1.0)]


def test_an_interrupted_session_is_resumed_finished_and_submitted(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    first, second, third = true_false(seed=9, count=3, tmp_path=tmp_path)
    answers = ["t" if q.answer else "f" for q in (first, second, third)]
    args = ("take", "--plain", "--mode", "exam", "--type", "true_false", "--count", "3", "--seed", "9")

    interrupted = quizapp(answers[0] + "\n", *args, db=db)
    refused = quizapp("", "submit", "-o", str(tmp_path / "s.json"), db=db)
    resumed = quizapp("\n".join(answers[1:]) + "\n", "take", "--plain", "--resume", db=db)
    submitted = quizapp("", "submit", "-o", str(tmp_path / "s.json"), db=db)

    assert interrupted.returncode == 3
    assert refused.returncode == 1
    assert "session 1 is unfinished: finish it with 'quizapp take --plain --resume 1'" in refused.stderr
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming session 1: 1 answered so far." in resumed.stdout
    assert "Question 2/3" in resumed.stdout
    assert "Question 1/3" not in resumed.stdout
    assert "Score: 3 / 3 (100%)" in resumed.stdout
    assert submitted.returncode == 0, submitted.stderr
    assert "3 answers by ada" in submitted.stdout


def test_resuming_when_nothing_is_unfinished_is_a_clear_error(tmp_path: Path) -> None:
    result = quizapp("", "take", "--plain", "--resume", db=tmp_path / "a.db")

    assert result.returncode == 1
    assert result.stderr == "quizapp: error: ada has no unfinished session to resume\n"
