"""The quiz screen: drives a session one question at a time; the session grades, this shows."""

from dataclasses import replace
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Button

from quizapp.core.errors import QuizAppError
from quizapp.core.model.code_questions import ExecutableQuestion
from quizapp.core.model.questions import ExplainQuestion, LabPredictionQuestion
from quizapp.core.session.quiz_session import Outcome, QuizSession, SessionError
from quizapp.services import AppServices
from quizapp.tui.screens.guarded import GuardedScreen
from quizapp.tui.screens.quiz_dialogs import answers_kept, finish_dialog, leave_dialog
from quizapp.tui.screens.quiz_offers import ACTION_NAMES, may_run, offered, run_refused, typing_in
from quizapp.tui.widgets.answer_grader import AnswerGrader
from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.feedback_panel import FeedbackPanel
from quizapp.tui.widgets.question_view import QuestionView
from quizapp.tui.widgets.quiz_bars import ActionBar, StatusBar, status_line
from quizapp.tui.widgets.run_lab import RunLab
from quizapp.tui.widgets.steady_footer import SteadyFooter


class QuizScreen(GuardedScreen):
    """One session, question by question: answer, hints, feedback, runs, then the results."""

    CSS_PATH = Path(__file__).with_name("quiz.tcss")

    BINDINGS = [  # the action bar's buttons show these keys; the footer the rest, and Finish
        Binding("ctrl+s", "submit", "Answer", show=False),
        Binding("h,f3", "hint", "Hint", show=False),
        Binding("ctrl+r", "run", "Run", show=False),
        Binding("t,ctrl+t", "retry", "Try again", show=False),
        Binding("n,ctrl+n", "next", "Next", show=False),
        Binding("f10", "finish", "Finish"),  # ends the quiz from anywhere: said on every line
        Binding("o", "open_lab", "Watch in lab", show=False),  # the feedback's button shows it
        Binding("escape", "cancel_run", "Cancel run", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, session: QuizSession, services: AppServices) -> None:
        """Drive ``session``; run snippets with the services' runner."""
        super().__init__()
        self.session = session
        self.services = services
        self.outcome: Outcome | None = None
        """The last answer's outcome for the current question (None before answering)."""
        self.finishing = False
        """Finish was asked for while an answer was being graded: finish once it is."""
        self.recorded = False
        """An exam answer was just recorded (said in the status line rather than a toast)."""
        self.grader = AnswerGrader(session)
        self.lab = RunLab(services.runner, services.device)

    @property
    def grading(self) -> bool:
        """Whether an answer is being graded."""
        return self.grader.busy

    def quit_warning(self) -> str | None:
        """Quitting mid-quiz loses no answer given, but say so (and what typed is lost) and ask."""
        return None if self.session.finished else answers_kept(self.session.answered, self._unsent())

    def _unsent(self) -> str | None:
        """What is typed for the current question but not given yet ("code", "answer"), or None."""
        if self.outcome is not None or self.grading or self.session.current is None:
            return None
        return self.view.answer.unsent()

    def compose(self) -> ComposeResult:
        """A status line, the question, the action buttons and the key bindings."""
        yield StatusBar(id="status-bar")
        yield Container(id="stage")
        yield ActionBar(id="actions")
        yield SteadyFooter()
        yield self.grader
        yield self.lab

    async def on_mount(self) -> None:
        """Warm the snippet worker if any question runs code, start the clock, show question 1."""
        if any(isinstance(item.question, ExecutableQuestion) for item in self.session.items):
            self.services.runner.start()  # returns at once; torch imports in the worker meanwhile
        if self.session.time_limit_s is not None:
            self.query_one(StatusBar).start_clock(
                lambda: None if self.session.finished else self.session.time_left()
            )
        await self.show_question()

    @property
    def view(self) -> QuestionView:
        """The question on screen."""
        return self.query_one(QuestionView)

    async def show_question(self) -> None:
        """Show the session's current question, or the results when there is none left."""
        question = self.session.current
        if question is None:
            self.finish()
            return
        self.lab.stop()
        stage = self.query_one("#stage")
        await stage.remove_children()
        self.outcome = None
        await stage.mount(
            QuestionView(
                question,
                prompt=self.session.prompt(),
                code=self.session.code(),
                choices=self.session.choices(),
            )
        )
        # Focus without scrolling the answer into view: at 80x24 or less that pushed the prompt's
        # first lines out of sight. A question opens at its first line; the learner reads down.
        self.view.answer.focus_answer(scroll_visible=False)
        self._sync()

    def _sync(self) -> None:
        """Bring the status line, the buttons and the footer in line with the state."""
        question = self.session.current
        if question is None:
            return
        self.query_one(StatusBar).show(status_line(self.session, question, recorded=self.recorded))
        self.query_one(ActionBar).sync(
            lambda action: (
                may_run(self.session, self.outcome)
                if action == "run"
                else bool(self.check_action(action, ()))
            ),
            answered=bool(self.outcome),
            typing=typing_in(self.focused),
        )
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        """The keys that work depend on the focus: the buttons say which."""
        self._sync()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what makes sense now (this also drives the footer and the buttons)."""
        return offered(action, self.session, self.outcome, grading=self.grading, running=self.lab.running)

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        if event.button.id in ACTION_NAMES:
            event.stop()
            await self.run_action(event.button.id)

    def action_submit(self) -> None:
        """Give the answer widget's current answer."""
        if not self.grading and self.outcome is None:
            self.view.answer.submit()

    @on(AnswerInput.Submitted)
    def _answered(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.grading or self.outcome is not None:
            return
        self.view.lock_answer()
        self.query_one(StatusBar).show("Checking your answer…")
        self.grader.grade(event.answer)
        self._sync()

    @on(AnswerGrader.Graded)
    def _graded(self, event: AnswerGrader.Graded) -> None:
        self.grader.busy = False
        self.outcome = event.outcome
        question = self.session.current
        if self.finishing or question is None:
            self.finish()
            return
        if event.outcome.grade is None:  # an exam: recorded, feedback at the end; go on
            self.call_later(self._go_on, recorded=True)
            return
        model = question.model_answer if isinstance(question, ExplainQuestion) else None
        lab = question.experiment() if isinstance(question, LabPredictionQuestion) else ()
        self.view.feedback.show_outcome(
            event.outcome, explanation=self.session.explanation(), model_answer=model, experiment=lab
        )
        self.view.open_lab()
        self._sync()
        self.query_one("#next", Button).focus()
        self.call_after_refresh(self.view.feedback.bring_into_view, to_the_end=True)  # once it has its height

    @on(AnswerGrader.Failed)
    def _answer_failed(self, event: AnswerGrader.Failed) -> None:
        self.grader.busy = False
        error: QuizAppError = event.error
        if isinstance(error, SessionError) and self.session.time_left() == 0.0:
            self.finish()
            return
        self.notify(str(error), title="The answer was not taken", severity="error", timeout=8, markup=False)
        self.view.unlock_answer()
        self._sync()

    def action_hint(self) -> None:
        """Show the next hint (each one costs some of the points)."""
        if not self.check_action("hint", ()):
            return
        hint = self.session.hint()
        if hint is not None:
            self.view.add_hint(self.session.hints_used, hint)
        self._sync()

    def action_retry(self) -> None:
        """Answer the same question again (practice)."""
        if self.outcome is None or not self.outcome.can_retry:
            return
        self.outcome = None
        self.view.unlock_answer()
        self._sync()

    async def action_next(self) -> None:
        """Go on to the next question (skipping this one if it is unanswered)."""
        await self._go_on()

    async def _go_on(self, *, recorded: bool = False) -> None:
        if self.grading:
            return
        self.recorded = recorded
        self.session.next()
        await self.show_question()

    def action_finish(self) -> None:
        """End the quiz now; asks first while questions are unanswered."""
        unanswered = len(self.session.items) - self.session.answered
        if not unanswered:
            self.finish()
            return

        def answer(finish: bool | None) -> None:
            if finish:
                self.finish()

        self.app.push_screen(finish_dialog(unanswered), answer)

    @on(StatusBar.TimeUp)
    def _time_up(self) -> None:
        self.notify("Time is up: unanswered questions score 0.", severity="warning", timeout=6)
        self.finish()

    def finish(self) -> None:
        """End the session and show the results (after a grading in flight has ended)."""
        if self.grading:
            self.finishing = True
            return
        if self.session.finished:
            return
        self.lab.stop()
        results = self.session.finish()
        from quizapp.tui.screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen(results, self.session))

    def action_open_lab(self) -> None:
        """Watch a lab question's experiment, once answered, in the lab."""
        self.view.feedback.open_experiment()

    @on(FeedbackPanel.OpenExperiment)
    def _open_experiment(self, event: FeedbackPanel.OpenExperiment) -> None:
        from quizapp.tui.screens.lab import LabScreen  # textual-plot loads with the first lab

        cuda = self.services.device == "cuda"
        runs = tuple(replace(run, device="cuda") if cuda else run for run in event.experiment)
        self.app.push_screen(LabScreen(self.services.runner, runs[0], start=runs))

    def action_cancel_run(self) -> None:
        """Stop the run in progress (its process tree is killed at once)."""
        self.lab.cancel()

    def action_leave(self) -> None:
        """Offer to leave the quiz (the answers given are kept)."""

        def leave(yes: bool | None) -> None:
            if yes:
                self.lab.stop()
                self.app.pop_screen()

        self.app.push_screen(leave_dialog(self.session.answered, self._unsent()), leave)

    def action_run(self) -> None:
        """Run the code for real with PyTorch and show what it prints or raises."""
        if not may_run(self.session, self.outcome):
            self.notify(run_refused(self.session.mode))
            return
        code = self.view.runnable_code()
        question = self.session.current
        if code is not None:
            timeout = question.timeout if isinstance(question, ExecutableQuestion) else None
            self.lab.start(code, self.view.run_panel, timeout)
