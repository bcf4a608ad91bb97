"""The lab's settings and steps: what they refuse, and their JSON form (no torch)."""

import json
import math

import pytest

from quizapp.core.execution.lab import PRESETS, LabSettings, LabSettingsError, LabStep, preset


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"model": "transformer"}, "unknown lab model"),
        ({"clipping": "sometimes"}, "unknown clipping"),
        ({"device": "tpu"}, "cpu or cuda"),
        ({"steps": 0}, "steps must be between"),
        ({"lr": 0.0}, "learning rate"),
        ({"lr": math.nan}, "learning rate"),
        ({"max_norm": -1.0}, "max_norm"),
        ({"clip_value": 0.0}, "clip_value"),
        ({"norm_type": -2.0}, "norm_type"),
        ({"seed": -1}, "seed must be a whole number from 0 to 2"),
        ({"seed": 2**63}, "seed must be a whole number from 0 to 2"),
    ],
)
def test_settings_refuse_what_a_run_cannot_take(fields: dict[str, object], words: str) -> None:
    with pytest.raises(LabSettingsError, match=words):
        LabSettings(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("settings", [*PRESETS.values(), LabSettings(norm_type=math.inf)])
def test_settings_survive_json(settings: LabSettings) -> None:
    assert LabSettings.from_json(json.loads(json.dumps(settings.to_json()))) == settings


def test_settings_from_json_refuse_unknown_fields_and_non_numbers() -> None:
    with pytest.raises(LabSettingsError, match="take only"):
        LabSettings.from_json({"model": "deep_rnn", "layers": 9})
    with pytest.raises(LabSettingsError, match="not a number"):
        LabSettings.from_json({"lr": "fast"})


def test_a_step_with_non_finite_numbers_survives_json() -> None:
    step = LabStep(3, loss=math.inf, norm_before=math.nan, norm_after=math.nan, clipped=True, returned=1.5)
    back = LabStep.from_json(json.loads(json.dumps(step.to_json())))
    assert back.loss == math.inf
    assert math.isnan(back.norm_before)
    assert (back.step, back.clipped, back.returned) == (3, True, 1.5)


def test_labels_name_the_clipping() -> None:
    assert preset("rnn-tiny-max-norm").label == "deep_rnn · max_norm=0.1 · lr=0.2"
    assert preset("rnn-unclipped").label == "deep_rnn · no clipping · lr=0.2"
    assert "norm_type=inf" in LabSettings(norm_type=math.inf).label
    with pytest.raises(LabSettingsError, match="no lab preset"):
        preset("nope")
