"""The due queue and the reviews a session records, over a real SQLite file and an injected clock."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.core.grading.answer_rules import Grade
from quizapp.core.grading.code_judge import WORKER_ERROR_REASON
from quizapp.core.learning.card_reviews import CardReviews
from quizapp.core.learning.card_schedule import CardSchedule
from quizapp.core.learning.card_store import CardStore
from quizapp.core.learning.due_queue import come_back_message, due_queue, interleave_topics
from quizapp.core.model.questions import FlashcardQuestion, NumericQuestion, Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_session import Mode, QuizSession, SessionError

MORNING = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def numeric(qid: str, topic: str = "norms") -> NumericQuestion:
    return NumericQuestion(
        type="numeric", id=qid, topic=topic, difficulty="beginner", explanation="E.", prompt="P?", answer=1.0
    )


def card(qid: str) -> FlashcardQuestion:
    return FlashcardQuestion(
        type="flashcard", id=qid, topic="cards", difficulty="beginner", explanation="E.", front="F", back="B"
    )


def test_topics_take_turns_and_each_keeps_its_order() -> None:
    questions = [
        numeric("a1", "a"),
        numeric("a2", "a"),
        numeric("a3", "a"),
        numeric("b1", "b"),
        numeric("c1", "c"),
    ]
    assert [q.id for q in interleave_topics(questions)] == ["a1", "b1", "c1", "a2", "a3"]


def test_new_questions_are_capped_per_day_and_the_learner_told_when_to_come_back(tmp_path: Path) -> None:
    pool: list[Question] = [numeric(f"q{n}") for n in range(5)]
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store, CardSchedule(fuzz=False))
        first = due_queue(cards, "ada", pool, now=MORNING, new_per_day=2)
        assert [q.id for q in first.questions] == ["q0", "q1"]
        for question in first.questions:
            cards.review("ada", question, Rating.Good, now=MORNING, seconds=5.0)

        later = due_queue(cards, "ada", pool, now=MORNING + timedelta(minutes=1), new_per_day=2)
        assert later.questions == ()
        assert later.next_due == MORNING + timedelta(minutes=10)
        message = come_back_message(later, "ada", MORNING + timedelta(minutes=1))
        assert "(today's new questions are all taken)" in message
        assert message.endswith("(in 9 min): come back then")

        tomorrow = due_queue(cards, "ada", pool, now=MORNING + timedelta(days=1), new_per_day=2)
        assert [q.id for q in tomorrow.questions] == ["q0", "q1", "q2", "q3"]  # due first, then new
        assert tomorrow.due_now == 2


def session(store: AttemptStore, questions: list[Question], when: datetime) -> QuizSession:
    reviews = CardReviews(CardStore(store, CardSchedule(fuzz=False)), "ada", lambda: when)
    return QuizSession(questions, mode=Mode.DUE, learner="ada", seed=1, store=store, reviews=reviews)


def test_a_session_reviews_first_attempts_and_questions_left_unanswered(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        quiz = session(
            store, [numeric("wrong"), card("rated"), numeric("shape"), numeric("skipped")], MORNING
        )
        quiz.answer("7")  # wrong
        quiz.answer("1")  # a retry, right: practice, no second review
        quiz.next()
        quiz.answer("hard")
        quiz.next()
        with pytest.raises(SessionError):
            quiz.answer(["not", "a", "number"])
        quiz.next()
        assert quiz.current is not None  # shown, never answered
        quiz.finish()

        reviews = CardStore(store).reviews("ada")
        assert [(r.question_id, r.rating) for r in reviews] == [
            ("wrong", Rating.Again),
            ("rated", Rating.Hard),
            ("shape", Rating.Again),  # shown and left unanswered after an answer that could not be taken
            ("skipped", Rating.Again),
        ]
        assert all(r.reviewed_at == MORNING for r in reviews)
        stored = store.responses(quiz.session_id or 0)
        assert [r.response_id for r in reviews[:2]] == [stored[0].id, stored[2].id]  # the first attempts
        assert [(row.question_id, row.answer) for row in stored] == [
            ("wrong", "7"),
            ("wrong", "1"),
            ("rated", "hard"),
        ]
        assert [r.response_id for r in reviews[2:]] == [None, None]  # left unanswered: no answer to name


def test_code_that_was_never_judged_is_no_review(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store)
        reviews = CardReviews(cards, "ada", lambda: MORNING)
        reviews.graded(numeric("ran"), Grade(0.0, WORKER_ERROR_REASON), "code", 0, 3.0)
        assert cards.reviews("ada") == []
        reviews.graded(numeric("ran"), Grade(1.0), "1", 0, 3.0)
        assert [r.rating for r in cards.reviews("ada")] == [Rating.Good]
