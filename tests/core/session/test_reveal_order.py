"""Quizzes ask for a name before any question shows it, and draw one question per fact."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.give_aways import common_names, find_give_aways
from quizapp.core.model.questions import Question
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.quiz_plan import QuizRequest, plan_questions
from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.reveal_order import given_away_later, one_per_fact, recall_first
from tests.paths import BANK

SHIPPED = load_bank([BANK]).bank.questions
NOON = datetime(2030, 1, 1, 12, tzinfo=UTC)


def make(question_id: str, prompt: str = "Is it?", **fields: Any) -> Question:
    body = {"type": "true_false", "answer": True, "topic": "t", "difficulty": "beginner", "explanation": "e."}
    return TypeAdapter(Question).validate_python({"id": question_id, "prompt": prompt, **body, **fields})


def recall(question_id: str, name: str, **fields: Any) -> Question:
    body = {"type": "short_text", "prompt": "Which name?", "accepted": [name]}
    return TypeAdapter(Question).validate_python(
        {"id": question_id, "topic": "t", "difficulty": "beginner", "explanation": "e.", **body, **fields}
    )


def ids(questions: list[Question]) -> list[str]:
    return [question.id for question in questions]


def test_the_asking_question_moves_to_just_before_the_one_that_shows_its_name_and_nothing_else() -> None:
    quiz = [
        make("a"),
        make("shows", "Does `unscale_` divide?"),
        make("b"),
        recall("asks", "unscale_"),
        make("c"),
    ]
    assert ids(recall_first(quiz, quiz)) == ["a", "asks", "shows", "b", "c"]
    assert ids(recall_first(list(reversed(quiz)), quiz)) == ["c", "asks", "b", "shows", "a"]  # already fine


def test_a_chain_is_ordered_and_an_explanation_counts() -> None:
    quiz = [
        make("last", explanation="`scaler.unscale_` then `error_if_nonfinite`."),
        recall("flag", "error_if_nonfinite", explanation="Called after `unscale_`."),
        recall("method", "unscale_"),
    ]
    assert ids(recall_first(quiz, quiz)) == ["method", "flag", "last"]


def test_questions_that_give_each_other_away_keep_their_order_without_an_error() -> None:
    quiz = [
        make("x"),
        recall("one", "alpha_name", hints=["Not `beta_name`."]),
        recall("two", "beta_name", hints=["Not `alpha_name`."]),
    ]
    assert ids(recall_first(quiz, quiz)) == ["x", "one", "two"]
    assert ids(recall_first(quiz[::-1], quiz)) == ["two", "one", "x"]


def test_only_the_first_drawn_of_questions_declared_the_same_fact_is_kept() -> None:
    quiz = [make("a"), make("b", same_fact_as=["d"]), make("c"), make("d"), make("e", same_fact_as=["c"])]
    assert ids(one_per_fact(quiz)) == ["a", "b", "c"]
    assert ids(one_per_fact(quiz[::-1])) == ["e", "d", "a"]


def test_a_fixed_order_that_gives_an_answer_away_is_described() -> None:
    quiz = [make("shows", "Does `unscale_` divide?"), recall("asks", "unscale_")]
    assert given_away_later(quiz, quiz) == ["asks asks for `unscale_`, which shows (asked before it) shows"]
    assert given_away_later(quiz[::-1], quiz) == []


def missed_everything(path: Path) -> AttemptStore:
    store = AttemptStore(path)
    session = store.start_session(
        "ada", mode="exam", bank_fingerprint="f", seed=1, question_ids=[q.id for q in SHIPPED]
    )
    for question in SHIPPED:
        store.record_response(
            session, question_id=question.id, question_hash="h", answer="x", score=0.0, max_score=1.0
        )
    store.finish_session(session)
    return store


def plans(mode: Mode, store: AttemptStore) -> Iterator[list[Question]]:
    for seed in range(200):
        count = None if seed % 50 == 0 else 10
        yield plan_questions(
            SHIPPED, QuizRequest(mode, count=count), seed=seed, store=store, learner="ada", now=NOON
        )


@pytest.mark.parametrize("mode", list(Mode), ids=lambda mode: mode.value)
def test_in_200_plans_of_every_mode_no_question_comes_after_one_that_names_its_answer(
    mode: Mode, tmp_path: Path
) -> None:
    common = common_names(SHIPPED)
    pairs_met = 0
    with missed_everything(tmp_path / "a.sqlite3") as store:
        for plan in plans(mode, store):
            position = {question.id: at for at, question in enumerate(plan)}
            for found in find_give_aways(plan, common=common):
                pairs_met += 1
                assert position[found.asker] < position[found.giver], (found, ids(plan))
            for question in plan:
                assert not set(question.same_fact_as) & set(position), question.id
    if mode is not Mode.FLASHCARDS:  # flashcards ask for no names
        assert pairs_met > 0, "no plan drew a question with the question that names its answer"
