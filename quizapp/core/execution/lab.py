"""The clipping lab's plain description of a training run and of its steps (no torch here).

A ``LabSettings`` says what the worker trains (a model on seeded synthetic data), how it
clips and for how long; the worker answers with one ``LabStep`` per optimizer step. Both
travel as JSON (``to_json`` / ``from_json``); ``PRESETS`` are the runs that reproduce the
source material's claims (``tests/core/execution/test_lab_presets.py`` checks each with torch).
"""

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, get_args

from quizapp.core.errors import QuizAppError
from quizapp.core.seeds import SEED_LIMIT

LabModel = Literal["deep_rnn", "shallow_mlp", "deep_mlp"]
Clipping = Literal["none", "norm", "value"]
LabDevice = Literal["cpu", "cuda"]

MODELS: dict[LabModel, str] = {
    "deep_rnn": "deep RNN over long sequences",
    "shallow_mlp": "shallow MLP",
    "deep_mlp": "deep MLP without normalisation",
}
"""Each model the lab trains, as a learner reads it."""
CLIPPINGS: dict[Clipping, str] = {
    "none": "no clipping",
    "norm": "clip_grad_norm_",
    "value": "clip_grad_value_",
}
"""Each way of clipping, as a learner reads it."""
MAX_STEPS = 2000
FLOAT32_MAX = 3.4028234663852886e38
"""The largest number torch's float32 holds: a larger learning rate or limit stops the run in torch."""
MAX_NORM_TYPE = 10.0
"""The largest finite ``norm_type``: above it, float32 powers of a gradient's entries overflow
or underflow, so the lab would show ``inf`` or 0 instead of the norm (use ``inf`` there)."""


