"""The lab's settings refuse numbers float32 cannot hold and norm types it cannot measure (no torch)."""

import math

import pytest

from quizapp.core.execution.lab import FLOAT32_MAX, MAX_NORM_TYPE, LabSettings, LabSettingsError


@pytest.mark.parametrize("field", ["lr", "max_norm", "clip_value"])
@pytest.mark.parametrize("value", [1e39, 1e308, math.inf])
def test_a_number_past_float32_is_refused_before_torch_sees_it(field: str, value: float) -> None:
    with pytest.raises(LabSettingsError) as refused:
        LabSettings(**{field: value})  # type: ignore[arg-type]
    name = "the learning rate" if field == "lr" else field
    assert str(refused.value) == (
        f"{name} must be at most 3.403e+38 (the largest float32 torch holds), not {value}"
    )


@pytest.mark.parametrize("field", ["lr", "max_norm", "clip_value"])
def test_the_largest_float32_itself_is_taken(field: str) -> None:
    assert getattr(LabSettings(**{field: FLOAT32_MAX}), field) == FLOAT32_MAX  # type: ignore[arg-type]


@pytest.mark.parametrize("norm_type", [1e-320, 0.5, 0.0, -2.0, 10.5, 1e30, -math.inf, math.nan])
def test_a_norm_type_the_lab_cannot_measure_is_refused(norm_type: float) -> None:
    with pytest.raises(LabSettingsError) as refused:
        LabSettings(norm_type=norm_type)
    assert str(refused.value) == f"norm_type must be a number from 1 to 10, or inf, not {norm_type}"


@pytest.mark.parametrize("norm_type", [1.0, 1.5, 2.0, MAX_NORM_TYPE, math.inf])
def test_the_norms_the_lab_measures_are_taken(norm_type: float) -> None:
    assert LabSettings(norm_type=norm_type).norm_type == norm_type


def test_settings_from_json_hold_to_the_same_limits() -> None:
    with pytest.raises(LabSettingsError, match=r"the learning rate must be at most 3\.403e"):
        LabSettings.from_json({"lr": "1e39"})
    with pytest.raises(LabSettingsError, match="norm_type must be a number from 1 to 10"):
        LabSettings.from_json({"norm_type": 1e-320})
