"""The lab prediction question: guess what a clipping-lab experiment does, then watch it happen.

The question names its experiment (one or more lab runs, each a preset with some of its
settings changed) and what is measured of it. The learner either picks the run that ends
lowest or highest (a choice), or gives a number in the range the key allows.
``quizapp validate --run`` trains every run in the worker and checks the key against what
really happened (``quizapp.core.grading.lab_outcomes``).
"""

from dataclasses import replace
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, ValidationInfo, field_validator, model_validator

from quizapp.core.execution.lab import PRESETS, Clipping, LabModel, LabSettings, LabSettingsError
from quizapp.core.model.fields import NonEmptyText, Slug, Text, at_least
from quizapp.core.model.question_base import PromptedQuestion, StrictModel

LabMeasure = Literal["final_loss", "clipped_steps", "largest_norm", "diverged_at"]
"""What is measured of a run: the mean loss of its last ``FINAL_STEPS`` steps (inf once it
diverged), how many steps were clipped, the largest gradient norm before clipping, or the
step whose loss first turned inf or nan."""
MAX_QUESTION_STEPS = 400
"""The most steps a lab question's run may take, so that ``validate --run`` stays quick."""
_CHANGES = ("model", "clipping", "max_norm", "norm_type", "clip_value", "lr", "steps", "seed")
"""The settings a run may change of its preset, in the order ``quizapp lab`` takes them."""


class LabRun(StrictModel):
    """One training run of an experiment: a lab preset, with any of its settings changed."""

    id: Slug
    """A short name for the run; the ``answer`` of a choice question names one."""
    preset: NonEmptyText
    """The lab preset it starts from (``quizapp lab --help`` lists them), e.g. ``rnn-clipped``."""
    text: NonEmptyText | None = None
    """The run as a choice the learner reads (Markdown); needed when the question has an ``answer``."""
    feedback: Text | None = None
    """Shown when the learner picks this run: why it is right or wrong."""
    model: LabModel | None = None
    """Train another model than the preset's: deep_rnn, shallow_mlp or deep_mlp."""
    clipping: Clipping | None = None
    """Clip otherwise than the preset: none, norm or value."""
    max_norm: float | None = None
    """``clip_grad_norm_``'s ``max_norm``."""
    norm_type: float | None = None
    """The norm measured and clipped (1, 2, ``.inf``…)."""
    clip_value: float | None = None
    """``clip_grad_value_``'s ``clip_value``."""
    lr: float | None = None
    """The learning rate of plain SGD."""
    steps: StrictInt | None = None
    """Optimizer steps (at most 400)."""
    seed: StrictInt | None = None
    """Seeds the data and the initial weights."""

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, preset: str) -> str:
        if preset not in PRESETS:
            raise ValueError(f"no lab preset {preset!r}; the presets are {', '.join(PRESETS)}")
        return preset

    @field_validator(*_CHANGES)
    @classmethod
    def _lab_takes_it(cls, value: Any, info: ValidationInfo) -> Any:
        """A changed setting must be one the lab can take (checked on the preset, one at a time)."""
        preset = info.data.get("preset")
        if value is None or preset is None:  # no change, or the preset is reported already
            return value
        try:
            replace(PRESETS[preset], **{str(info.field_name): value})
        except LabSettingsError as error:
            raise ValueError(str(error)) from None
        if info.field_name == "steps" and isinstance(value, int) and value > MAX_QUESTION_STEPS:
            raise ValueError(
                f"a lab question's run takes at most {MAX_QUESTION_STEPS} steps, so that "
                f"validate --run stays quick; this one takes {value}"
            )
        return value

    def settings(self) -> LabSettings:
        """The lab run this describes: its preset with the changes applied (on the CPU).

        Raises:
            ValueError: A changed value is one the lab cannot take (its message says which).
        """
        changes = {name: getattr(self, name) for name in _CHANGES if getattr(self, name) is not None}
        try:
            return replace(PRESETS[self.preset], **changes)
        except LabSettingsError as error:
            raise ValueError(str(error)) from None

    def command(self) -> str:
        """The ``quizapp lab`` command that runs this experiment in plain lines."""
        words = ["quizapp", "lab", "--plain", "--preset", self.preset]
        for name in _CHANGES:
            value = getattr(self, name)
            if value is not None:
                written = f"{value:g}" if isinstance(value, float) else str(value)
                words += [f"--{name.replace('_', '-')}", written]
        return " ".join(words)


class NumberRange(StrictModel):
    """The numbers that count as a right prediction, both ends included."""

    min: float = Field(allow_inf_nan=False)
    """The smallest right number."""
    max: float = Field(allow_inf_nan=False)
    """The largest right number."""

    @model_validator(mode="after")
    def _ordered(self) -> "NumberRange":
        if self.max < self.min:
            raise ValueError(f"min ({self.min:g}) must not be above max ({self.max:g})")
        return self


class LabPredictionQuestion(PromptedQuestion):
    """Predict what a clipping-lab experiment does; ``validate --run`` trains it to prove the key."""

    type: Literal["lab_prediction"]
    """The question type."""
    runs: Annotated[tuple[LabRun, ...], *at_least(1, "run"), Field(max_length=4)]
    """The experiment: one run, or up to four to compare."""
    measure: LabMeasure
    """What is measured of each run: ``final_loss`` (mean loss of the last 10 steps, inf once
    it diverged), ``clipped_steps``, ``largest_norm`` (before clipping) or ``diverged_at``."""
    pick: Literal["lowest", "highest"] = "lowest"
    """With ``answer``: whether the right run is the one whose measure is lowest or highest."""
    answer: Slug | None = None
    """The id of the run whose measure is lowest (or highest, see ``pick``): the learner picks
    among the runs' ``text``. Give this or ``answer_range``."""
    answer_range: NumberRange | None = None
    """The numbers that count as right for the measure of the one run, e.g.
    ``{min: 75, max: 100}``. Give this or ``answer``."""
    shuffle: StrictBool = True
    """Show the runs in a random order (with ``answer``)."""

    @field_validator("runs")
    @classmethod
    def _run_ids_unique(cls, runs: tuple[LabRun, ...]) -> tuple[LabRun, ...]:
        seen: set[str] = set()
        for run in runs:
            if run.id in seen:
                raise ValueError(f"run id {run.id!r} is used twice")
            seen.add(run.id)
        return runs

    @model_validator(mode="after")
    def _one_kind_of_answer(self) -> "LabPredictionQuestion":
        if (self.answer is None) == (self.answer_range is None):
            raise ValueError("give either 'answer' (a run's id) or 'answer_range' (min and max)")
        if self.answer_range is not None and len(self.runs) != 1:
            raise ValueError(f"'answer_range' measures one run; this experiment has {len(self.runs)}")
        if self.answer is not None:
            ids = [run.id for run in self.runs]
            if len(ids) < 2:
                raise ValueError("'answer' picks one of several runs; give at least two runs")
            if self.answer not in ids:
                raise ValueError(f"answer {self.answer!r} names no run; the runs are {', '.join(ids)}")
            untitled = [run.id for run in self.runs if run.text is None]
            if untitled:
                raise ValueError(
                    f"each run is a choice, so each needs a 'text'; {', '.join(untitled)} has none"
                )
        return self

    def experiment(self) -> tuple[LabSettings, ...]:
        """The runs as lab settings, in the order written."""
        return tuple(run.settings() for run in self.runs)
