"""Parameterized questions: values drawn from lists or ranges fill ``{{name}}`` placeholders."""

import math
import random
import re
from typing import Annotated

from pydantic import Field, model_validator

from quizapp.core.model.question_base import StrictModel

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
"""``{{ max_norm }}`` in a prompt or snippet stands for the drawn value of ``max_norm``."""
_MAX_CHOICES = 1000

Value = int | float | str
"""A parameter's value; text is pasted into code as written (e.g. ``float('inf')``)."""


class Parameter(StrictModel):
    """Where one parameter's value is drawn from: a list, or a range with a step."""

    values: Annotated[tuple[Value, ...], Field(min_length=1)] | None = None
    """The values to draw from, e.g. ``[0.5, 1, 5]`` or ``["2.0", "float('inf')"]``."""
    min: float | None = Field(default=None, allow_inf_nan=False)
    """With ``max`` and ``step``: the smallest value of the range."""
    max: float | None = Field(default=None, allow_inf_nan=False)
    """The largest value of the range (included when the steps land on it)."""
    step: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    """The distance between values of the range."""

    @model_validator(mode="after")
    def _one_source(self) -> "Parameter":
        has_range = self.min is not None or self.max is not None
        if (self.values is None) == (not has_range):
            raise ValueError("give either 'values' or a range ('min' and 'max', optionally 'step')")
        if has_range and (self.min is None or self.max is None or self.max < self.min):
            raise ValueError("a range needs 'min' and 'max', with min <= max")
        if has_range and not (self._steps() < _MAX_CHOICES):
            raise ValueError(f"the range holds more than {_MAX_CHOICES} values; use a larger step")
        if self.values is not None and any(
            isinstance(value, float) and not math.isfinite(value) for value in self.values
        ):
            raise ValueError("a value must be a finite number; write text such as \"float('inf')\" for code")
        return self

    def _steps(self) -> float:
        """How many steps fit in the range (infinite when its width overflows a float)."""
        return (float(self.max or 0.0) - float(self.min or 0.0)) / self.step

    def choices(self) -> tuple[Value, ...]:
        """Every value this parameter can take, in order."""
        if self.values is not None:
            return self.values
        low, high = float(self.min or 0.0), float(self.max or 0.0)
        count = int((high - low) / self.step + 1e-9) + 1
        numbers = [round(low + k * self.step, 10) for k in range(min(count, _MAX_CHOICES + 1))]
        whole = all(float(number).is_integer() for number in (low, self.step))
        return tuple(int(number) if whole else number for number in numbers)


def placeholders(text: str) -> set[str]:
    """The parameter names ``text`` refers to."""
    return set(PLACEHOLDER.findall(text))


def draw(parameters: dict[str, Parameter], question_id: str, seed: int | str) -> dict[str, Value]:
    """Draw one value per parameter; the same question id and seed always give the same values."""
    generator = random.Random(f"{question_id}|{seed}")
    return {name: generator.choice(parameters[name].choices()) for name in sorted(parameters)}


def fill(text: str, values: dict[str, Value]) -> str:
    """Replace every ``{{name}}`` in ``text`` by its value, written as Python would read it."""
    return PLACEHOLDER.sub(lambda match: _written(values[match.group(1)]), text)


def _written(value: Value) -> str:
    return value if isinstance(value, str) else repr(value)
