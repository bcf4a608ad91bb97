"""The lab at 80x24 after a clipped and an unclipped RNN run, drawn from recorded steps.

The steps are the CSV exports of two real runs (``quizapp lab --plain --preset rnn-clipped
--csv ...`` and the same for ``rnn-unclipped``), so the picture does not depend on the
machine's floating point or on how fast the worker trains.
"""

from collections.abc import Callable

from textual.pilot import Pilot

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import PRESETS, steps_from_csv
from quizapp.tui.lab_app import LabApp
from quizapp.tui.screens.lab import LabScreen
from quizapp.tui.widgets.lab_curves import LabCurves
from tests.paths import FIXTURES
from tests.tui.tui_driver import settle, until

SnapCompare = Callable[..., bool]
RUNS = FIXTURES / "lab_runs"


def test_the_lab_after_clipped_and_unclipped_rnn_runs(
    snap_compare: SnapCompare, shared_runner: SnippetRunner
) -> None:
    async def show_the_recorded_runs(pilot: Pilot[None]) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, LabScreen))
        screen = pilot.app.screen
        assert isinstance(screen, LabScreen)
        for name in ("rnn-clipped", "rnn-unclipped"):
            steps = steps_from_csv((RUNS / f"{name}.csv").read_text(encoding="utf-8"))
            screen.add_recorded(PRESETS[name], steps)
        screen.query_one(LabCurves).redraw_if_changed()
        await settle(pilot)

    app = LabApp(shared_runner, PRESETS["rnn-clipped"])
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_the_recorded_runs)
