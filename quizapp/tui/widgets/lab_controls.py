"""The lab's choices: model, clipping, max_norm, norm_type, clip_value, learning rate, steps, device."""

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Input, Select

from quizapp.core.execution.lab import CLIPPINGS, LabModel, LabSettings, LabSettingsError
from quizapp.core.grading.answer_size import quoted

SHORT_MODELS: dict[LabModel, str] = {
    "deep_rnn": "deep RNN, long seqs",
    "shallow_mlp": "shallow MLP",
    "deep_mlp": "deep MLP, no norm",
}
"""The models, named to fit the form."""

_NUMBERS = (
    ("max-norm", "max_norm"),
    ("norm-type", "norm_type"),
    ("clip-value", "clip_value"),
    ("lr", "lr"),
    ("steps", "steps"),
)
"""Each number field's id and the settings field it fills."""


class LabControls(VerticalScroll, can_focus=False):
    """A form for one lab run; ``settings()`` reads it (never starts anything itself)."""

    DEFAULT_CSS = """
    LabControls { width: 33; padding: 0 1 0 0; }
    LabControls Select { margin: 0; }
    LabControls Grid { grid-size: 2; grid-gutter: 0 0; height: auto; }
    LabControls Input { border: round $secondary; height: 3; }
    LabControls Input:focus { border: round $accent; }
    """

    def __init__(self, settings: LabSettings, *, id: str | None = None) -> None:
        """A form showing ``settings``."""
        super().__init__(id=id)
        self.initial = settings

    def compose(self) -> ComposeResult:
        """Two choices, then the numbers two by two, then the device."""
        start = self.initial
        yield Select(
            [(text, name) for name, text in SHORT_MODELS.items()],
            value=start.model,
            allow_blank=False,
            id="model",
        )
        yield Select(
            [(text, name) for name, text in CLIPPINGS.items()],
            value=start.clipping,
            allow_blank=False,
            id="clipping",
        )
        with Grid():
            for field_id, name in _NUMBERS:
                yield Input(f"{getattr(start, name):g}", id=field_id)
            yield Select(
                [("cpu", "cpu"), ("cuda", "cuda")], value=start.device, allow_blank=False, id="device"
            )

    def on_mount(self) -> None:
        """Name each number in its border."""
        for field_id, name in _NUMBERS:
            self.query_one(f"#{field_id}", Input).border_title = name

    def settings(self) -> LabSettings:
        """The run the form describes.

        Raises:
            LabSettingsError: A field holds something that is not a number, or out of range.
        """
        values: dict[str, object] = {}
        for field_id, name in _NUMBERS:
            text = self.query_one(f"#{field_id}", Input).value.strip()
            try:
                values[name] = int(text) if name == "steps" else float(text)
            except ValueError:
                raise LabSettingsError(f"{name} must be a number, not {quoted(text)}") from None
        return LabSettings(
            model=self.query_one("#model", Select).value,  # type: ignore[arg-type]
            clipping=self.query_one("#clipping", Select).value,  # type: ignore[arg-type]
            device=self.query_one("#device", Select).value,  # type: ignore[arg-type]
            seed=self.initial.seed,
            **values,  # type: ignore[arg-type]
        )
