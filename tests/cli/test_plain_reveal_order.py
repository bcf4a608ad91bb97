"""A real plain-mode session asks for a name before the question that shows it, and assign orders so too."""

import json
import subprocess
import sys
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.question_selection import select_questions
from quizapp.core.session.quiz_plan import QuizRequest, plan_questions

BANK = """\
title: Scaler names
topic: amp
questions:
  - id: asks-method
    type: short_text
    difficulty: beginner
    prompt: Which GradScaler method divides the gradients by the scale? (Name only.)
    accepted: [unscale_]
    explanation: It is undone in place.
  - id: shows-method
    type: true_false
    difficulty: beginner
    prompt: Is the loss multiplied by the scale before backward?
    answer: true
    explanation: "Yes; call `scaler.unscale_(opt)` before clipping to undo it."
  - id: unrelated
    type: true_false
    difficulty: beginner
    prompt: Does clipping by norm keep the direction?
    answer: true
    explanation: One factor scales every gradient.
"""


def quizapp(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )


def write_bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank" / "scaler.yaml"
    path.parent.mkdir()
    path.write_text(BANK, encoding="utf-8")
    return path.parent


def shuffled_giver_first(bank: Path) -> int:
    """A seed whose plain shuffle would show the name (in an explanation) before asking for it."""
    questions = load_bank([bank]).bank.questions
    for seed in range(100):
        order = [question.id for question in select_questions(questions, seed=seed)]
        if order.index("shows-method") < order.index("asks-method"):
            return seed
    raise AssertionError("no seed shuffles the giver first")


def test_a_practice_session_asks_for_the_name_before_the_explanation_that_shows_it(tmp_path: Path) -> None:
    bank = write_bank(tmp_path)
    seed = shuffled_giver_first(bank)
    db = tmp_path / "a.sqlite3"
    planned = plan_questions(
        load_bank([bank]).bank.questions, QuizRequest(), seed=seed, store=None, learner="ada"
    )
    answers = ["unscale_" if question.id == "asks-method" else "t" for question in planned]

    result = quizapp(
        "take", "--plain", "--bank", str(bank), "--db", str(db), "--learner", "ada", "--seed", str(seed),
        stdin="\n".join(answers) + "\n",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "Score: 3 / 3" in result.stdout
    assert result.stdout.index("Which GradScaler method") < result.stdout.index("scaler.unscale_(opt)")
    with AttemptStore(db) as store:
        [session] = store.sessions("ada")
        asked = [response.question_id for response in store.responses(session.id)]
    assert asked.index("asks-method") < asked.index("shows-method")


def test_assign_draws_in_a_fair_order_and_warns_about_a_named_unfair_one(tmp_path: Path) -> None:
    bank = write_bank(tmp_path)
    seed = shuffled_giver_first(bank)

    drawn = quizapp(
        "assign", "-o", str(tmp_path / "d.json"), "--title", "D", "--seed", str(seed), "--bank", str(bank)
    )
    named = quizapp(
        "assign", "-o", str(tmp_path / "n.json"), "--title", "N", "--bank", str(bank),
        "--question", "shows-method", "--question", "asks-method",
    )  # fmt: skip

    assert drawn.returncode == 0, drawn.stderr
    order = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["questions"]
    assert order.index("asks-method") < order.index("shows-method")
    assert named.returncode == 0, named.stderr
    assert json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))["questions"] == [
        "shows-method",
        "asks-method",
    ]
    assert (
        "warning: asks-method asks for `unscale_`, which shows-method (asked before it) shows" in named.stderr
    )


CYCLE = """\
title: Two names
topic: api
questions:
  - id: norm-name
    type: short_text
    difficulty: beginner
    prompt: Which function rescales by the total norm?
    accepted: [clip_grad_norm_]
    hints: ["Not `clip_grad_value_`."]
    explanation: It rescales.
  - id: value-name
    type: short_text
    difficulty: beginner
    prompt: Which function clamps each element?
    accepted: [clip_grad_value_]
    hints: ["Not `clip_grad_norm_`."]
    explanation: It clamps.
"""


def test_validate_warns_at_each_place_about_questions_that_give_each_other_away(tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(CYCLE, encoding="utf-8")

    result = quizapp("validate", str(path))

    assert result.returncode == 0, result.stderr  # advice, like the other fairness warnings
    assert (
        f"quizapp: warning: norm-name ({path}:4), value-name ({path}:11) give each other's answers away"
        in result.stderr
    )
    assert "norm-name shows `clip_grad_value_`, the answer of value-name" in result.stderr
