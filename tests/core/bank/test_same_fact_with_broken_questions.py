"""``same_fact_as`` is checked alongside other problems, and never blames an id a broken question holds."""

from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank

QUIZ = """title: sf
topic: sf-t
questions:
  - id: sf-one
    type: true_false
    difficulty: beginner
    prompt: p
    answer: true
    explanation: e
    same_fact_as: [{names}]
  - id: co-two
    type: code_output
    difficulty: beginner
    prompt: "{{{{x}}}}"
    code: print(1)
    answer: "1"
    explanation: e
"""


def test_a_same_fact_problem_is_reported_with_the_schema_problems_of_other_questions(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(QUIZ.format(names="ghost"), encoding="utf-8")

    load = load_bank([tmp_path], salvage=True)

    assert sorted((p.field, p.message) for p in load.problems) == [
        ("questions[0].same_fact_as[0]", "no question of the bank has the id 'ghost'"),
        ("questions[1]", "the placeholder {{x}} names no parameter"),
    ]


@pytest.mark.parametrize("salvage", [True, False])
def test_naming_a_question_that_has_problems_is_no_problem_of_its_own(tmp_path: Path, salvage: bool) -> None:
    (tmp_path / "q.yaml").write_text(QUIZ.format(names="co-two"), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(
        QUIZ.format(names="co-two").replace("sf-one", "sf-three").replace("co-two\n", "co-four\n"),
        encoding="utf-8",
    )

    load = load_bank([tmp_path], salvage=salvage)

    assert [p.message for p in load.problems if "same_fact_as" in p.field] == []
