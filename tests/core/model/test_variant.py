"""A variant is made once per learner and seed: values drawn, texts filled, choices ordered."""

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.code_questions import CodeOutputQuestion
from quizapp.core.model.questions import MultipleSelectQuestion, SingleChoiceQuestion
from quizapp.core.model.variant import make_variant
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
PARAMETERIZED = [q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and q.parameters]


def test_every_parameterized_question_has_no_placeholder_left_in_any_text() -> None:
    assert len(PARAMETERIZED) >= 8
    for question in PARAMETERIZED:
        variant = make_variant(question, learner="ada", seed=4)
        texts = (variant.prompt, variant.code or "", variant.explanation, *variant.hints)
        assert all("{{" not in text for text in texts), question.id
        assert set(variant.values) == set(question.parameters)
        assert variant.key is None
        assert variant.needs_key_run


def test_the_same_learner_and_seed_give_the_same_variant_and_others_may_differ() -> None:
    question = PARAMETERIZED[0]
    first = make_variant(question, learner="ada", seed=4)
    assert make_variant(question, learner="ada", seed=4) == first
    others = {tuple(make_variant(question, learner=f"l{n}", seed=4).values.items()) for n in range(20)}
    assert len(others) > 1


def test_choices_keep_their_order_unless_the_question_asks_to_shuffle() -> None:
    for question in QUESTIONS:
        if isinstance(question, (SingleChoiceQuestion, MultipleSelectQuestion)):
            variant = make_variant(question, learner="ada", seed=9)
            assert sorted(c.id for c in variant.choices) == sorted(c.id for c in question.choices)
            if not question.shuffle:
                assert variant.choices == question.choices


def test_a_written_key_is_known_without_a_run() -> None:
    fixed = next(q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and not q.parameters)
    variant = make_variant(fixed, learner="ada", seed=1)
    assert variant.key == fixed.answer
    assert not variant.needs_key_run
