"""The progress screen: a learner's FSRS progress drawn as plots (``quizapp stats`` says the same in text).

Per topic, the expected share known (the sum of the cards' retrievability over the topic's
questions) and the retention of questions seen before against the desired retention; the
reviews of the last seven days; the streak. The numbers come from
:func:`quizapp.core.learning.progress.learning_progress`, the function behind ``quizapp stats``.
"""

import math
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Static
from textual_plot import HiResMode, PlotWidget

from quizapp.core.learning.progress import Progress, learning_progress, weights_line
from quizapp.core.records.terminal_text import escape_controls
from quizapp.tui.widgets.steady_footer import SteadyFooter

if TYPE_CHECKING:
    from quizapp.services import AppServices

KNOWN_STYLE = "#4ea1ff"
RETENTION_STYLE = "#5fd068"
TARGET_STYLE = "#f4c542"
REVIEWS_STYLE = "#c792ea"


class ProgressScreen(Screen[None]):
    """Plots of what FSRS expects the learner knows, their retention, reviews per day and streak."""

    CSS_PATH = Path(__file__).with_name("progress.tcss")

    BINDINGS = [Binding("escape", "app.pop_screen", "Home")]
    AUTO_FOCUS = None  # chosen once laid out: the page where it scrolls, else the table (on_mount)

    def __init__(self, services: "AppServices") -> None:
        """Show the progress of ``services.learner`` at ``services.now()``."""
        super().__init__()
        self.services = services
        self.progress: Progress | None = None
        """What is drawn (read once, when the screen mounts)."""

    def compose(self) -> ComposeResult:
        """Three plots and the table of topics they number."""
        yield Header()
        # Below 72 columns the parts stack and the page scrolls: with the keys too, when focused.
        with VerticalScroll(id="progress-page"), Grid(id="progress"):
            for plot_id in ("known-plot", "retention-plot", "reviews-plot"):
                plot = PlotWidget(id=plot_id, allow_pan_and_zoom=False)
                plot.can_focus = False  # pictures to look at: no keys of their own in the footer
                yield plot
            with VerticalScroll(id="progress-table"):  # scrolls when many topics are met
                yield Static(id="progress-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Read the learner's progress from the core and draw it."""
        services = self.services
        now = services.now()
        progress = learning_progress(services.store, services.learner, services.bank.bank.questions, now)
        self.progress = progress
        self.sub_title = f"{escape_controls(services.learner)} · progress"
        percent = round(100 * progress.desired_retention)
        titles = {
            "#known-plot": "Expected known per topic, %",
            "#retention-plot": f"Retention vs desired {percent}%",
            "#reviews-plot": f"Reviews per day · streak {progress.streak} day{'s' * (progress.streak != 1)}",
            "#progress-table": "Topics (ret.: retention)",
        }
        for selector, title in titles.items():
            self.query_one(selector).border_title = title
        for plot in self.query(PlotWidget):
            plot.margin_top, plot.margin_left, plot.margin_bottom = 0, 4, 1
        self._draw_topics(progress)
        self._draw_reviews(progress, now)
        self.query_one("#progress-text", Static).update(table_text(progress))
        self.call_after_refresh(self._focus_what_scrolls)

    def _focus_what_scrolls(self) -> None:
        """Focus the page where it scrolls (the parts stacked), else the table of topics."""
        if not self.is_attached:  # left at once (Esc before the first layout)
            return
        page = self.query_one("#progress-page", VerticalScroll)
        target = page if page.max_scroll_y > 0 else self.query_one("#progress-table", VerticalScroll)
        target.focus(scroll_visible=False)

    def _draw_topics(self, progress: Progress) -> None:
        numbers = [str(number) for number in range(1, len(progress.topics) + 1)]
        known = [100 * topic.expected_known / topic.questions for topic in progress.topics]
        retention = [math.nan if t.retention is None else 100 * t.retention for t in progress.topics]
        for selector, values, style in (
            ("#known-plot", known, KNOWN_STYLE),
            ("#retention-plot", retention, RETENTION_STYLE),
        ):
            plot = self.query_one(selector, PlotWidget)
            plot.clear()
            if not numbers:
                plot.set_xticks([])
            else:
                plot.bar(numbers, values, width=0.6, bar_style=style, hires_mode=HiResMode.HALFBLOCK)
            plot.set_ylimits(0, 100)
            plot.set_yticks([0, 50, 100])
        target = 100 * progress.desired_retention
        if numbers:
            edge = len(numbers) + 0.5
            retention_plot = self.query_one("#retention-plot", PlotWidget)
            retention_plot.plot(
                [0.5, edge], [target, target], line_style=TARGET_STYLE, hires_mode=HiResMode.BRAILLE
            )
            retention_plot.set_xlimits(0.5, edge)
            self.query_one("#known-plot", PlotWidget).set_xlimits(0.5, edge)

    def _draw_reviews(self, progress: Progress, now: datetime) -> None:
        today = now.astimezone().date()
        days = [f"{today - timedelta(days=back):%a}"[:2] for back in reversed(range(len(progress.last_week)))]
        plot = self.query_one("#reviews-plot", PlotWidget)
        plot.clear()
        plot.bar(
            days, list(progress.last_week), width=0.6, bar_style=REVIEWS_STYLE, hires_mode=HiResMode.HALFBLOCK
        )
        top = max(progress.last_week, default=0)
        plot.set_ylimits(0, max(top, 1))
        plot.set_yticks([0, max(top, 1)])
        plot.set_xlimits(0.5, len(days) + 0.5)


def table_text(progress: Progress) -> str:
    """The numbered topics with their numbers (the plots' key), the due count and when more come due."""
    if not progress.topics:
        return "No reviews yet.\nChoose Due on the home screen to start your schedule."
    lines = [f"[b] # {'topic':<15} {'known':>6} {'ret.':>6}[/b]"]
    for number, topic in enumerate(progress.topics, start=1):
        known = f"{100 * topic.expected_known / topic.questions:.0f}%"
        retention = "-" if topic.retention is None else f"{100 * topic.retention:.0f}%"
        lines.append(f"{number:>2} {escape(_short(topic.topic, 15)):<15} {known:>6} {retention:>6}")
    due = f"Due now: {progress.due_now}"
    if progress.next_due is not None:
        due += f"; next {progress.next_due.astimezone():%m-%d %H:%M}"
    lines.append(due)
    lines.append(escape(weights_line(progress.fitted)))
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