class LabSettingsError(QuizAppError):
    """A lab run was described with a value it cannot take (a usage error)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class LabSettings:
    """One training run of the lab: what is trained, how it clips, and for how long."""

    model: LabModel = "deep_rnn"
    clipping: Clipping = "norm"
    max_norm: float = 1.0
    """``clip_grad_norm_``'s ``max_norm`` (clipping ``norm``)."""
    norm_type: float = 2.0
    """The norm measured (and clipped, with clipping ``norm``): 1 to ``MAX_NORM_TYPE``, or ``inf``."""
    clip_value: float = 0.5
    """``clip_grad_value_``'s ``clip_value`` (clipping ``value``)."""
    lr: float = 0.2
    """The learning rate of plain SGD."""
    steps: int = 200
    device: LabDevice = "cpu"
    seed: int = 0
    """Seeds the data and the initial weights: the same settings give the same run."""

    def __post_init__(self) -> None:
        """Refuse values the run cannot take, with a message for a person."""
        if self.model not in get_args(LabModel):
            raise LabSettingsError(f"unknown lab model {self.model!r}; choose one of {', '.join(MODELS)}")
        if self.clipping not in get_args(Clipping):
            raise LabSettingsError(
                f"unknown clipping {self.clipping!r}; choose one of {', '.join(CLIPPINGS)}"
            )
        if self.device not in get_args(LabDevice):
            raise LabSettingsError(f"the lab runs on cpu or cuda, not {self.device!r}")
        if not 1 <= self.steps <= MAX_STEPS:
            raise LabSettingsError(f"steps must be between 1 and {MAX_STEPS}, not {self.steps}")
        for name, value in (
            ("the learning rate", self.lr),
            ("max_norm", self.max_norm),
            ("clip_value", self.clip_value),
        ):
            if not value > 0:  # nan too
                raise LabSettingsError(f"{name} must be a number above 0, not {value}")
            if value > FLOAT32_MAX:
                raise LabSettingsError(
                    f"{name} must be at most {FLOAT32_MAX:.4g} (the largest float32 torch holds), not {value}"
                )
        if not (self.norm_type == math.inf or 1 <= self.norm_type <= MAX_NORM_TYPE):
            raise LabSettingsError(
                f"norm_type must be a number from 1 to {MAX_NORM_TYPE:g}, or inf, not {self.norm_type}"
            )
        if not 0 <= self.seed < SEED_LIMIT:
            raise LabSettingsError(f"the seed must be a whole number from 0 to 2**63-1, not {self.seed}")

    @property
    def label(self) -> str:
        """A short name for the run: model, clipping and learning rate."""
        match self.clipping:
            case "norm":
                norm = "" if self.norm_type == 2 else f", norm_type={self.norm_type:g}"
                clip = f"max_norm={self.max_norm:g}{norm}"
            case "value":
                clip = f"clip_value={self.clip_value:g}"
            case _:
                clip = "no clipping"
        return f"{self.model} · {clip} · lr={self.lr:g}"

    def to_json(self) -> dict[str, Any]:
        """The settings as a JSON-ready mapping (``inf`` as the string ``"inf"``)."""
        data = asdict(self)
        if math.isinf(self.norm_type):
            data["norm_type"] = "inf"
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LabSettings":
        """Rebuild settings from ``to_json``'s mapping.

        Raises:
            LabSettingsError: A field is missing, unknown or out of range.
        """
        known = set(cls.__dataclass_fields__)
        if not isinstance(data, dict) or set(data) - known:
            raise LabSettingsError(f"lab settings take only {', '.join(sorted(known))}")
        fields: dict[str, Any] = dict(data)
        try:
            for name in ("max_norm", "norm_type", "clip_value", "lr"):
                if name in data:
                    fields[name] = float(data[name])
            for name in ("steps", "seed"):
                if name in data:
                    fields[name] = int(data[name])
        except (TypeError, ValueError) as error:
            raise LabSettingsError(f"lab settings hold a value that is not a number: {error}") from None
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class LabStep:
    """What one optimizer step of a lab run measured."""

    step: int
    """1 for the first step."""
    loss: float
    """The loss of this step's batch; ``inf`` or ``nan`` when training blew up (the run's last step)."""
    norm_before: float
    """The total gradient norm (of ``norm_type``) after ``backward``, before clipping."""
    norm_after: float
    """The same norm after clipping (equal to ``norm_before`` without clipping)."""
    clipped: bool
    """Whether clipping changed the gradients at this step."""
    returned: float | None = None
    """What ``clip_grad_norm_`` returned (clipping ``norm`` only)."""

    def to_json(self) -> dict[str, Any]:
        """The step as a JSON-ready mapping (non-finite numbers as Python's json writes them)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LabStep":
        """Rebuild a step from ``to_json``'s mapping.

        Raises:
            ValueError: A field is missing or of the wrong kind.
        """
        returned = data.get("returned")
        return cls(
            step=int(data["step"]),
            loss=float(data["loss"]),
            norm_before=float(data["norm_before"]),
            norm_after=float(data["norm_after"]),
            clipped=bool(data["clipped"]),
            returned=None if returned is None else float(returned),
        )


def non_finite_norm(step: LabStep, clipping: str) -> str:
    """A clause for a step whose gradient norm was ``inf`` or ``nan``, or "" when it was finite.

    No clipping brings such a norm back: ``clip_grad_norm_`` scales every gradient by
    ``max_norm / nan`` (or by 0, and ``inf * 0`` is ``nan``) and ``clip_grad_value_`` leaves
    ``nan`` as it is. A step counted as clipped there did not save the run, and a run that
    clips says so; one without clipping only gives the norm.
    """
    if math.isfinite(step.norm_before):
        return ""
    if clipping == "none":
        return f", gradient norm {step.norm_before}"
    return f", gradient norm {step.norm_before}, which clipping cannot make finite"


_RNN = LabSettings(model="deep_rnn", steps=200)
PRESETS: dict[str, LabSettings] = {
    "rnn-unclipped": replace(_RNN, clipping="none"),
    "rnn-clipped": replace(_RNN, clipping="norm", max_norm=1.0),
    "rnn-tiny-max-norm": replace(_RNN, clipping="norm", max_norm=0.1),
    "rnn-by-value": replace(_RNN, clipping="value", clip_value=0.1),
    "shallow-mlp": LabSettings(model="shallow_mlp", clipping="norm", max_norm=1.0, lr=0.2, steps=200),
    "deep-mlp-unclipped": LabSettings(model="deep_mlp", clipping="none", lr=0.05, steps=200),
    "deep-mlp-clipped": LabSettings(model="deep_mlp", clipping="norm", max_norm=1.0, lr=0.05, steps=200),
}
"""Named runs a learner can start at once; the tests check each claim they stand for."""


def preset(name: str) -> LabSettings:
    """The preset called ``name``.

    Raises:
        LabSettingsError: There is no such preset.
    """
    try:
        return PRESETS[name]
    except KeyError:
        raise LabSettingsError(f"no lab preset {name!r}; choose one of {', '.join(PRESETS)}") from None


CSV_HEADER = "step,loss,norm_before,norm_after,clipped,returned"


def steps_csv(steps: Iterable[LabStep]) -> str:
    """A run's steps as CSV (one row per step), for people who want their own plots."""
    rows = [CSV_HEADER]
    for step in steps:
        returned = "" if step.returned is None else repr(step.returned)
        rows.append(
            f"{step.step},{step.loss!r},{step.norm_before!r},{step.norm_after!r},{int(step.clipped)},{returned}"
        )
    return "\n".join(rows) + "\n"


def steps_from_csv(text: str) -> list[LabStep]:
    """Read back the steps ``steps_csv`` wrote (a recorded run, to draw or compare again).

    Raises:
        LabSettingsError: The text is not such a CSV (its header or a row is off).
    """
    lines = text.strip().splitlines()
    if not lines or lines[0] != CSV_HEADER:
        raise LabSettingsError(f"a lab CSV starts with the line {CSV_HEADER!r}")
    steps = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            step, loss, before, after, clipped, returned = line.split(",")
            steps.append(
                LabStep(
                    int(step),
                    float(loss),
                    float(before),
                    float(after),
                    clipped == "1",
                    float(returned) if returned else None,
                )
            )
        except ValueError:
            raise LabSettingsError(f"line {number} of the lab CSV is not a step: {line!r}") from None
    return steps
