"""Multiple select: guessing earns nothing, and an LMS export scores every pick as quizapp does."""

import itertools
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.loaded_bank import Bank, LoadedQuiz
from quizapp.core.exchange.export_plan import plan_export
from quizapp.core.exchange.gift import write_gift
from quizapp.core.exchange.gift_reader import read_gift
from quizapp.core.exchange.items import ChoiceItem
from quizapp.core.exchange.moodle_xml import write_moodle_xml
from quizapp.core.grading.answer_rules import grade_multiple_select, score
from quizapp.core.model.questions import MultipleSelectQuestion
from quizapp.core.model.quiz_file import QuizFile
from tests.paths import BANK


@pytest.fixture(scope="module")
def selects() -> tuple[MultipleSelectQuestion, ...]:
    loaded = load_bank([BANK])
    assert loaded.ok
    found = tuple(q for q in loaded.bank.questions if isinstance(q, MultipleSelectQuestion))
    assert found
    return found


def _question(selects: tuple[MultipleSelectQuestion, ...], question_id: str) -> MultipleSelectQuestion:
    return next(question for question in selects if question.id == question_id)


def test_choosing_every_option_of_none_grad_facts_earns_nothing(
    selects: tuple[MultipleSelectQuestion, ...],
) -> None:
    question = _question(selects, "none-grad-facts")  # 4 right of 6
    grade = grade_multiple_select(question, [choice.id for choice in question.choices])
    assert score(question.points, grade) == 0.0
    assert grade.feedback == (
        "4 of 4 right choices picked, 2 of 2 wrong ones (each right pick earns 1/4 of the points,"
        " each wrong pick costs 1/2 of the points, never below 0)."
    )


@pytest.mark.parametrize(
    ("picked", "fraction"),
    [
        (["skipped", "no-contribution", "stays-none", "all-frozen-zero"], 1.0),
        ([], 0.0),
        (["skipped", "no-contribution", "stays-none"], 0.75),
        (["skipped", "no-contribution", "stays-none", "all-frozen-zero", "raises"], 0.5),
        (["skipped", "raises"], 0.0),
        (["raises", "zero-filled"], 0.0),
    ],
)
def test_each_right_pick_earns_one_over_k_and_each_wrong_one_costs_one_over_n_minus_k(
    selects: tuple[MultipleSelectQuestion, ...], picked: list[str], fraction: float
) -> None:
    grade = grade_multiple_select(_question(selects, "none-grad-facts"), picked)
    assert grade.fraction == pytest.approx(fraction)
    assert grade.correct == (fraction == 1.0)


def test_on_every_shipped_question_all_none_and_random_guessing_earn_nothing(
    selects: tuple[MultipleSelectQuestion, ...],
) -> None:
    for question in selects:
        ids = [choice.id for choice in question.choices]
        assert grade_multiple_select(question, ids).fraction == 0.0, question.id
        assert grade_multiple_select(question, []).fraction == 0.0, question.id
        assert grade_multiple_select(question, question.answer).fraction == 1.0, question.id
        # Before the floor at 0, a pick of each choice by a fair coin is worth 0 on average.
        key = set(question.answer)
        credit, penalty = 1 / len(key), 1 / (len(ids) - len(key))
        expected = sum(0.5 * (credit if choice in key else -penalty) for choice in ids)
        assert expected == pytest.approx(0.0), question.id


def test_the_feedback_of_a_question_with_one_right_choice_says_all_the_points() -> None:
    question = MultipleSelectQuestion.model_validate(
        {
            "id": "q",
            "topic": "t",
            "difficulty": "beginner",
            "explanation": "e",
            "type": "multiple_select",
            "prompt": "p",
            "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
            "answer": ["a"],
        }
    )
    grade = grade_multiple_select(question, ["b"])
    assert grade.fraction == 0.0
    assert grade.feedback == (
        "0 of 1 right choices picked, 1 of 2 wrong ones (each right pick earns all the points,"
        " each wrong pick costs 1/2 of the points, never below 0)."
    )


class _NoSnippets:
    """A runner for a bank with no executable question: nothing to run."""

    def wait_ready(self) -> dict[str, str]:
        return {"torch_version": "0.0+none"}

    def resolve_device(self, device: str) -> str:
        return "cpu"

    def run_many(self, snippets: list[Any]) -> list[Any]:
        assert not snippets
        return []


def _lms_score(fractions: dict[str, float], picked: tuple[str, ...]) -> float:
    """How Moodle (and a GIFT import) scores a multiple-answer pick: the sum, floored at 0."""
    return max(0.0, sum(fractions[choice] for choice in picked))


def test_moodle_and_gift_exports_score_every_pick_as_quizapp_does(
    selects: tuple[MultipleSelectQuestion, ...],
) -> None:
    quiz = QuizFile(title="Selects", questions=selects)
    runner: Any = _NoSnippets()
    plan = plan_export(Bank((LoadedQuiz("selects.yaml", quiz, ""),)), runner, variants=1)
    xml = SafeET.fromstring(write_moodle_xml(plan).data)
    moodle = {
        str(element.findtext("name/text")): [
            float(a.get("fraction", "")) / 100 for a in element.findall("answer")
        ]
        for element in xml.findall("question")
        if element.get("type") == "multichoice"
    }
    gift_items, _ = read_gift(write_gift(plan).data.decode())
    gift = {
        item.head.id: [o.fraction for o in item.options]
        for item in gift_items
        if isinstance(item, ChoiceItem)
    }
    for question in selects:
        ids = [choice.id for choice in question.choices]
        for written in (moodle[question.id], gift[question.id]):
            fractions = dict(zip(ids, written, strict=True))
            assert sum(f for f in written if f > 0) == pytest.approx(1.0, abs=1e-5)
            for size in range(len(ids) + 1):
                for picked in itertools.combinations(ids, size):
                    ours = grade_multiple_select(question, picked).fraction
                    assert _lms_score(fractions, picked) == pytest.approx(ours, abs=1e-5), (
                        question.id,
                        picked,
                    )
