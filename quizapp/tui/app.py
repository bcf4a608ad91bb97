"""The Textual app: screens over the quiz core, with its services injected by the caller.

Only Textual and the home screen are imported at start; the bank (and with it pydantic)
loads in a thread once the home screen shows, and the quiz screens load with the first quiz.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from quizapp.start_up import resume_collection
from quizapp.tui.app_messages import OpenLab, OpenProgress, ResumeQuiz, RetryMissed, StartQuiz
from quizapp.tui.screens.guarded import GuardedScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.tiny_terminals import TinyTerminalApp

if TYPE_CHECKING:
    from quizapp.core.session.quiz_plan import QuizRequest
    from quizapp.core.session.quiz_session import QuizSession
    from quizapp.core.session.session_starter import SessionStarter
    from quizapp.services import AppServices


class QuizApp(TinyTerminalApp):
    """quizapp's full-screen front end."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "quizapp"
    SUB_TITLE = "gradient clipping in PyTorch"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    """Screens below 72 columns carry the class -narrow and stack what sits side by side."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    """Screens below 16 rows carry the class -short: dialogs use one-row buttons there."""
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self, build_services: "Callable[[], AppServices]", *, request: "QuizRequest | None" = None
    ) -> None:
        """Create the app.

        Args:
            build_services: Builds the bank, store and runner; called once, off the UI thread.
            request: A quiz to start as soon as the bank has loaded (``quizapp take``).
        """
        super().__init__()
        self.build_services = build_services
        self.request = request
        self.services: AppServices | None = None
        self.error: str | None = None
        """Why the app could not work (a damaged database, say), for the caller to report."""
        self.home = HomeScreen()

    def on_mount(self) -> None:
        """Show the home screen at once."""
        self.push_screen(self.home)

    def on_ready(self) -> None:
        """The first screen is up and taking keys: now load the bank behind it."""
        self._load_services()

    @work(thread=True, group="load", exit_on_error=False)
    def _load_services(self) -> None:
        from quizapp.core.errors import QuizAppError

        try:
            services = self.build_services()
        except QuizAppError as error:  # a damaged or locked database, an unreadable bank
            self.call_from_thread(self._cannot_start, str(error))
            return
        self.call_from_thread(self._services_loaded, services)

    def _cannot_start(self, why: str) -> None:
        """Without its bank and store the app cannot work: leave, and let the caller report why."""
        self.error = why
        resume_collection()
        self.exit(return_code=1)

    def _services_loaded(self, services: "AppServices") -> None:
        self.services = services
        self.home.show(services)
        load = services.bank
        if load.problems:
            from quizapp.core.bank.left_out import left_out_of  # only for a broken bank
            from quizapp.tui.screens.bank_problems import BankProblemsScreen

            questions = len(load.bank.questions)
            screen = BankProblemsScreen(load.problems, questions_loaded=questions, left_out=left_out_of(load))
            self.push_screen(screen, self._bank_accepted)
        else:
            self._bank_accepted(True)
        self.call_after_refresh(resume_collection)  # start-up is over: see quizapp.start_up

    def _bank_accepted(self, go_on: bool | None) -> None:
        if go_on and self.request is not None:
            request, self.request = self.request, None
            self.start_quiz(request)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for errors of background work: a message for the learner, never a traceback."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "load":
            self._cannot_start(f"the app could not start: {error!r}")
            return
        from quizapp.core.errors import QuizAppError

        text = str(error) if isinstance(error, QuizAppError) else f"Something went wrong: {error!r}"
        self.notify(text, title="Error", severity="error", timeout=10, markup=False)

    @property
    def ready_services(self) -> "AppServices":
        """The services, once loaded."""
        if self.services is None:
            raise RuntimeError("the services have not loaded yet")
        return self.services

    def starter(self) -> "SessionStarter":
        """Builds and resumes sessions over the loaded bank, for the learner, into the store."""
        from quizapp.core.session.session_starter import SessionStarter

        services = self.ready_services
        return SessionStarter(
            services.bank.bank.questions,
            learner=services.learner,
            store=services.store,
            judge=services.judge,
            clock=services.clock,
            now=services.now,
        )

    def start_quiz(self, request: "QuizRequest") -> None:
        """Pick the questions ``request`` asks for and start a session over them."""
        from quizapp.core.errors import QuizAppError

        try:
            session = self.starter().start(request, seed=self.ready_services.new_seed())
        except QuizAppError as error:
            self.notify(f"{str(error).capitalize()}.", severity="warning", markup=False)
            return
        self._show_session(session)

    def _show_session(self, session: "QuizSession", *, replace: bool = False) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        screen = QuizScreen(session, self.ready_services)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_start_quiz(self, message: StartQuiz) -> None:
        """A screen asked for a new quiz."""
        if self.services is None:
            self.notify("The question bank is still loading.")
            return
        self.start_quiz(message.request)

    def on_resume_quiz(self, message: ResumeQuiz) -> None:
        """A screen asked to go on with a stored, unfinished quiz."""
        from quizapp.core.errors import QuizAppError

        try:
            session = self.starter().resume(message.session_id)
        except QuizAppError as error:
            self.notify(f"{str(error).capitalize()}.", severity="warning", markup=False)
            return
        self._show_session(session)

    def on_retry_missed(self, message: RetryMissed) -> None:
        """The results screen asked to practise what was missed: a new quiz takes its place."""
        from quizapp.core.session.quiz_session import Mode

        session = self.starter().start_over(
            message.questions,
            mode=Mode.PRACTICE,
            title="Retry of missed questions",
            seed=self.ready_services.new_seed(),
        )
        self._show_session(session, replace=True)

    def on_open_lab(self, _: OpenLab) -> None:
        """Home asked for the clipping lab: it trains with the app's runner."""
        from quizapp.core.execution.lab import LabSettings
        from quizapp.tui.screens.lab import LabScreen

        if self.services is None:
            self.notify("The app is still starting.")
            return
        settings = LabSettings(device="cuda") if self.services.device == "cuda" else LabSettings()
        self.push_screen(LabScreen(self.services.runner, settings))

    def on_open_progress(self, _: OpenProgress) -> None:
        """Home asked for the learner's progress: plots of their FSRS schedule."""
        from quizapp.tui.screens.progress import ProgressScreen

        if self.services is None:
            self.notify("The question bank is still loading.")
            return
        self.push_screen(ProgressScreen(self.services))

    def action_help(self) -> None:
        """Show the keys and modes."""
        from quizapp.tui.screens.help import HelpScreen  # Markdown loads when first needed

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def quit_warning(self) -> str | None:
        """What quitting would interrupt on the screen shown (a quiz under way), or None."""
        screen = self.screen
        return screen.quit_warning() if isinstance(screen, GuardedScreen) else None

    async def action_quit(self) -> None:
        """Quit; during a quiz, ask first (the answers given are kept either way)."""
        warning = self.quit_warning()
        if warning is None:
            self.exit()
            return
        from quizapp.tui.screens.confirm import ConfirmScreen

        def answer(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(ConfirmScreen("Quit quizapp?", warning, yes="Quit", no="Stay"), answer)
