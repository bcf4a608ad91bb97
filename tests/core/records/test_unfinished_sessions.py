"""An unfinished session is scored over every question it asks, and says it is unfinished.

Measured before: one right answer to a three-question exam, then the end of input, read
``100%  1 answer  (unfinished)`` in ``stats`` and on the home screen, and
``bob,Exam: all topics,1,exam,,1.0,1.0,100.0,…`` in the wide export, while a finished
session counted its skipped questions as 0: stopping early got around that rule.
"""

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import FlashcardQuestion, Question, TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.exports import write_json, write_long_csv, write_wide_csv
from quizapp.core.records.gradebook import NOT_ANSWERED, NOT_ANSWERED_YET, ScoreRow, gradebook
from quizapp.core.records.history import session_summaries, stored_rows
from quizapp.core.records.item_analysis import item_analysis, topic_scores
from quizapp.core.session.question_selection import review_questions
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK], check_snippet_syntax=False).bank.questions
TRUE_FALSE = [q for q in QUESTIONS if isinstance(q, TrueFalseQuestion) and q.points == 1][:3]
"""Three one-point true/false questions of the shipped bank (``stats`` and ``export`` read it)."""
FLASHCARD = next(q for q in QUESTIONS if isinstance(q, FlashcardQuestion))


def right(question: Question) -> bool:
    assert isinstance(question, TrueFalseQuestion)
    return question.answer


def stopped_after_one(store: AttemptStore, questions: Sequence[Question] = TRUE_FALSE) -> int:
    """An exam of ``questions`` whose first is answered right, left there (input ended)."""
    session = QuizSession(questions, mode=Mode.EXAM, learner="bob", seed=7, store=store, quiz="Exam")
    session.answer(right(questions[0]))
    assert session.session_id is not None
    return session.session_id


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "attempts.sqlite3"
    with AttemptStore(path) as store:
        stopped_after_one(store)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_the_summary_counts_every_question_the_session_asks(db: Path) -> None:
    with AttemptStore(db) as store:
        [summary] = session_summaries(store, "bob", QUESTIONS)

    assert (summary.points, summary.max_points) == (1.0, 3.0)
    assert summary.percentage is not None
    assert round(summary.percentage, 1) == 33.3
    assert (summary.finished, summary.answers, summary.questions, summary.unanswered) == (False, 1, 3, 2)


def test_its_questions_not_answered_yet_are_rows_of_0_that_say_why(db: Path) -> None:
    with AttemptStore(db) as store:
        rows = stored_rows(store, QUESTIONS, "bob")

    assert [(r.question_id, r.score, r.max, r.reason, r.finished) for r in rows] == [
        (TRUE_FALSE[0].id, 1.0, 1.0, "", False),
        (TRUE_FALSE[1].id, 0.0, 1.0, NOT_ANSWERED_YET, False),
        (TRUE_FALSE[2].id, 0.0, 1.0, NOT_ANSWERED_YET, False),
    ]
    assert [r.answer for r in rows[1:]] == [None, None]


def test_every_export_marks_the_session_unfinished_and_scores_it_over_all_its_questions(
    db: Path, tmp_path: Path
) -> None:
    with AttemptStore(db) as store:
        rows = stored_rows(store, QUESTIONS, "bob")
    write_wide_csv(rows, tmp_path / "wide.csv")
    write_long_csv(rows, tmp_path / "long.csv")
    write_json(rows, tmp_path / "scores.json")

    [line] = read_csv(tmp_path / "wide.csv")
    long = read_csv(tmp_path / "long.csv")
    document = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))

    assert (line["finished"], line["submitted_at"]) == ("no", "")
    assert (line["total"], line["max"], line["percentage"]) == ("1.0", "3.0", "33.3")
    assert [line[q.id] for q in TRUE_FALSE] == ["1.0", "0.0", "0.0"]  # the total is the sum of its cells
    assert [(r["finished"], r["counted"], r["score"], r["reason"]) for r in long] == [
        ("no", "yes", "1.0", ""),
        ("no", "yes", "0.0", NOT_ANSWERED_YET),
        ("no", "yes", "0.0", NOT_ANSWERED_YET),
    ]
    [book] = document["gradebook"]["rows"]
    assert (book["finished"], book["total"], book["max"], book["percentage"]) == (False, 1.0, 3.0, 33.3)
    assert [(r["finished"], r["counted"], r["reason"]) for r in document["responses"]] == [
        (False, True, ""),
        (False, True, NOT_ANSWERED_YET),
        (False, True, NOT_ANSWERED_YET),
    ]
    counted = [r for r in document["responses"] if r["counted"]]
    assert (sum(r["score"] for r in counted), sum(r["max"] for r in counted)) == (1.0, 3.0)


