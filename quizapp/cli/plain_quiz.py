"""``quizapp take --plain``: the session engine with plain prompts and typed answers.

For terminals without full-screen support, screen readers and scripts. The rules a
script can rely on:

- Each prompt ends with a space and waits for one line. When input is not a terminal
  (piped), the line read is echoed after the prompt, so the output reads as a transcript.
- Multi-line answers (code) end with a line holding a single ``.``.
- A print whose key spans lines (the prompt says "several lines") is typed line by line,
  ending with a line holding only ``.`` (spaces around it allowed) or with the end of input,
  which then ends the answer and keeps it. Its first line works as a one-line answer's
  does: empty to skip, ``?`` for a hint. Lines after it are taken as typed, blank ones too.
- Text is wrapped to the terminal's width, and not at all when output is not a terminal.
- ``Try again? (y/N)`` is asked only in a terminal. From a pipe, a wrong practice answer is
  retried only when the next line is exactly ``retry``; any other line is the next answer.
- An answer that cannot be taken (a rating that is not one, a number that is not a number,
  a word that is neither true nor false, a choice not on the list) is explained and asked
  for again; it is never graded.
- At the end of input, the questions not answered yet stay unanswered and the session is
  kept unfinished, in every mode; ``quizapp take --plain --resume`` takes it up again.
"""

from collections.abc import Callable
from typing import TextIO

from quizapp.cli.plain_answers import END_OF_LINES, answer_spans_lines, ask_text, refusal, shaped
from quizapp.cli.plain_text import reflow
from quizapp.core.grading.answer_size import too_long_sentence
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.core.model.questions import FlashcardQuestion, LabPredictionQuestion, Question
from quizapp.core.records.terminal_text import terminal_safe
from quizapp.core.session.quiz_session import Mode, QuizSession, Results, SessionError
from quizapp.core.session.score_line import score_line

HINT_WORDS = {"?", "h", "hint"}
RETRY_WORD = "retry"
"""From a pipe, this line right after a wrong practice answer asks the question again."""
_SKIPPED = object()
"""What ``_answer`` returns when the learner skipped the question with an empty line."""
_MOST_ECHOED_CHARS = 200
"""The most of a piped line echoed back."""


