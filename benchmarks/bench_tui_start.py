"""Time from launch to the first interactive screen: quizapp's home screen against a bare Textual app.

Each run is a fresh interpreter that imports what the ``quizapp`` command imports, starts the
app headless and exits as soon as its first screen is ready (Textual's ``Ready`` event), so
the figure covers interpreter start, imports, building the first screen and its first paint.
A third figure waits until the bank has loaded and the home screen shows it. The apps are
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

QUIZAPP = """
import sys
import quizapp.cli.entry, quizapp.tui.launch  # what the quizapp command imports on its way to the app
from quizapp.tui.app import QuizApp

def build():
    from quizapp.services import make_services
    return make_services(learner="bench", db_path=__import__("pathlib").Path(sys.argv[1]))

class Probe(QuizApp):
    def on_ready(self) -> None:
        self.exit()

Probe(build).run(headless=True)
"""

LOADED = """
import sys
import quizapp.cli.entry, quizapp.tui.launch
from quizapp.tui.app import QuizApp

def build():
    from quizapp.services import make_services
    return make_services(learner="bench", db_path=__import__("pathlib").Path(sys.argv[1]))

class Probe(QuizApp):
    def _services_loaded(self, services) -> None:
        super()._services_loaded(services)
        self.call_after_refresh(self.exit)

Probe(build).run(headless=True)
"""


def once(code: str, db: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, str(db)], check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    )
    return time.perf_counter() - started


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
        times: dict[str, list[float]] = {"bare": [], "quizapp": [], "loaded": []}
        for _ in range(args.runs):
            times["bare"].append(once(BARE, db))
            times["quizapp"].append(once(QUIZAPP, db))
            times["loaded"].append(once(LOADED, db))
    bare = statistics.median(times["bare"])
    print(f"{'app':<44} {'median':>8} {'min':>8}  ratio to bare")
    for name, label in (
        ("bare", "bare Textual app (Header, Static, Footer)"),
        ("quizapp", "quizapp home screen, first paint"),
        ("loaded", "quizapp home screen, bank loaded and shown"),
    ):
        median = statistics.median(times[name])
        print(f"{label:<44} {median:8.3f} {min(times[name]):8.3f}  {median / bare:5.2f}x")


if __name__ == "__main__":
    main()
