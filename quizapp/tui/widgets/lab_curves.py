"""The lab's live curves: loss and gradient norm per step, every run on the same axes, log scale.

Drawn with textual-plot. Its axes are linear, so the curves carry log10 of each value and
``PowersOfTen`` labels the ticks with the values themselves. Steps arrive faster than it is
worth drawing them: they are stored at once and drawn at most ``REDRAW_S`` apart.
"""

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Vertical
from textual_plot import AxisFormatter, HiResMode, PlotWidget

from quizapp.core.execution.lab import LabSettings, LabStep

REDRAW_S = 0.2
MOST_POINTS = 200
"""The most points drawn of one curve (a plot at 80 columns is under 100 braille dots wide)."""
RUN_STYLES = ("#4ea1ff", "#ff6b6b", "#5fd068", "#f4c542")
"""One colour per run shown; a fifth run replaces the oldest."""


class PowersOfTen(AxisFormatter):
    """Ticks of an axis that carries log10 values, labelled with the values (0.1, 1, 10, 1e3…).

    ``rows`` tells how many rows the axis has now: ticks are thinned to about one per two
    rows, so no two labels land on one row (one would overwrite the other: "1e4" over "1000"
    drew "11e4").
    """

    def __init__(self, rows: Callable[[], int] | None = None) -> None:
        """An axis formatter; ``rows`` gives the axis's height in rows (unknown: no limit)."""
        self.rows = rows

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        """Whole powers of ten within the range: at most ``max_ticks``, and one per two rows."""
        low, high = math.ceil(min_), math.floor(max_)
        if high < low:
            return [round((min_ + max_) / 2, 2)]
        stride = max(1, math.ceil((high - low + 1) / max(max_ticks, 1)))
        rows = self.rows() if self.rows is not None else 0
        if rows > 0 and max_ > min_:
            stride = max(stride, math.ceil(2 * (max_ - min_) / rows))
        return [float(power) for power in range(low, high + 1, stride)]

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        """``10 ** tick`` written short."""
        return [_short(10**tick) for tick in ticks]


def _axis_rows(plot: PlotWidget) -> int:
    """The rows ``plot``'s y axis spans now."""
    return plot.content_size.height - plot.margin_top - plot.margin_bottom


def _short(value: float) -> str:
    if 1e-3 <= value < 1e4:
        return f"{value:g}"
    return f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")


def log10(value: float) -> float:
    """log10 of a positive finite value; NaN otherwise (textual-plot leaves such points out)."""
    return math.log10(value) if math.isfinite(value) and value > 0 else math.nan


def envelope(
    xs: Sequence[int], ys: Sequence[float], most: int = MOST_POINTS
) -> tuple[list[int], list[float]]:
    """At most about ``most`` points that draw like all of them: each bucket's lowest and highest.

    A plot is a few hundred braille dots wide, so thousands of steps only cost drawing time;
    keeping every bucket's extremes (in step order) keeps each spike and each dip visible.
    """
    if len(xs) <= most:
        return list(xs), list(ys)
    size = math.ceil(len(xs) / (most // 2))
    kept_x: list[int] = []
    kept_y: list[float] = []
    for start in range(0, len(xs), size):
        bucket = [i for i in range(start, min(start + size, len(xs))) if not math.isnan(ys[i])]
        if not bucket:
            continue
        low, high = min(bucket, key=ys.__getitem__), max(bucket, key=ys.__getitem__)
        for index in sorted({low, high}):
            kept_x.append(xs[index])
            kept_y.append(ys[index])
    return kept_x, kept_y


@dataclass(slots=True)
class CurveData:
    """What one run has drawn so far."""

    settings: LabSettings
    style: str
    steps: list[LabStep] = field(default_factory=list)


class LabCurves(Vertical):
    """Two plots, loss above and total gradient norm below, of up to four runs side by side."""

    DEFAULT_CSS = """
    LabCurves { height: 1fr; }
    LabCurves PlotWidget { height: 1fr; min-height: 6; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """Empty curves."""
        super().__init__(id=id)
        self.runs: dict[int, CurveData] = {}
        """The runs drawn, by run number, oldest first."""
        self.dirty = False
        self.redraws = 0
        """How often the curves were drawn (tests watch it)."""

    def compose(self) -> ComposeResult:
        """The loss plot and the norm plot."""
        yield PlotWidget(id="loss-plot", allow_pan_and_zoom=False)
        yield PlotWidget(id="norm-plot", allow_pan_and_zoom=False)

    def on_mount(self) -> None:
        """Label the axes; draw what has arrived, a few times a second."""
        loss, norm = self.plots
        loss.set_ylabel("loss")
        norm.set_ylabel("grad norm")
        norm.set_xlabel("step")
        loss.margin_bottom = 1
        norm.margin_bottom = 2
        for plot in self.plots:
            plot.margin_top, plot.margin_left = 1, 6  # room for the curves at 80x24
            plot.set_y_formatter(PowersOfTen(functools.partial(_axis_rows, plot)))
        self.set_interval(REDRAW_S, self.redraw_if_changed)

    @property
    def plots(self) -> tuple[PlotWidget, PlotWidget]:
        """The loss plot and the norm plot."""
        return self.query_one("#loss-plot", PlotWidget), self.query_one("#norm-plot", PlotWidget)

    def add_run(self, run: int, settings: LabSettings) -> str:
        """Make room for run ``run``; returns the colour it is drawn in."""
        if len(self.runs) >= len(RUN_STYLES):
            del self.runs[next(iter(self.runs))]
        used = {data.style for data in self.runs.values()}
        style = next(style for style in RUN_STYLES if style not in used)
        self.runs[run] = CurveData(settings, style)
        self.dirty = True
        return style

    def add_step(self, run: int, step: LabStep) -> None:
        """Store a step of ``run`` (a run no longer shown is ignored); it is drawn shortly."""
        data = self.runs.get(run)
        if data is not None:
            data.steps.append(step)
            self.dirty = True

    def clear(self) -> None:
        """Forget every run."""
        self.runs.clear()
        self.dirty = True

    def redraw_if_changed(self) -> None:
        """Draw the curves again if a step or a run came since the last time."""
        if self.dirty:
            self.dirty = False
            self.redraw()

    def redraw(self) -> None:
        """Draw every run: loss and norm before clipping, with each run's max_norm as a flat line."""
        loss_plot, norm_plot = self.plots
        loss_plot.clear()
        norm_plot.clear()
        self.redraws += 1
        last_step = max((data.settings.steps for data in self.runs.values()), default=1)
        for run, data in self.runs.items():
            if not data.steps:
                continue
            xs = [step.step for step in data.steps]
            label = f"run {run}"
            losses = [log10(step.loss) for step in data.steps]
            loss_plot.plot(*envelope(xs, losses), data.style, HiResMode.BRAILLE, label)
            norms = [log10(step.norm_before) for step in data.steps]
            norm_plot.plot(*envelope(xs, norms), data.style, HiResMode.BRAILLE, label)
            if data.settings.clipping == "norm":
                level = log10(data.settings.max_norm)
                norm_plot.plot([1, last_step], [level, level], f"{data.style} dim", HiResMode.BRAILLE, None)
        for plot in self.plots:
            plot.set_xlimits(1, max(last_step, 2))