class LineQuiz:
    """Drive a :class:`QuizSession` through lines of text in and out."""

    def __init__(
        self,
        session: QuizSession,
        read: Callable[[], str | None],
        out: TextIO,
        *,
        interactive: bool = True,
        width: int | None = None,
    ) -> None:
        """Ask on ``out``; ``read`` returns the next line typed, or None at the end of input.

        Args:
            session: The session to drive (new or resumed).
            read: The next line of input, None at its end.
            out: Where prompts and feedback go.
            interactive: Input comes from a person at a terminal: offer retries with a
                prompt, and leave echoing what is typed to the terminal.
            width: Wrap text at this many columns; None does not wrap.
        """
        self.session = session
        self.read = read
        self.out = out
        self.interactive = interactive
        self.width = width
        self.ended = False
        self._pending: str | None = None

    def say(self, text: str = "", *, indent: str = "") -> None:
        """Write text, its paragraphs wrapped to the width."""
        for line in reflow(text, self.width, indent=indent) or [""]:
            self.out.write(line + "\n")
        self.out.flush()

    def _verbatim(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def run(self) -> Results | None:
        """Ask every question left, then show and return the results.

        Returns:
            The results, or None when input ended first: the session is then kept
            unfinished, to be resumed.
        """
        total = len(self.session.items)
        self.say(f"{self.session.mode.value.capitalize()}: {total} question{'s' * (total != 1)}.")
        if self.session.answered:
            self.say(f"Resuming session {self.session.session_id}: {self.session.answered} answered so far.")
        while (question := self.session.current) is not None:
            if self.session.time_left() == 0.0:
                self.say("Time is up.")
                break
            self.say()
            number = self.session.position + 1
            self.say(f"Question {number}/{total} [{question.topic}, {question.difficulty.value}]")
            if not self._ask(question):
                self._stop_at_end_of_input()
                return None
            self.session.next()
        results = self.session.finish()
        self._show(results)
        return results

    def _stop_at_end_of_input(self) -> None:
        left = len(self.session.items) - self.session.answered
        self.say()
        if left:
            self.say(
                f"End of input: {left} question{'s' * (left != 1)} not answered. "
                "The session is kept unfinished, with every answer given so far."
            )
        else:  # input ended at a retry or a turned card: all is answered, nothing is finished
            self.say(
                "End of input: every question has an answer, but the quiz was not finished. "
                "The session is kept unfinished; resuming it shows the results."
            )
        if self.session.session_id is not None:
            self.say(f"Resume it with: quizapp take --plain --resume {self.session.session_id}")

    def _ask(self, question: Question) -> bool:
        """Ask the current question until it is answered or skipped; False if input ended first."""
        self.say(self.session.prompt())
        if (code := self.session.code()) is not None:
            self._verbatim("")
            for line in code.rstrip().splitlines():
                self._verbatim(f"    {line}")
        for number, choice in enumerate(self.session.choices(), start=1):
            self.say(f"  {number}) {choice.text}")
        if isinstance(question, FlashcardQuestion):
            if self._line("Press Enter to turn the card.") is None:
                return False
            self.say(question.back)
        while True:
            raw = self._answer(question)
            if raw is None:
                return False
            if raw is _SKIPPED:
                self.say("Skipped.")
                return True
            try:
                outcome = self.session.answer(raw)
            except SessionError as error:
                self.say(f"Cannot take that answer: {error}")
                if self.session.time_left() == 0.0 or self.session.mode is Mode.EXAM:
                    return True
                continue
            if outcome.grade is None:
                self.say("Answer recorded.")
                return True
            mark = "Correct" if outcome.grade.correct else "Not quite"
            practice = " (a retry: practice, not scored)" if outcome.practice else ""
            unit = "point" if outcome.max_points == 1 else "points"
            self.say(f"{mark}: {outcome.points:g} of {outcome.max_points:g} {unit}{practice}.")
            if outcome.grade.feedback:
                self.say(outcome.grade.feedback)
            if outcome.grade.missed:
                self.say(f"Missed: {', '.join(outcome.grade.missed)}")
            self.say(f"Why: {self.session.explanation().strip()}")
            if isinstance(question, LabPredictionQuestion):
                self._show_experiment(question)
            if not outcome.can_retry or not self._wants_retry():
                return True

    def _show_experiment(self, question: LabPredictionQuestion) -> None:
        """Say how to watch the experiment: one ``quizapp lab`` command per run, printed as is."""
        self.say("Watch it train (one command per run):")
        for run in question.runs:
            self._verbatim(f"    {run.command()}")

    def _wants_retry(self) -> bool:
        """Ask in a terminal; from a pipe, look at the next line without taking it."""
        if self.interactive:
            return self._line("Try again? (y/N)") in {"y", "yes"}
        line = self._next_line()
        if line is not None and line.strip() == RETRY_WORD:
            self._echo(RETRY_WORD)
            return True
        self._pending = line
        return False

    def _answer(self, question: Question) -> object | None:
        """Read one answer in the shape the question takes; _SKIPPED, or None at end of input."""
        if isinstance(question, CodeTaskQuestion):
            self.say("Starter code:")
            for line in question.starter.rstrip().splitlines():
                self._verbatim(f"    {line}")
            while (code := self._block("Type your code; end with a line holding a single '.'.")) is not None:
                if (why := too_long_sentence(code)) is None:
                    break
                self.say(why)
            return _SKIPPED if code == "" else code
        while True:
            typed = self._line(ask_text(question))
            if typed is None:
                return None
            if typed == "":
                return _SKIPPED
            if typed.lower() in HINT_WORDS:
                if not self.session.hints_allowed:
                    self.say("No hints: they are off in this assignment.")
                    continue
                hint = self.session.hint()
                self.say(f"Hint: {hint}" if hint else "No more hints.")
                continue
            if answer_spans_lines(question):
                typed = self._lines_after(typed)
                if typed == "":  # the first line ended the answer: nothing was typed
                    return _SKIPPED
            shown = self.session.choices()
            if (why := refusal(question, shown, typed)) is not None:
                self.say(why)
                continue
            return shaped(question, shown, typed)

    def _next_line(self) -> str | None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            return pending
        if self.ended:
            return None
        line = self.read()
        if line is None:
            self.ended = True
        return line

    def _echo(self, typed: str, *, prompt: str = "> ") -> None:
        """Show a piped line after ``prompt`` as if it had been typed (a terminal shows what a person types).

        A line longer than a screen is cut, with its length said: a file piped in by mistake
        is not written back whole.
        """
        if not self.interactive:
            if len(typed) > _MOST_ECHOED_CHARS:
                typed = f"{typed[:_MOST_ECHOED_CHARS]}… ({len(typed):,} characters)"
            self._verbatim(prompt + terminal_safe(typed))

    def _line(self, prompt: str) -> str | None:
        """Ask ``prompt`` and read one line: stripped, or None at the end of input."""
        self.say(prompt)
        line = self._next_line()
        if line is None:
            self._echo("(end of input)", prompt="")
            return None
        typed = line.strip()
        self._echo(typed)
        return typed

    def _lines_after(self, first: str) -> str:
        """The answer of several lines that starts with ``first``: up to a line holding only '.'.

        The end of input ends the answer too, keeping the lines given so far (the next
        question then finds the input ended). Trailing spaces are dropped from each line
        (comparison ignores them); leading ones are kept, they may be PyTorch's alignment.
        """
        lines: list[str] = []
        line: str | None = first
        while line is not None and line.strip() != END_OF_LINES:
            lines.append(line.rstrip())
            if (line := self._next_line()) is not None:
                self._echo(line.rstrip())
        if line is None:
            self._echo("(end of input)", prompt="")
        return "\n".join(lines).rstrip()

    def _block(self, prompt: str) -> str | None:
        """Read lines up to one holding ``.``: the text ('' for none), or None at the end of input."""
        self.say(prompt)
        lines = []
        while (line := self._next_line()) is not None and line.rstrip("\n") != ".":
            lines.append(line.rstrip("\n"))
            self._echo(lines[-1])
        if line is None:
            self._echo("(end of input)", prompt="")
            return None
        self._echo(".")
        return "\n".join(lines)

    def _show(self, results: Results) -> None:
        self.say()
        self.say(score_line(results, self.session.mode, compact=True))
        for topic, (points, most) in sorted(results.by_topic.items()):
            self.say(f"  {topic}: {points:g} / {most:g}")
        if results.missed:
            self.say(f"To review: {', '.join(question.id for question in results.missed)}")


__all__ = ["LineQuiz", "Mode"]
