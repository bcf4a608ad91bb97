"""The Textual app: screens over the quiz core, with its services injected by the caller.

Only Textual and the home screen are imported at start; the bank (and with it pydantic)
loads in a thread once the home screen shows, and the quiz screens load with the first quiz.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from quizapp.tui.screens.guarded import GuardedScreen
from quizapp.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from quizapp.core.model.questions import Question
    from quizapp.core.records.attempt_store import SessionRecord
    from quizapp.core.session.quiz_plan import QuizRequest
    from quizapp.core.session.quiz_session import Mode
    from quizapp.services import AppServices


class QuizApp(App[None]):
    """quizapp's full-screen front end."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "quizapp"
    SUB_TITLE = "gradient clipping in PyTorch"
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
        self.exit(return_code=1)

    def _services_loaded(self, services: "AppServices") -> None:
        from quizapp.tui.screens.bank_problems import BankProblemsScreen

        self.services = services
        self.home.show(services)
        load = services.bank
        if load.problems:
            questions = len(load.bank.questions)
            self.push_screen(
                BankProblemsScreen(load.problems, questions_loaded=questions), self._bank_accepted
            )
        else:
            self._bank_accepted(True)

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
        self.notify(text, title="Error", severity="error", timeout=10)

    @property
    def ready_services(self) -> "AppServices":
        """The services, once loaded."""
        if self.services is None:
            raise RuntimeError("the services have not loaded yet")
        return self.services

    def start_quiz(self, request: "QuizRequest") -> None:
        """Pick the questions ``request`` asks for and start a session over them."""
        from quizapp.core.session.quiz_plan import plan_questions
        from quizapp.core.session.quiz_session import Mode

        services = self.ready_services
        seed = services.new_seed()
        questions = plan_questions(
            services.bank.bank.questions, request, seed=seed, store=services.store, learner=services.learner
        )
        if not questions:
            why = (
                "nothing to review: no question was answered wrongly yet"
                if request.mode is Mode.REVIEW
                else "no question matches these topics, difficulties and mode"
            )
            self.notify(why.capitalize() + ".", severity="warning")
            return
        self.start_session(
            questions, mode=request.mode, title=request.title(), time_limit_s=request.time_limit_s, seed=seed
        )

    def start_session(
        self,
        questions: "list[Question]",
        *,
        mode: "Mode",
        title: str,
        time_limit_s: float | None = None,
        seed: int | None = None,
    ) -> None:
        """Start a session over exactly these questions."""
        from quizapp.core.session.quiz_session import QuizSession, bank_fingerprint
        from quizapp.tui.screens.quiz import QuizScreen

        services = self.ready_services
        session = QuizSession(
            questions,
            mode=mode,
            learner=services.learner,
            seed=services.new_seed() if seed is None else seed,
            store=services.store,
            judge=services.judge,
            time_limit_s=time_limit_s,
            bank=bank_fingerprint(services.bank.bank.questions),
            quiz=title,
            clock=services.clock,
        )
        self.push_screen(QuizScreen(session, services))

    def resume(self, record: "SessionRecord") -> None:
        """Go on with a stored, unfinished session after its last answer."""
        from quizapp.core.session.quiz_plan import questions_by_id, time_left_on_resume
        from quizapp.core.session.quiz_session import Mode, QuizSession, bank_fingerprint
        from quizapp.tui.screens.quiz import QuizScreen

        services = self.ready_services
        questions = questions_by_id(services.bank.bank.questions, record.question_ids)
        if not questions:
            self.notify("The questions of that quiz are no longer in the bank.", severity="warning")
            return
        session = QuizSession(
            questions,
            mode=Mode(record.mode),
            learner=services.learner,
            seed=record.seed,
            store=services.store,
            judge=services.judge,
            time_limit_s=time_left_on_resume(record, datetime.now(UTC)),
            bank=bank_fingerprint(services.bank.bank.questions),
            clock=services.clock,
            session_id=record.id,
        )
        self.push_screen(QuizScreen(session, services))

    def action_help(self) -> None:
        """Show the keys and modes."""
        from quizapp.tui.screens.help import HelpScreen  # Markdown loads when first needed

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; during a quiz, ask first (the answers given are kept either way)."""
        screen = self.screen
        warning = screen.quit_warning() if isinstance(screen, GuardedScreen) else None
        if warning is None:
            self.exit()
            return
        from quizapp.tui.screens.confirm import ConfirmScreen

        def answer(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(ConfirmScreen("Quit quizapp?", warning, yes="Quit", no="Stay"), answer)
