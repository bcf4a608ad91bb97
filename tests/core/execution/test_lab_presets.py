"""The lab's presets reproduce the source material's claims, measured by training with real torch.

Runs are deterministic, so the first ``STEPS`` steps of a preset are the first steps of the
run a learner sees; the tests train only those, to stay within seconds on a loaded CPU.
"""

import functools
import itertools
import math
from dataclasses import replace
from statistics import fmean

import pytest

from quizapp.core.execution.lab import PRESETS, LabSettings, LabStep
from quizapp.core.execution.worker.lab_training import train

STEPS = 100


@functools.cache
def _run(name: str, steps: int = STEPS) -> tuple[LabStep, ...]:
    return tuple(itertools.islice(train(PRESETS[name]), steps))


def _final_loss(steps: tuple[LabStep, ...]) -> float:
    """The mean loss of the last 20 steps (inf when the run blew up)."""
    if not math.isfinite(steps[-1].loss):
        return math.inf
    return fmean(step.loss for step in steps[-20:])


def test_the_unclipped_rnn_blows_up_where_the_clipped_one_does_not() -> None:
    unclipped, clipped = _run("rnn-unclipped"), _run("rnn-clipped")
    assert all(math.isfinite(step.loss) for step in clipped)
    assert _final_loss(unclipped) > 10 * _final_loss(clipped)
    largest_norm = max(step.norm_before for step in unclipped)
    assert not math.isfinite(largest_norm) or largest_norm > 1000 * PRESETS["rnn-clipped"].max_norm


def test_the_clipped_rnn_trains() -> None:
    clipped = _run("rnn-clipped")
    assert _final_loss(clipped) < 0.25 * clipped[0].loss
    assert sum(step.clipped for step in clipped) > len(clipped) / 2  # it needed the clipping


def test_a_tiny_max_norm_leaves_the_loss_well_above_max_norm_one() -> None:
    assert PRESETS["rnn-tiny-max-norm"].max_norm == 0.1
    assert _final_loss(_run("rnn-tiny-max-norm")) > 2 * _final_loss(_run("rnn-clipped"))


def test_clipping_by_value_also_tames_the_rnn() -> None:
    by_value = _run("rnn-by-value")
    assert _final_loss(by_value) < 0.25 * by_value[0].loss
    assert all(step.norm_after < step.norm_before for step in by_value if step.clipped)


def test_the_shallow_mlp_is_rarely_clipped_where_the_rnn_mostly_is() -> None:
    shallow = _run("shallow-mlp", 200)
    assert PRESETS["shallow-mlp"].max_norm == PRESETS["rnn-clipped"].max_norm
    assert sum(step.clipped for step in shallow) < 0.1 * len(shallow)
    assert _final_loss(shallow) < 0.25 * shallow[0].loss


def test_the_deep_mlp_without_normalisation_needs_clipping_at_the_same_learning_rate() -> None:
    unclipped, clipped = _run("deep-mlp-unclipped"), _run("deep-mlp-clipped")
    assert _final_loss(unclipped) > 10 * _final_loss(clipped)
    assert _final_loss(clipped) < 0.25 * clipped[0].loss


@pytest.mark.parametrize("name", ["rnn-clipped", "rnn-tiny-max-norm", "shallow-mlp"])
def test_clip_grad_norm_returns_the_norm_before_clipping(name: str) -> None:
    max_norm = PRESETS[name].max_norm
    for step in _run(name):
        assert step.returned == step.norm_before  # measured separately, with get_total_norm
        if step.clipped:
            assert step.norm_after == pytest.approx(max_norm, rel=1e-4)
            assert step.norm_before > max_norm
        else:
            assert step.norm_after == pytest.approx(step.norm_before, rel=1e-6)


def test_without_clipping_nothing_is_returned_or_clipped() -> None:
    for step in _run("rnn-unclipped"):
        assert step.returned is None
        assert not step.clipped
        assert step.norm_after == step.norm_before or math.isnan(step.norm_before)


def test_the_same_settings_give_the_same_run_and_another_seed_another() -> None:
    settings = LabSettings(model="shallow_mlp", steps=5)
    assert list(train(settings)) == list(train(settings))
    assert list(train(settings)) != list(train(replace(settings, seed=1)))


def test_a_run_that_blows_up_stops_at_its_first_non_finite_loss() -> None:
    unclipped = _run("rnn-unclipped")
    assert len(unclipped) < STEPS
    assert not math.isfinite(unclipped[-1].loss)
    assert all(math.isfinite(step.loss) for step in unclipped[:-1])
