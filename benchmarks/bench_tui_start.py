"""Time from launch to the first interactive screen: quizapp's home screen against a bare Textual app.

Each run is a fresh interpreter that imports what the ``quizapp`` command imports, starts the
app headless and exits as soon as its first screen is ready (Textual's ``Ready`` event), so
the figure covers interpreter start, imports, building the first screen and its first paint.
A third figure waits until the bank has loaded and the home screen shows it, with the bank
cache warm (every start after the first); a fourth does the same with no cache, as the first
start after an install or an edit of the bank does. The apps are
measured in turn in the same run, and the result is given as a ratio, since the machine is
shared and noisy.

    python benchmarks/bench_tui_start.py [--runs 15]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("hello")
        yield Footer()

    def on_ready(self) -> None:
        self.exit()

Bare().run(headless=True)
"""

PROBE = """
import sys
from pathlib import Path

from quizapp.start_up import pause_collection

pause_collection()  # what quizapp.cli.entry.main does before it imports the app
import quizapp.cli.entry
import quizapp.tui.launch as launch


class Probe(launch.QuizApp):
    def run(self, *args, **kwargs):
        return super().run(headless=True)  # no terminal here; Textual draws all the same
{exit_when}

launch.QuizApp = Probe  # run_app is the path the quizapp command takes to its home screen
launch.run_app(bank_paths=(), db_path=Path(sys.argv[1]), learner="bench", device="cpu")
"""

QUIZAPP = PROBE.replace(
    "{exit_when}",
    """
    def on_ready(self) -> None:
        self.exit()
""",
)

LOADED = PROBE.replace(
    "{exit_when}",
    """
    def _services_loaded(self, services) -> None:
        super()._services_loaded(services)
        self.call_after_refresh(self.exit)
""",
)


TERMINAL_SIZE = {"COLUMNS": "80", "LINES": "24"}
"""One size for the whole probe, as a terminal gives: with no terminal, rich lays the first
screen out at 80x25 and Textual's headless driver then resizes it to 80x24 just after the
first paint, a second layout and paint that no terminal asks for (about 0.1 s of the figures
that wait for the bank; the bare app has quit by then)."""


def once(code: str, db: Path, *, cached: bool = True) -> tuple[float, float]:
    """Run one probe; return its wall time and the CPU time (user + system) it used.

    The bank cache lives beside ``db``; with ``cached`` false the probe keeps no cache, so
    it loads the bank afresh as the first start after an install or an edit does.
    """
    cache = str(db.parent / "cache") if cached else ""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "QUIZAPP_CACHE_DIR": cache, **TERMINAL_SIZE}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(db)], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"a probe failed with exit code {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "attempts.sqlite3"
        for code in (BARE, QUIZAPP, LOADED):  # warm the file cache and the database
            once(code, db)
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "quizapp": [], "loaded": [], "fresh": []}
        for _ in range(args.runs):
            times["bare"].append(once(BARE, db))
            times["quizapp"].append(once(QUIZAPP, db))
            times["loaded"].append(once(LOADED, db))
            times["fresh"].append(once(LOADED, db, cached=False))
    bare_wall = statistics.median(wall for wall, _ in times["bare"])
    bare_cpu = statistics.median(cpu for _, cpu in times["bare"])
    print(f"{'app':<44} {'wall median':>11} {'min':>6} {'ratio':>6}   {'CPU median':>10} {'ratio':>6}")
    for name, label in (
        ("bare", "bare Textual app (Header, Static, Footer)"),
        ("quizapp", "quizapp home screen, first paint"),
        ("loaded", "quizapp home screen, bank loaded and shown"),
        ("fresh", "  the same, bank not cached (a first start)"),
    ):
        walls = [wall for wall, _ in times[name]]
        cpu = statistics.median(cpu for _, cpu in times[name])
        wall = statistics.median(walls)
        print(
            f"{label:<44} {wall:11.3f} {min(walls):6.3f} {wall / bare_wall:5.2f}x"
            f"   {cpu:10.3f} {cpu / bare_cpu:5.2f}x"
        )


if __name__ == "__main__":
    main()
