"""Live sessions and re-grading share one grading path, so their scores agree answer by answer."""

import random
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.grading.response_grading import AnswerShapeError, NoCodeJudgeError, grade_response
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import (
    QUESTION_CLASSES,
    ExplainQuestion,
    FlashcardQuestion,
    LabPredictionQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.model.variant import Variant, make_variant
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.submissions import read_submission, regrade, write_submission
from quizapp.core.session.quiz_session import Mode, QuizSession
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


@pytest.fixture(scope="module")
def judge(shared_runner: SnippetRunner) -> RunnerJudge:
    return RunnerJudge(shared_runner)


def generated_answer(variant: Variant, rng: random.Random, judge: RunnerJudge) -> object:
    """A right, wrong or partly right answer of the shape the question takes, drawn from ``rng``."""
    question = variant.question
    right = rng.random() < 0.5
    match question:
        case SingleChoiceQuestion():
            return question.answer if right else rng.choice([c.id for c in question.choices])
        case MultipleSelectQuestion():
            ids = [c.id for c in question.choices]
            return list(question.answer) if right else rng.sample(ids, rng.randint(0, len(ids)))
        case TrueFalseQuestion():
            return (
                rng.choice(["yes", "true", True]) if question.answer == right else rng.choice(["no", False])
            )
        case NumericQuestion():
            return repr(question.answer) if right else rng.choice(["1e9", "-3", "not a number"])
        case ShortTextQuestion():
            return question.accepted[0].upper() if right else "something else"
        case CodeOutputQuestion():
            key = judge.variant_key(question, dict(variant.values)) if variant.values else question.answer
            assert key is not None
            return key if right else "tensor(0.)"
        case CodeErrorQuestion():
            return question.answer if right else rng.choice(["ValueError", "no error", "KeyError"])
        case ExplainQuestion():
            half = " ".join(
                concept.phrases[0] for concept in question.concepts[: len(question.concepts) // 2]
            )
            return question.model_answer if right else half
        case FlashcardQuestion():
            return rng.choice(["again", "hard", "good", "easy"])
        case CodeTaskQuestion():
            return question.solution if right else question.starter
        case LabPredictionQuestion() if question.answer_range is not None:
            return f"{question.answer_range.max:g}" if right else rng.choice(["1e9", "-3", "many"])
        case LabPredictionQuestion():
            return question.answer if right else rng.choice([run.id for run in question.runs])


def test_a_whole_quiz_of_generated_answers_scores_the_same_live_and_regraded(
    tmp_path: Path, judge: RunnerJudge
) -> None:
    rng = random.Random(20261202)
    assert {q.type for q in QUESTIONS} == set(QUESTION_CLASSES), "the bank has every question type"
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = QuizSession(
            QUESTIONS,
            mode=Mode.EXAM,
            learner="ada",
            seed=31,
            store=store,
            judge=judge,
            bank=bank_fingerprint(QUESTIONS),
        )
        hinted = 0
        while session.current is not None:
            for _ in range(rng.randint(0, session.hints_left)):
                hinted += session.hint() is not None
            session.answer(generated_answer(session.variant, rng, judge))
            session.next()
        results = session.finish()
        assert session.session_id is not None
        write_submission(store, session.session_id, tmp_path / "ada.json")

    regraded = regrade(read_submission(tmp_path / "ada.json"), QUESTIONS, judge=judge)

    live = {result.question.id: result.points for result in results.questions}
    again = {row.question_id: row.score for row in regraded.rows}
    assert again == live
    # the generated quiz is a real test: it has hints, variants, and right, wrong and partial answers
    assert hinted > 0
    assert any(result.variant.values for result in results.questions)
    points = [result.points / result.max_points for result in results.questions]
    assert 0.0 in points
    assert 1.0 in points
    assert any(0.0 < p < 1.0 for p in points)


def test_a_parameterized_question_is_graded_against_the_learners_own_variant(judge: RunnerJudge) -> None:
    drill = next(q for q in QUESTIONS if isinstance(q, CodeOutputQuestion) and q.parameters)
    variants = [make_variant(drill, learner=name, seed=1) for name in ("ada", "bob", "cy", "dee", "eve")]
    different = next(v for v in variants[1:] if v.values != variants[0].values)
    ada_key = judge.variant_key(drill, dict(variants[0].values))

    mine = grade_response(variants[0], ada_key, hints_used=0, judge=judge)
    theirs = grade_response(different, ada_key, hints_used=0, judge=judge)

    assert mine.grade.correct
    assert mine.variant.key == ada_key
    assert not theirs.grade.correct


def test_hints_cost_points_by_the_one_policy() -> None:
    single = next(q for q in QUESTIONS if isinstance(q, SingleChoiceQuestion))
    variant = make_variant(single, learner="ada", seed=1)

    graded = grade_response(variant, single.answer, hints_used=2, judge=None)

    assert graded.grade.correct
    assert graded.points == pytest.approx(single.points * 0.8)


def test_code_without_a_backend_and_answers_of_the_wrong_shape_are_refused() -> None:
    task = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
    numeric = next(q for q in QUESTIONS if isinstance(q, NumericQuestion))

    with pytest.raises(NoCodeJudgeError):
        grade_response(make_variant(task, learner="a", seed=1), task.solution, hints_used=0, judge=None)
    with pytest.raises(AnswerShapeError):
        grade_response(make_variant(numeric, learner="a", seed=1), ["1"], hints_used=0, judge=None)
