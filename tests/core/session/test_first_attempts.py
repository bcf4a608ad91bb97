"""One history, one reading: results, home, stats, exports and review agree on first attempts.

The measured case of issue 11: retries after the explanation scored full marks, the
results said ``98% · 0 to review``, review asked the hinted-but-right questions and none
answered wrong, and home's weakest topics showed 50% for a topic the results showed at 100%.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import Question, SingleChoiceQuestion, TrueFalseQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.exports import write_json
from quizapp.core.records.history import session_summaries, stored_rows
from quizapp.core.records.item_analysis import topic_scores
from quizapp.core.session.question_selection import review_questions
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode, QuizSession, Results
from quizapp.core.session.session_starter import SessionStarter
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def unparameterized(kind: type[Any]) -> list[Any]:
    return [q for q in QUESTIONS if isinstance(q, kind) and not getattr(q, "parameters", None)]


def pick() -> list[Question]:
    """Five one-point questions with hints: two alone in one topic, three from other topics."""
    pool: list[Question] = [q for q in unparameterized(SingleChoiceQuestion) if q.points == 1 and q.hints]
    for topic in sorted({q.topic for q in pool}):
        same = [q for q in pool if q.topic == topic]
        rest = [q for q in pool if q.topic != topic]
        if len(same) >= 2 and len(rest) >= 3:
            return [*same[:2], *rest[:3]]
    raise AssertionError("the bank has no two one-point questions in one topic")


QUIZ = pick()
PERFECT_A, PERFECT_B, RETRIED, HINTED, WRONG = QUIZ


def wrong(question: Question) -> object:
    if isinstance(question, TrueFalseQuestion):
        return not question.answer
    assert isinstance(question, SingleChoiceQuestion)
    return next(choice.id for choice in question.choices if choice.id != question.answer)


def right(question: Question) -> object:
    assert isinstance(question, (SingleChoiceQuestion, TrueFalseQuestion))
    return question.answer


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, Results]:
    """One practice session: two right at once, one right only on a retry after the explanation,
    one right after a hint, one wrong and still wrong on the retry."""
    db = tmp_path / "attempts.sqlite3"
    with AttemptStore(db) as store:
        session = QuizSession(QUIZ, mode=Mode.PRACTICE, learner="ada", seed=1, store=store, quiz="Practice")
        session.answer(right(PERFECT_A))
        session.next()
        session.answer(right(PERFECT_B))
        session.next()
        assert session.answer(wrong(RETRIED)).can_retry
        assert session.answer(right(RETRIED)).practice  # after the explanation was on screen
        session.next()
        session.hint()
        session.answer(right(HINTED))
        session.next()
        session.answer(wrong(WRONG))
        session.answer(wrong(WRONG))
        session.next()
        results = session.finish()
    return db, results


def test_the_results_score_first_attempts_and_list_retries_as_practice(history: tuple[Path, Results]) -> None:
    _, results = history
    assert results.points == 2.9  # 1 + 1 + 0 (retried) + 0.9 (hinted) + 0
    assert results.max_points == 5
    assert [q.id for q in results.missed] == [RETRIED.id, HINTED.id, WRONG.id]
    retried = results.questions[2]
    assert (retried.points, retried.answer, len(retried.retries)) == (0.0, wrong(RETRIED), 1)
    assert "practice, not scored" in retried.practice_note


def test_results_home_stats_exports_and_review_agree_on_one_history(
    history: tuple[Path, Results], tmp_path: Path
) -> None:
    db, results = history
    with AttemptStore(db) as store:
        rows = stored_rows(store, QUESTIONS, "ada")
        [summary] = session_summaries(store, "ada", QUESTIONS)
        review = review_questions(store, "ada", QUESTIONS)
        planned = SessionStarter(QUESTIONS, learner="ada", store=store).plan(
            QuizRequest(mode=Mode.REVIEW, count=None), seed=3
        )

    # the home screen's last score and weakest topics
    assert (summary.points, summary.max_points) == (results.points, results.max_points)
    home_topics = {t.topic: (t.points, t.max_points) for t in topic_scores(rows)}
    assert home_topics == {topic: (points, most) for topic, (points, most) in results.by_topic.items()}
    assert home_topics[PERFECT_A.topic] == (2.0, 2.0)  # 100% in the results, 100% at home

    # review asks exactly what the results call missed
    assert {q.id for q in review} == {q.id for q in planned} == {q.id for q in results.missed}

    # exports: the counted answers add up to the results; every retry is listed, not counted
    write_json(rows, tmp_path / "out.json")
    document = json.loads((tmp_path / "out.json").read_text())
    counted = [r for r in document["responses"] if r["counted"]]
    assert round(sum(r["score"] for r in counted), 2) == results.points
    assert [r["question_id"] for r in document["responses"] if not r["counted"]] == [RETRIED.id, WRONG.id]
    [line] = document["gradebook"]["rows"]
    assert (line["total"], line["max"]) == (results.points, results.max_points)

    # stats prints the same percentages
    out = CliRunner().invoke(main, ["stats", "--learner", "ada", "--db", str(db)]).output
    assert re.search(rf"practice\s+{results.percentage:.0f}%", out), out
    for topic, (points, most) in results.by_topic.items():
        assert re.search(rf"{re.escape(topic)}\s+{100 * points / most:.0f}%", out), out


def test_a_later_session_right_at_the_first_attempt_takes_a_question_off_review(
    history: tuple[Path, Results],
) -> None:
    db, _ = history
    with AttemptStore(db) as store:
        again = QuizSession([WRONG, HINTED], mode=Mode.REVIEW, learner="ada", seed=2, store=store)
        again.answer(right(WRONG))
        again.next()
        again.answer(wrong(HINTED))
        again.answer(right(HINTED))  # right only on the retry: still missed
        again.next()
        again.finish()
        assert [q.id for q in review_questions(store, "ada", QUESTIONS)] == sorted(
            [RETRIED.id, HINTED.id], key=[q.id for q in QUESTIONS].index
        )
