"""Cards in a real SQLite file: reviews scheduled by FSRS, changed questions reset, old databases upgraded."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Rating, State

from quizapp.core.learning.card_schedule import CardSchedule, key_hash
from quizapp.core.learning.card_store import CardStore, FittedParameters
from quizapp.core.model.questions import NumericQuestion, SingleChoiceQuestion
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.migrations import MIGRATIONS, SCHEMA_VERSION

DAY_ONE = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def numeric(*, answer: float = 1.0, prompt: str = "What is the norm?") -> NumericQuestion:
    return NumericQuestion(
        type="numeric",
        id="max-norm",
        topic="norms",
        difficulty="beginner",
        explanation="Because.",
        prompt=prompt,
        answer=answer,
    )


def choice(**changes: object) -> SingleChoiceQuestion:
    fields: dict[str, object] = {
        "type": "single_choice",
        "id": "when-to-clip",
        "topic": "order",
        "difficulty": "beginner",
        "explanation": "After backward.",
        "prompt": "When do you clip?",
        "choices": [{"id": "after", "text": "After backward"}, {"id": "before", "text": "Before backward"}],
        "answer": "after",
    }
    return SingleChoiceQuestion.model_validate(fields | changes)


def test_wording_edits_keep_the_key_hash_and_content_edits_change_it() -> None:
    assert key_hash(numeric(prompt="What is the nrom?")) == key_hash(numeric(prompt="What is the norm?"))
    assert key_hash(numeric(answer=2.0)) != key_hash(numeric(answer=1.0))
    base = key_hash(choice())
    retexted = [{"id": "after", "text": "After loss.backward()"}, {"id": "before", "text": "Before it"}]
    assert key_hash(choice(choices=retexted, explanation="Fixed typo.", hints=["Think."])) == base
    assert key_hash(choice(answer="before")) != base
    added = [*retexted, {"id": "never", "text": "Never"}]
    assert key_hash(choice(choices=added)) != base


def test_a_review_is_committed_with_its_card_and_read_back(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    with AttemptStore(db) as store:
        cards = CardStore(store, CardSchedule(fuzz=False))
        card = cards.review("ada", numeric(), Rating.Good, now=DAY_ONE, seconds=4.0)
        assert card.due > DAY_ONE
    with AttemptStore(db) as store:  # a new process would see the same
        cards = CardStore(store)
        [stored] = cards.cards("ada").values()
        assert stored.question_id == "max-norm"
        assert stored.due == card.due
        [review] = cards.reviews("ada")
        assert (review.rating, review.seconds, review.reviewed_at) == (Rating.Good, 4.0, DAY_ONE)
        assert cards.cards("bob") == {}


def test_again_comes_back_sooner_than_hard_and_hard_sooner_than_good(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store, CardSchedule(fuzz=False))
        due = {}
        for learner, rating in [("a", Rating.Again), ("h", Rating.Hard), ("g", Rating.Good)]:
            for day in range(4):  # the same rating on four days running
                card = cards.review(
                    learner, numeric(), rating, now=DAY_ONE + timedelta(days=day), seconds=3.0
                )
            due[rating] = card.due
        assert due[Rating.Again] < due[Rating.Hard] < due[Rating.Good]


def test_a_changed_question_resets_its_card_with_a_note_and_keeps_its_reviews(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store, CardSchedule(fuzz=False))
        for day in range(3):
            cards.review("ada", numeric(), Rating.Good, now=DAY_ONE + timedelta(days=day), seconds=3.0)
        learned = cards.cards("ada")["max-norm"]
        assert learned.card.state is State.Review
        later = DAY_ONE + timedelta(days=5)

        assert cards.reset_changed("ada", [numeric(prompt="What's the norm?")], later) == []
        [reset] = cards.reset_changed("ada", [numeric(answer=3.0)], later)
        assert reset.question_id == "max-norm"

        stored = cards.cards("ada")["max-norm"]
        assert stored.card.state is State.Learning
        assert stored.due == later
        assert stored.note == "changed on 2025-03-06 (its key, code or choices): its schedule starts over"
        assert stored.introduced_at == DAY_ONE
        assert len(cards.reviews("ada")) == 3
        assert cards.reset_changed("ada", [numeric(answer=3.0)], later) == []


def test_a_database_made_by_the_previous_schema_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:  # the schema quizapp shipped before cards
        old.executescript(migration)
    old.execute("PRAGMA user_version = 2")
    old.execute("INSERT INTO learner(name, created_at) VALUES ('ada', '2025-01-01')")
    old.execute(
        "INSERT INTO session(learner_id, mode, bank_fingerprint, seed, question_ids, started_at)"
        " VALUES (1, 'practice', 'f', 1, '[\"max-norm\"]', '2025-01-01')"
    )
    old.commit()
    old.close()

    with AttemptStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        assert [session.mode for session in store.sessions("ada")] == ["practice"]
        cards = CardStore(store)
        cards.review("ada", numeric(), Rating.Again, now=DAY_ONE, seconds=2.0)
        assert list(cards.cards("ada")) == ["max-norm"]


def test_a_database_with_cards_from_schema_3_keeps_them_and_gains_response_links(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    with AttemptStore(path) as store:  # made now, then taken back to what schema 3 had
        CardStore(store).review("ada", numeric(), Rating.Good, now=DAY_ONE, seconds=2.0)
    old = sqlite3.connect(path)
    old.executescript(
        "DROP TABLE fsrs_parameters; ALTER TABLE review DROP COLUMN response_id; PRAGMA user_version = 3;"
    )
    old.close()

    with AttemptStore(path) as store:
        assert store.schema_version == 4
        cards = CardStore(store)
        [review] = cards.reviews("ada")
        assert (review.question_id, review.rating, review.response_id) == ("max-norm", Rating.Good, None)
        assert cards.fitted("ada") is None
        assert cards.review("ada", numeric(), Rating.Good, now=DAY_ONE + timedelta(days=3), seconds=2.0)


def test_fitted_parameters_are_kept_per_learner_and_schedule_their_reviews(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        cards = CardStore(store)
        defaults = cards.schedule_for("ada").parameters
        slow_forgetter = (*defaults[:3], 30.0, *defaults[4:])  # w3: the stability after a first Easy
        cards.save_fitted("ada", FittedParameters(slow_forgetter, 600, DAY_ONE))

        assert cards.fitted("ada") == FittedParameters(slow_forgetter, 600, DAY_ONE)
        assert cards.fitted("bob") is None
        assert cards.schedule_for("ada").parameters == slow_forgetter
        assert cards.schedule_for("bob").parameters == defaults
        # a new card's first Easy is scheduled from w3: 30 days for ada, about 8 for bob
        ada = cards.review("ada", numeric(), Rating.Easy, now=DAY_ONE, seconds=2.0)
        bob = cards.review("bob", numeric(), Rating.Easy, now=DAY_ONE, seconds=2.0)
        assert ada.due == DAY_ONE + timedelta(days=30)
        assert bob.due == DAY_ONE + timedelta(days=8)