def test_stats_and_export_show_what_the_session_scored_of_the_whole_quiz(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    stats = runner.invoke(main, ["stats", "--learner", "bob", "--db", str(db)])
    export = runner.invoke(
        main, ["export", "--out", str(tmp_path / "e2.csv"), "--wide", "--learner", "bob", "--db", str(db)]
    )

    assert stats.exit_code == 0, stats.output
    assert re.search(r"exam\s+33%\s+1 answer\s+\(unfinished: 2 of 3 not answered yet\)", stats.output), (
        stats.output
    )
    assert "100%  1 answer" not in stats.output
    assert export.exit_code == 0, export.output
    assert export.output.endswith(": 1 answer, and 2 questions not answered.\n")
    [line] = read_csv(tmp_path / "e2.csv")
    assert (line["learner"], line["finished"], line["total"], line["max"], line["percentage"]) == (
        "bob",
        "no",
        "1.0",
        "3.0",
        "33.3",
    )


def test_questions_not_answered_yet_are_no_answers_for_topics_items_or_review(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "attempts.sqlite3") as store:
        earlier = QuizSession(TRUE_FALSE, mode=Mode.EXAM, learner="bob", seed=1, store=store)
        for question in TRUE_FALSE:
            earlier.answer(right(question))
            earlier.next()
        earlier.finish()
        stopped_after_one(store)  # asks the same three again, answers the first
        rows = stored_rows(store, QUESTIONS, "bob")
        review = review_questions(store, "bob", QUESTIONS)

    assert review == []  # all right the last time each was answered; nothing missed
    assert all(score.fraction == 1.0 for score in topic_scores(rows))
    assert sum(score.answers for score in topic_scores(rows)) == 4
    assert all(item.proportion_correct == 1.0 for item in item_analysis(rows))


def test_the_session_stays_resumable_and_nothing_stored_changes(db: Path) -> None:
    with AttemptStore(db) as store:
        before = [(r.question_id, r.answer, r.score) for r in store.responses(1)]
        session_summaries(store, "bob", QUESTIONS)
        stored_rows(store, QUESTIONS, "bob")
        unfinished = store.unfinished_session("bob")
        assert unfinished is not None
        assert [(r.question_id, r.answer, r.score) for r in store.responses(1)] == before
        resumed = QuizSession(
            TRUE_FALSE, mode=Mode.EXAM, learner="bob", seed=7, store=store, session_id=unfinished.id
        )
        assert resumed.current == TRUE_FALSE[1]  # the questions not answered yet are asked now
        resumed.answer(right(TRUE_FALSE[1]))
        resumed.next()
        resumed.next()  # skips the last one
        resumed.finish()
        [summary] = session_summaries(store, "bob", QUESTIONS)
        rows = stored_rows(store, QUESTIONS, "bob")

    assert (summary.finished, summary.points, summary.max_points, summary.unanswered) == (True, 2.0, 3.0, 1)
    assert [(r.reason, r.finished) for r in rows][-1] == (NOT_ANSWERED, True)


def test_a_flashcard_not_rated_yet_is_neither_scored_nor_self_rated(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "attempts.sqlite3") as store:
        stopped_after_one(store, [*TRUE_FALSE[:2], FLASHCARD])
        rows = stored_rows(store, QUESTIONS, "bob")
        [summary] = session_summaries(store, "bob", QUESTIONS)

    columns, [line] = gradebook(rows)
    assert FLASHCARD.id not in columns
    assert (line["total"], line["max"], line["self_rated_flashcards"]) == (1.0, 2.0, "")
    assert (summary.points, summary.max_points) == (1.0, 2.0)


def test_a_submission_is_a_finished_session_in_the_gradebook() -> None:
    row = ScoreRow(
        "ada", "Week 1", "q", "t", "true_false", "true", 1.0, 1.0, 0, 1.0, "",
        session="ada.json", mode="exam", submitted_at="2025-01-02T10:00:00+00:00",
    )  # fmt: skip

    _, [line] = gradebook([row])

    assert line["finished"] is True
