"""Exports of a real attempt store read back with csv and json: totals add up, reasons, flashcards apart."""

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.exports import ScoreRow, write_json, write_long_csv, write_wide_csv
from quizapp.core.records.gradebook import set_aside_duplicates
from quizapp.core.records.history import stored_rows

QUIZ = """\
title: Small
topic: norms
questions:
  - id: norm
    type: numeric
    difficulty: beginner
    prompt: The default norm_type?
    answer: 2
    points: 2
    explanation: L2.
  - id: inf
    type: true_false
    difficulty: beginner
    prompt: The inf norm is the largest magnitude.
    answer: true
    explanation: Yes.
  - id: skipped
    type: true_false
    difficulty: beginner
    prompt: clip_grad_value_ returns the total norm.
    answer: false
    explanation: It returns None.
  - id: card
    type: flashcard
    difficulty: beginner
    front: clip_grad_norm_ returns?
    back: The total norm before clipping.
    explanation: It is measured first.
"""


@pytest.fixture
def questions(write_quiz: Callable[[str], Path]) -> list[Question]:
    loaded = load_bank([write_quiz(QUIZ)])
    assert not loaded.problems
    return list(loaded.bank.questions)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttemptStore]:
    with AttemptStore(tmp_path / "attempts.sqlite3") as opened:
        yield opened


def exam(store: AttemptStore, learner: str, answers: list[tuple[str, Any, float, float, int]]) -> int:
    """A finished exam of four questions with these (question, answer, score, max, hints) answers."""
    session = store.start_session(
        learner,
        mode="exam",
        bank_fingerprint="b",
        seed=1,
        question_ids=["norm", "inf", "skipped", "card"],
        settings={"quiz": "Norms exam"},
    )
    for question_id, answer, score, most, hints in answers:
        store.record_response(
            session,
            question_id=question_id,
            question_hash="h",
            answer=answer,
            score=score,
            max_score=most,
            hints_used=hints,
        )
    store.finish_session(session)
    return session


ADA = [
    ("norm", "2", 1.8, 2.0, 1),  # right, one hint
    ("inf", "false", 0.0, 1.0, 0),  # wrong
    ("inf", "true", 1.0, 1.0, 0),  # a retry, right: the first answer counts
    ("card", "easy", 1.0, 1.0, 0),  # self-rated
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_a_wide_rows_total_is_the_sum_of_its_cells_and_flashcards_are_apart(
    tmp_path: Path, store: AttemptStore, questions: list[Question]
) -> None:
    session = exam(store, "ada", ADA)
    write_wide_csv(stored_rows(store, questions), tmp_path / "book.csv")

    [line] = read_csv(tmp_path / "book.csv")

    cells = [float(line[question]) for question in ("norm", "inf", "skipped")]
    assert cells == [1.8, 0.0, 0.0]  # the first answer to inf counts; skipped scores 0
    assert float(line["total"]) == round(sum(cells), 2) == 1.8
    assert float(line["max"]) == 4.0  # 2 + 1 + 1: the skipped question counts, the flashcard does not
    assert line["percentage"] == "45.0"
    assert "card" not in line
    assert line["self_rated_flashcards"] == "1 self-rated: 1.0 of 1.0 by own rating (not scored)"
    assert (line["quiz"], line["session"], line["mode"]) == ("Norms exam", str(session), "exam")
    assert line["submitted_at"].startswith("20")


def test_every_answer_below_full_says_why_in_csv_and_json(
    tmp_path: Path, store: AttemptStore, questions: list[Question]
) -> None:
    exam(store, "ada", ADA)
    rows = stored_rows(store, questions)
    write_long_csv(rows, tmp_path / "long.csv")
    write_json(rows, tmp_path / "scores.json")

    long = read_csv(tmp_path / "long.csv")
    document = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))

    expected = [
        ("norm", "1.8", "yes", "1 hint used"),
        ("inf", "0.0", "yes", "wrong answer"),
        ("inf", "1.0", "no", "a retry: the first answer to this question counts"),
        ("card", "", "no", "self-rated flashcard: self-assessment, not scored"),
        ("skipped", "0.0", "yes", "not answered"),
    ]
    assert [(r["question_id"], r["score"], r["counted"], r["reason"]) for r in long] == expected
    responses = document["responses"]
    assert [(r["question_id"], r["counted"], r["reason"]) for r in responses] == [
        (question, counted == "yes", reason) for question, _, counted, reason in expected
    ]
    assert (responses[3]["score"], responses[3]["max"]) == (None, None)  # a flashcard is not scored
    assert all(r["reason"] for r in responses if r["score"] is not None and r["score"] < r["max"])
    [line] = document["gradebook"]["rows"]
    assert (line["total"], line["max"]) == (1.8, 4.0)


def test_practice_and_exam_sessions_of_one_learner_are_lines_of_their_own(
    tmp_path: Path, store: AttemptStore, questions: list[Question]
) -> None:
    exam(store, "ada", ADA)
    practice = store.start_session(
        "ada", mode="practice", bank_fingerprint="b", seed=2, question_ids=["inf"], settings={"quiz": "Drill"}
    )
    store.record_response(
        practice, question_id="inf", question_hash="h", answer="true", score=1.0, max_score=1.0
    )
    write_wide_csv(stored_rows(store, questions), tmp_path / "book.csv")

    lines = read_csv(tmp_path / "book.csv")

    assert [(line["quiz"], line["mode"], line["total"], line["max"]) for line in lines] == [
        ("Norms exam", "exam", "1.8", "4.0"),
        ("Drill", "practice", "1.0", "1.0"),  # unfinished: no submission time, nothing added
    ]
    assert lines[1]["submitted_at"] == ""


def row(learner: str, session: str, submitted_at: str, score: float) -> ScoreRow:
    return ScoreRow(
        learner, "Norms exam", "inf", "norms", "true_false", "true", score, 1.0, 0, 1.0, "",
        session=session, mode="exam", submitted_at=submitted_at,
    )  # fmt: skip


def test_two_submissions_for_one_learner_and_quiz_are_reported_and_never_merged(tmp_path: Path) -> None:
    rows = [
        row("bob", "bob.json", "2025-01-02T10:00:00", 1.0),
        row("bob", "forged.json", "2025-01-01T09:00:00", 0.0),
        row("ada", "ada.json", "2025-01-01T09:00:00", 1.0),
    ]

    marked, duplicates = set_aside_duplicates(rows)
    write_wide_csv(marked, tmp_path / "book.csv")
    write_long_csv(marked, tmp_path / "long.csv")

    [duplicate] = duplicates
    assert (duplicate.learner, duplicate.sessions, duplicate.counted) == (
        "bob",
        ("bob.json", "forged.json"),
        "bob.json",
    )
    book = read_csv(tmp_path / "book.csv")
    assert [(line["learner"], line["session"], line["total"]) for line in book] == [
        ("bob", "bob.json", "1.0"),  # submitted last: counts, alone
        ("ada", "ada.json", "1.0"),
    ]
    forged = next(r for r in read_csv(tmp_path / "long.csv") if r["session"] == "forged.json")
    assert forged["counted"] == "no"
    assert forged["reason"] == "another submission of this learner for this quiz counts: bob.json"
