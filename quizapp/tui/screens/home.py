"""The home screen: the bank's topics, the learner's record, and the choices that start a quiz.

It shows at once and fills in when the bank has loaded (the app loads it off the UI thread),
so nothing heavier than Textual is imported here until then.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, OptionList, Static

from quizapp.core.records.terminal_text import escape_controls  # loaded already for notices
from quizapp.tui.app_messages import OpenLab, OpenProgress, ResumeQuiz, StartQuiz
from quizapp.tui.widgets.steady_footer import SteadyFooter
from quizapp.tui.widgets.toggle_list import ToggleList

if TYPE_CHECKING:
    from quizapp.core.records.attempt_store import SessionRecord
    from quizapp.core.session.quiz_plan import QuizRequest
    from quizapp.services import AppServices

MODES = (
    ("practice", "Practice: feedback as you go"),
    ("exam", "Exam: feedback at the end"),
    ("flashcards", "Flashcards: recall and rate"),
    ("review", "Review your mistakes"),
    ("due", "Due: what your schedule asks now"),
)
"""The modes offered, with what each means."""
LEVELS = ("beginner", "intermediate", "advanced")


class HomeScreen(Screen[None]):
    """Choose topics, difficulty, count and mode; see past scores; resume an unfinished quiz."""

    CSS_PATH = Path(__file__).with_name("home.tcss")

    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("r", "resume", "Resume"),
        Binding("p", "progress", "Progress"),
        Binding("l", "lab", "Lab"),  # the clipping lab; a short name, so the footer fits 60 columns
    ]

    def __init__(self) -> None:
        """An empty home screen; :meth:`show` fills it."""
        super().__init__()
        self.services: AppServices | None = None
        self.unfinished: SessionRecord | None = None
        self.mode_index = 0
        """The mode chosen, as an index into ``MODES``."""
        self.due_count: int | None = None
        self.refocus = False
        """A whole screen covered home: give the focus back to its keys when it shows again."""
        """How many questions the Due mode would ask now, once the bank has loaded."""

    def compose(self) -> ComposeResult:
        """Topics and the learner's record on the left, the quiz choices on the right.

        Few widget types on purpose: each new type costs Textual a pass over its styles
        before the first paint (titles sit in borders rather than in labels).
        """
        yield Header()
        with Horizontal(id="home"):
            with VerticalScroll(id="home-left", can_focus=False):
                yield ToggleList(placeholder="Loading the question bank…", id="topics")
                yield Static("", id="history")
            with VerticalScroll(id="home-right", can_focus=False):
                yield OptionList(*(self._mode_prompt(index) for index in range(len(MODES))), id="mode")
                yield ToggleList([(level, level) for level in LEVELS], id="difficulty")
                with Horizontal(id="numbers"):
                    yield Input("10", id="count", type="integer")
                    yield Input(id="time-limit", type="number", placeholder="none")
                yield Button("Start (Ctrl+S)", id="start", variant="primary", disabled=True)
                yield Button("Resume (r)", id="resume")
        yield SteadyFooter()

    def _mode_prompt(self, index: int) -> str:
        return f"{'●' if index == self.mode_index else '○'} {MODES[index][1]}"

    def on_mount(self) -> None:
        """Title the choices; the topics fill in when the bank has loaded."""
        for selector, title in (
            ("#topics", "Topics (none picked: all)"),
            ("#mode", "Mode"),
            ("#difficulty", "Difficulty (none picked: all)"),
            ("#count", "Questions"),
            ("#time-limit", "Exam minutes"),
        ):
            self.query_one(selector).border_title = title
        self.query_one("#mode", OptionList).highlighted = self.mode_index
        self.query_one("#resume").display = self.unfinished is not None
        self.query_one("#topics").focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the modes chooses one."""
        if event.option_list.id == "mode" and event.option_index != self.mode_index:
            self.mode_index = event.option_index
            for index in range(len(MODES)):
                event.option_list.replace_option_prompt_at_index(index, self._mode_prompt(index))

    def on_screen_suspend(self) -> None:
        """A screen covers home: after a whole screen (not a dialog), home's keys get the focus back."""
        self.refocus = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        """Coming back from a quiz: the record and the resumable quiz may have changed.

        The focus left in a number field (Ctrl+S started the quiz from there) would take the
        home keys (p, l, r) as typing: it goes back to the topics.
        """
        if self.refocus and isinstance(self.focused, Input):
            self.query_one("#topics").focus()
        self.refocus = False
        if self.services is not None:
            self._show_record(self.services)

    def show(self, services: "AppServices") -> None:
        """Fill in the bank's topics and the learner's record (the bank has loaded)."""
        from quizapp.core.records.history import topic_overview

        self.services = services
        topics = self.query_one("#topics", ToggleList)
        overview = topic_overview(services.bank.bank.questions)
        width = max((len(topic.topic) for topic in overview), default=0)
        topics.placeholder = "The bank has no questions."
        topics.set_items(
            [
                (
                    f"{topic.topic:<{width}} {topic.count:>2} "
                    + "/".join(str(topic.by_difficulty.get(level, 0)) for level in LEVELS),
                    topic.topic,
                )
                for topic in overview
            ]
        )
        if not isinstance(self.focused, (Input, OptionList)) or self.focused is topics:
            topics.focus()
        self.query_one("#start", Button).disabled = not overview
        count = len(services.bank.bank.questions)
        self.sub_title = f"{escape_controls(services.learner)} · {count} question{'s' * (count != 1)}"
        self._show_record(services)

    def _show_record(self, services: "AppServices") -> None:
        from quizapp.core.records.history import session_summaries, stored_rows
        from quizapp.core.records.item_analysis import topic_scores

        lines = [*self._due_lines(services), ""]
        lines += ["[b]Questions per topic[/b]: count, then beginner/intermediate/advanced.", ""]
        summaries = session_summaries(services.store, services.learner, services.bank.bank.questions)
        if summaries:
            lines.append("[b]Your last quizzes[/b]")
            for summary in summaries[-5:][::-1]:
                percent = "-" if summary.percentage is None else f"{summary.percentage:.0f}%"
                percent = "self" if summary.mode == "flashcards" else percent  # self-rated, no score
                state = "" if summary.finished else " (unfinished)"
                when = summary.started_at[5:16].replace("T", " ")  # month-day hour:minute
                quiz = escape(_shortened(escape_controls(summary.quiz) + state, 18))
                lines.append(f"{when}  {percent:>4}  {quiz}")
            weakest = topic_scores(
                stored_rows(services.store, services.bank.bank.questions, services.learner)
            )
            if weakest:
                lines.append("")
                lines.append("[b]Your weakest topics[/b]")
                lines.extend(
                    f"  {100 * topic.fraction:3.0f}%  {escape(topic.topic)}" for topic in weakest[:3]
                )
        else:
            lines.append("No quizzes yet: pick a mode and start.")
        self.query_one("#history", Static).update("\n".join(lines))
        self.unfinished = services.store.unfinished_session(services.learner)
        resume = self.query_one("#resume", Button)
        resume.display = self.unfinished is not None
        if self.unfinished is not None:
            done = len(services.store.responses(self.unfinished.id))
            total = len(self.unfinished.question_ids)
            resume.label = f"Resume {self.unfinished.mode} ({done}/{total} answered) (r)"
        self.refresh_bindings()

    def _due_lines(self, services: "AppServices") -> list[str]:
        """What the learner's FSRS schedule asks now (the Due mode's questions), or when to come back."""
        from quizapp.core.learning.card_store import CardStore
        from quizapp.core.learning.due_queue import come_back_message, due_queue

        now = services.now()
        queue = due_queue(CardStore(services.store), services.learner, services.bank.bank.questions, now=now)
        self.due_count = len(queue.questions)
        if not queue.questions:
            message = come_back_message(queue, escape_controls(services.learner), now)
            return [f"[b]Due now[/b]: {escape(message)}."]
        new = self.due_count - queue.due_now
        lines = [f"[b]Due now[/b]: {queue.due_now} to review, {new} new (Due mode)"]
        if queue.next_due is not None:
            lines.append(f"Then next due: {queue.next_due.astimezone():%Y-%m-%d %H:%M}")
        return lines

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Resume only when there is a quiz to resume."""
        if action == "resume":
            return self.unfinished is not None
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start or resume."""
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "resume":
            self.action_resume()

    def request(self) -> "QuizRequest | None":
        """The quiz the choices describe; None (and a notice) when a field holds something odd."""
        from quizapp.core.session.quiz_plan import QuizRequest
        from quizapp.core.session.quiz_session import Mode
        from quizapp.core.session.session_rules import MAX_TIME_LIMIT_S, time_limit_refused

        count_text = self.query_one("#count", Input).value.strip()
        count = int(count_text) if count_text.isdigit() else 0
        if count < 1:
            self.notify("The number of questions must be a whole number above 0.", severity="error")
            self.query_one("#count").focus()
            return None
        limit_text = self.query_one("#time-limit", Input).value.strip()
        try:
            minutes = float(limit_text) if limit_text else None
        except ValueError:
            minutes = -1.0
        if minutes is not None and time_limit_refused(minutes * 60):
            most = MAX_TIME_LIMIT_S // 60
            self.notify(
                f"The time limit is in minutes, above 0 and at most {most} (a day), or empty for none.",
                severity="error",
            )
            self.query_one("#time-limit").focus()
            return None
        mode = Mode(MODES[self.mode_index][0])
        return QuizRequest(
            mode=mode,
            topics=tuple(self.query_one("#topics", ToggleList).selected),
            difficulties=tuple(self.query_one("#difficulty", ToggleList).selected),
            count=count,
            time_limit_s=minutes * 60 if minutes and mode is Mode.EXAM else None,
        )

    def action_start(self) -> None:
        """Start the quiz the choices describe."""
        if self.services is None:
            self.notify("The question bank is still loading.")
            return
        request = self.request()
        if request is not None:
            self.post_message(StartQuiz(request))

    def action_resume(self) -> None:
        """Go on with the unfinished quiz."""
        if self.unfinished is None:
            return
        self.post_message(ResumeQuiz(self.unfinished.id))

    def action_progress(self) -> None:
        """Open the progress screen: what FSRS expects you know, retention, reviews, streak."""
        self.post_message(OpenProgress())

    def action_lab(self) -> None:
        """Open the clipping lab."""
        self.post_message(OpenLab())


def _shortened(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, so that a history line fits its column."""
    return text if len(text) <= width else text[: width - 1] + "…"
