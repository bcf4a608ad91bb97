"""The shipped bank gives no key away by its shape, and the fairness check notices a bank that does."""

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.fairness import fairness_findings, key_length_ratio
from quizapp.core.model.code_questions import CodeErrorQuestion
from quizapp.core.model.questions import MultipleSelectQuestion, SingleChoiceQuestion
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def _single(number: int, key: str, distractors: tuple[str, ...]) -> SingleChoiceQuestion:
    choices = [{"id": "key", "text": key}] + [
        {"id": f"d{index}", "text": text} for index, text in enumerate(distractors)
    ]
    return SingleChoiceQuestion.model_validate(
        {
            "id": f"single-{number}",
            "type": "single_choice",
            "topic": "t",
            "difficulty": "beginner",
            "prompt": "Which?",
            "explanation": "Because.",
            "choices": choices,
            "answer": "key",
        }
    )


def _select(number: int, correct: int) -> MultipleSelectQuestion:
    choices = [{"id": f"c{index}", "text": f"option {index}"} for index in range(5)]
    return MultipleSelectQuestion.model_validate(
        {
            "id": f"select-{number}",
            "type": "multiple_select",
            "topic": "t",
            "difficulty": "beginner",
            "prompt": "Which?",
            "explanation": "Because.",
            "choices": choices,
            "answer": [f"c{index}" for index in range(correct)],
        }
    )


def _error(number: int, answer: str) -> CodeErrorQuestion:
    return CodeErrorQuestion.model_validate(
        {
            "id": f"error-{number}",
            "type": "code_error",
            "topic": "t",
            "difficulty": "beginner",
            "prompt": "What happens?",
            "explanation": "Because.",
            "code": "x = 1",
            "answer": answer,
            "options": ["RuntimeError", "no error"],
        }
    )


def test_the_shipped_bank_meets_every_fairness_limit() -> None:
    assert fairness_findings(QUESTIONS) == []


def test_the_shipped_bank_has_enough_of_each_kind_for_the_limits_to_be_judged() -> None:
    kinds = [type(question) for question in QUESTIONS]
    assert kinds.count(SingleChoiceQuestion) >= 10
    assert kinds.count(MultipleSelectQuestion) >= 8
    assert sum(isinstance(q, CodeErrorQuestion) and bool(q.options) for q in QUESTIONS) >= 10


def test_no_shipped_key_is_much_longer_than_its_longest_distractor() -> None:
    too_long = {
        q.id: round(key_length_ratio(q), 2)
        for q in QUESTIONS
        if isinstance(q, SingleChoiceQuestion) and key_length_ratio(q) > 1.25
    }
    assert too_long == {}


def test_a_bank_whose_keys_are_the_longest_options_is_reported() -> None:
    biased = [_single(n, "a much longer and more careful key", ("short", "brief one")) for n in range(5)]
    findings = fairness_findings(biased)
    assert any("longest option in 5 of 5" in finding for finding in findings)
    assert any(finding.startswith("single-0: the key is") for finding in findings)


def test_keys_of_mixed_lengths_within_the_ratio_pass() -> None:
    fair = [_single(n, "the key, long-ish", ("a distractor that is longer", "short")) for n in range(3)]
    fair += [_single(n + 3, "a key of twenty-two c", ("a distractor of twenty",)) for n in range(2)]
    assert fairness_findings(fair) == []


def test_a_fixed_count_of_correct_options_is_reported() -> None:
    findings = fairness_findings([_select(n, 3) for n in range(4)] + [_select(4, 2), _select(5, 1)])
    assert findings == [
        "4 of 6 multiple-select questions have exactly 3 correct options (at most 50% may share a count)"
    ]
    assert fairness_findings([_select(n, 1 + n % 3) for n in range(6)]) == []


def test_too_many_no_error_keys_are_reported() -> None:
    errors = [_error(n, "no error") for n in range(2)] + [_error(n + 2, "RuntimeError") for n in range(3)]
    (finding,) = fairness_findings(errors)
    assert finding.startswith("'no error' is the key of 2 of 5 code_error questions")
    assert fairness_findings([*errors, _error(5, "RuntimeError")]) == []
