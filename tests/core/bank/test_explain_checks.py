"""validate refuses explain questions a restated prompt could pass, and runs their sample answers."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.grading.answer_rules import grade_explain
from quizapp.core.model.questions import ExplainQuestion
from tests.paths import BANK, BROKEN

HEAD = "title: T\ntopic: t\nquestions:\n  - id: q\n    type: explain\n    difficulty: beginner\n"


def test_a_concept_phrase_in_the_prompt_is_reported_at_the_phrase() -> None:
    path = BROKEN / "explain_phrase_in_prompt.yaml"

    result = load_bank([path])

    assert [(p.path, p.line, p.column, p.field) for p in result.problems] == [
        (str(path), 10, 29, "questions[0].concepts[0].phrases[1]")
    ]
    assert "'stable' is already in the prompt" in result.problems[0].message
    assert "restating the question would earn 'Huge updates make training unstable'" in (
        result.problems[0].message
    )
    assert result.bank.questions == ()


def test_a_sample_that_earns_other_concepts_is_reported_at_the_sample() -> None:
    path = BROKEN / "explain_sample_misses.yaml"

    result = load_bank([path])

    assert [(p.path, p.line, p.column, p.field) for p in result.problems] == [
        (str(path), 15, 9, "questions[0].samples[1]")
    ]
    assert result.problems[0].message == (
        "this sample answer should earn exactly [huge-updates] but earns [stability]: "
        "huge-updates not earned; stability earned though not in hits"
    )


def test_validate_prints_both_problems_with_file_line_and_field() -> None:
    paths = [str(BROKEN / "explain_phrase_in_prompt.yaml"), str(BROKEN / "explain_sample_misses.yaml")]

    result = CliRunner().invoke(main, ["validate", *paths])

    assert result.exit_code == 1
    assert f"{paths[0]}:10:29: questions[0].concepts[0].phrases[1]: the phrase 'stable'" in result.output
    assert f"{paths[1]}:15:9: questions[0].samples[1]: this sample answer should earn" in result.output


def test_a_hit_that_names_no_concept_is_reported_at_the_hit(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        HEAD + "    prompt: Why clip?\n    explanation: e\n    model_answer: m\n"
        "    concepts: [{id: cap, name: cap, phrases: [cap]}]\n"
        "    samples:\n      - answer: It caps the update.\n        hits: [cap, capped]\n"
    )

    problems = load_bank([path]).problems

    assert [(p.line, p.column, p.field) for p in problems] == [(13, 21, "questions[0].samples[0].hits[1]")]
    assert problems[0].message == "'capped' names no concept of this question; its concept ids are cap"


def test_samples_need_an_id_on_every_concept(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        HEAD + "    prompt: Why clip?\n    explanation: e\n    model_answer: m\n"
        "    concepts: [{id: cap, name: cap, phrases: [cap]}, {name: stable, phrases: [stable]}]\n"
        "    samples: [{answer: It caps the update., hits: [cap]}]\n"
    )

    problems = load_bank([path]).problems

    assert [(p.line, p.field) for p in problems] == [(10, "questions[0].concepts[1]")]
    assert "give this concept an id" in problems[0].message


def test_a_prompt_that_shows_two_orders_is_reported_at_the_prompt(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        HEAD + "    prompt: Call backward, then clip, then step. Why this order?\n"
        "    explanation: e\n    model_answer: m\n    concepts:\n"
        "      - {name: after, phrases: [after backward], order: [[backward], [clip]]}\n"
        "      - {name: before, phrases: [before the step], order: [[clip], [step]]}\n"
    )

    problems = load_bank([path]).problems

    assert [(p.line, p.column, p.field) for p in problems] == [(7, 13, "questions[0].prompt")]
    assert "the prompt given back as an answer earns 2 concepts (after; before)" in problems[0].message


def test_an_order_of_one_step_is_refused(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path = write_quiz(
        HEAD + "    prompt: Why clip?\n    explanation: e\n    model_answer: m\n"
        "    concepts: [{name: cap, phrases: [cap], order: [[clip]]}]\n"
    )

    problems = load_bank([path]).problems

    assert [p.field for p in problems] == ["questions[0].concepts[0].order"]
    assert "needs at least 2 steps, found 1" in problems[0].message


SHIPPED = [q for q in load_bank([BANK]).bank.questions if isinstance(q, ExplainQuestion)]


def test_the_shipped_bank_validates_with_its_sample_answers() -> None:
    result = CliRunner().invoke(main, ["validate", str(BANK)])

    assert result.exit_code == 0, result.output
    assert len(SHIPPED) == 7


@pytest.mark.parametrize("question", SHIPPED, ids=[q.id for q in SHIPPED])
def test_every_shipped_explain_question_has_a_full_sample_set(question: ExplainQuestion) -> None:
    hits = [len(sample.hits) for sample in question.samples]
    assert len(question.samples) >= 4
    assert len(question.concepts) in hits  # a good answer earns everything
    assert sum(count <= 1 for count in hits) >= 2  # the prompt restated, a negated answer
    for sample in question.samples:
        assert len(grade_explain(question, sample.answer).found) == len(sample.hits)


def test_a_sample_set_would_catch_a_loosened_concept(tmp_path: Path) -> None:
    """Put back the phrase that let the wrong-order loop answer score: validate notices."""
    source = (BANK / "05-training-loop.yaml").read_text(encoding="utf-8")
    loosened = source.replace("phrases: [after backward,", "phrases: [backward(), after backward,", 1)
    assert loosened != source
    (tmp_path / "loop.yaml").write_text(loosened, encoding="utf-8")

    problems = load_bank([tmp_path / "loop.yaml"]).problems

    assert [p.field.split(".")[-1] for p in problems] == ["samples[1]"]
    assert "clip-after-backward earned though not in hits" in problems[0].message
