"""``quizapp validate --run`` trains the runs of lab questions and reports each key they disprove."""

from tests.cli.validate_runs import problems_by_place, validate_run
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "lab_keys" / "lab_keys.yaml"


def test_lab_keys_are_checked_against_real_training_at_their_line() -> None:
    result, report = validate_run(FIXTURE)

    found = problems_by_place(report)
    assert result.returncode == 1
    assert sorted(found) == [
        (23, "questions[1].answer"),
        (32, "questions[2].answer_range"),
        (43, "questions[3].answer"),
        (52, "questions[4].answer_range"),
    ]
    # The numbers in the messages are what the runs measured, not what a test expects.
    assert found[(23, "questions[1].answer")].startswith(
        "lab-wrong-run: the key says run 'shallow' has the highest largest_norm, "
        "but it is 'clipped' (clipped="
    )
    assert (
        "the key says clipped_steps is between 20 and 30, but the run measured"
        in found[(32, "questions[2].answer_range")]
    )
    assert "too close to call (seed-zero=" in found[(43, "questions[3].answer")]
    assert found[(52, "questions[4].answer_range")] == (
        "lab-never-diverges: the run never diverged, so it has no diverged_at"
    )
    # Six questions, but runs that are the first steps of a longer one with the same settings
    # train once: rnn-clipped 30 (also its first 10), rnn-unclipped 30, shallow-mlp 30, seed 1.
    assert report["keys"] == {**report["keys"], "questions": 6, "runs": 4, "wrong": 4}
