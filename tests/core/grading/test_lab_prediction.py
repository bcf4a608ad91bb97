"""Lab predictions: grading tables, the key as text, and how runs are measured and keys judged."""

import math
from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.execution.lab import PRESETS, LabStep
from quizapp.core.grading.answer_display import answer_text, key_text
from quizapp.core.grading.answer_rules import grade_answer
from quizapp.core.grading.lab_outcomes import FINAL_STEPS, key_problem, measure_run
from quizapp.core.model.lab_prediction import LabPredictionQuestion
from quizapp.core.model.questions import Question
from quizapp.core.model.variant import make_variant

COMMON = "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\ntype: lab_prediction\nprompt: p\n"


def question(fields: str) -> Any:
    return TypeAdapter(Question).validate_python(read_yaml(COMMON + fields).value)


WHICH = question(
    "runs:\n  - {id: clipped, preset: rnn-clipped, text: Clipped, feedback: It trains.}\n"
    "  - {id: unclipped, preset: rnn-unclipped, steps: 50, text: Unclipped}\n"
    "measure: final_loss\nanswer: clipped\n"
)
HOW_MANY = question(
    "runs: [{id: clipped, preset: rnn-clipped, steps: 100}]\nmeasure: clipped_steps\n"
    "answer_range: {min: 75, max: 100}\n"
)


@pytest.mark.parametrize(
    ("item", "answer", "fraction", "feedback"),
    [
        (WHICH, "clipped", 1.0, "It trains."),
        (WHICH, " clipped ", 1.0, "It trains."),
        (WHICH, "unclipped", 0.0, ""),
        (WHICH, "both", 0.0, "'both' is not one of the runs."),
        (HOW_MANY, "75", 1.0, ""),
        (HOW_MANY, "100", 1.0, ""),
        (HOW_MANY, "9.4e1", 1.0, ""),
        (HOW_MANY, "74.9", 0.0, ""),
        (HOW_MANY, "101", 0.0, ""),
        (HOW_MANY, "most", 0.0, "'most' is not a number."),
    ],
)
def test_grading(item: LabPredictionQuestion, answer: str, fraction: float, feedback: str) -> None:
    grade = grade_answer(item, answer)
    assert (grade.fraction, grade.feedback) == (fraction, feedback)


def test_the_key_and_answers_read_as_the_learner_saw_them() -> None:
    assert key_text(WHICH) == "Clipped"
    assert key_text(HOW_MANY) == "between 75 and 100"
    assert answer_text(WHICH, "unclipped") == "Unclipped"
    assert answer_text(HOW_MANY, "80") == "80"


def test_the_runs_are_the_choices_in_a_shuffled_order_and_a_range_has_none() -> None:
    orders = {
        tuple(c.id for c in make_variant(WHICH, learner="ada", seed=seed).choices) for seed in range(20)
    }
    assert orders == {("clipped", "unclipped"), ("unclipped", "clipped")}
    assert make_variant(HOW_MANY, learner="ada", seed=1).choices == ()


def test_a_run_is_its_preset_with_the_changes_and_a_command_that_trains_it() -> None:
    clipped, unclipped = WHICH.experiment()
    assert clipped == PRESETS["rnn-clipped"]
    assert unclipped.steps == 50
    assert unclipped.clipping == "none"
    assert WHICH.runs[1].command() == "quizapp lab --plain --preset rnn-unclipped --steps 50"


def _steps(losses: list[float], norms: list[float], clipped: list[bool]) -> list[LabStep]:
    return [
        LabStep(number, loss, norm, min(norm, 1.0), was_clipped)
        for number, (loss, norm, was_clipped) in enumerate(zip(losses, norms, clipped, strict=True), start=1)
    ]


def test_runs_are_measured_as_the_questions_say() -> None:
    losses = [float(number) for number in range(20, 0, -1)]  # 20, 19, ..., 1
    steady = _steps(losses, [0.5, 3.0] * 10, [False, True] * 10)
    assert measure_run(steady, "final_loss") == pytest.approx(sum(range(1, FINAL_STEPS + 1)) / FINAL_STEPS)
    assert measure_run(steady, "clipped_steps") == 10
    assert measure_run(steady, "largest_norm") == 3.0
    assert measure_run(steady, "diverged_at") is None
    blown = _steps([1.0, 5e6, math.nan], [3.0, 1e8, math.nan], [False] * 3)
    assert measure_run(blown, "final_loss") == math.inf
    assert measure_run(blown, "largest_norm") == math.inf
    assert measure_run(blown, "diverged_at") == 3


@pytest.mark.parametrize(
    ("item", "measured", "problem"),
    [
        (WHICH, {"clipped": 0.1, "unclipped": math.inf}, None),
        (WHICH, {"clipped": 0.5, "unclipped": 0.1}, "the key says run 'clipped' has the lowest final_loss"),
        (WHICH, {"clipped": 0.10, "unclipped": 0.11}, "too close to call (clipped=0.1, unclipped=0.11)"),
        (WHICH, {"clipped": math.inf, "unclipped": math.inf}, "too close to call"),
        (HOW_MANY, {"clipped": 94.0}, None),
        (
            HOW_MANY,
            {"clipped": 60.0},
            "the key says clipped_steps is between 75 and 100, but the run measured 60",
        ),
        (HOW_MANY, {"clipped": None}, "the run never diverged"),
    ],
)
def test_keys_are_judged_against_what_the_runs_measured(
    item: LabPredictionQuestion, measured: dict[str, float | None], problem: str | None
) -> None:
    found = key_problem(item, measured)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_highest_picks_the_run_with_the_larger_measure_and_never_diverging_counts_as_latest() -> None:
    later = question(
        "runs:\n  - {id: a, preset: rnn-clipped, text: A}\n  - {id: b, preset: rnn-unclipped, text: B}\n"
        "measure: diverged_at\npick: highest\nanswer: a\n"
    )
    assert key_problem(later, {"a": None, "b": 3.0}) is None
    assert key_problem(later, {"a": 3.0, "b": None}) is not None
