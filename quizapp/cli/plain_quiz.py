"""``quizapp take --plain``: the session engine with plain prompts and typed answers.

For terminals without full-screen support, screen readers and scripts: answers may be
piped on stdin, and the output is plain, uncoloured text stable enough to assert on.
Multi-line answers (code) end with a line holding a single ``.``.
"""

from collections.abc import Callable
from typing import TextIO

from quizapp.core.grading.answer_rules import FLASHCARD_CREDIT
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.questions import (
    Choice,
    FlashcardQuestion,
    MultipleSelectQuestion,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.session.quiz_session import Mode, QuizSession, Results, SessionError

HINT_WORDS = {"?", "h", "hint"}


class LineQuiz:
    """Drive a :class:`QuizSession` through lines of text in and out."""

    def __init__(self, session: QuizSession, read: Callable[[], str | None], out: TextIO) -> None:
        """Ask with ``out``; ``read`` returns the next line typed, or None at the end of input."""
        self.session = session
        self.read = read
        self.out = out
        self.ended = False

    def say(self, text: str = "") -> None:
        """Write one line."""
        self.out.write(text + "\n")
        self.out.flush()

    def run(self) -> Results:
        """Ask every question, then show and return the results."""
        total = len(self.session.items)
        self.say(f"{self.session.mode.value.capitalize()}: {total} question{'s' * (total != 1)}.")
        while (question := self.session.current) is not None and not self.ended:
            self.say()
            number = self.session.position + 1
            self.say(f"Question {number}/{total} [{question.topic}, {question.difficulty.value}]")
            self._ask(question)
            if self.session.time_left() == 0.0:
                self.say("Time is up.")
                break
            self.session.next()
        results = self.session.finish()
        self._show(results)
        return results

    def _ask(self, question: Question) -> None:
        self.say(self.session.prompt())
        if (code := self.session.code()) is not None:
            self.say("")
            for line in code.rstrip().splitlines():
                self.say(f"    {line}")
        for number, choice in enumerate(self.session.choices(), start=1):
            self.say(f"  {number}) {choice.text}")
        if isinstance(question, FlashcardQuestion):
            if self._line("Press Enter to turn the card.") is None:
                return
            self.say(question.back)
        while True:
            raw = self._answer(question)
            if raw is None:
                self.say("Skipped.")
                return
            try:
                outcome = self.session.answer(raw)
            except SessionError as error:
                self.say(f"Cannot take that answer: {error}")
                return
            if outcome.grade is None:
                self.say("Answer recorded.")
                return
            mark = "Correct" if outcome.grade.correct else "Not quite"
            self.say(f"{mark}: {outcome.points:g} of {outcome.max_points:g} points.")
            if outcome.grade.feedback:
                self.say(outcome.grade.feedback)
            if outcome.grade.missed:
                self.say(f"Missed: {', '.join(outcome.grade.missed)}")
            self.say(f"Why: {self.session.explanation().strip()}")
            if not outcome.can_retry or self._line("Try again? (y/N)") not in {"y", "yes"}:
                return

    def _answer(self, question: Question) -> object | None:
        """Read one answer in the shape the question takes; None to skip."""
        while True:
            if isinstance(question, CodeTaskQuestion):
                self.say("Starter code:")
                for line in question.starter.rstrip().splitlines():
                    self.say(f"    {line}")
                return self._block("Type your code; end with a line holding a single '.'.")
            hint_or_answer = self._line(self._ask_text(question))
            if hint_or_answer is None or hint_or_answer == "":
                return None
            if hint_or_answer.lower() in HINT_WORDS:
                hint = self.session.hint()
                self.say(f"Hint: {hint}" if hint else "No more hints.")
                continue
            return self._shaped(question, hint_or_answer)

    def _ask_text(self, question: Question) -> str:
        if isinstance(question, MultipleSelectQuestion):
            return "Your choices (numbers, separated by spaces; ? for a hint, Enter to skip):"
        if isinstance(question, TrueFalseQuestion):
            return "True or false? (t/f; ? for a hint, Enter to skip):"
        if isinstance(question, FlashcardQuestion):
            return f"How well did you know it? ({'/'.join(FLASHCARD_CREDIT)}):"
        if isinstance(question, CodeOutputQuestion):
            return "What does it print? (one line; ? for a hint, Enter to skip):"
        return "Your answer (? for a hint, Enter to skip):"

    def _shaped(self, question: Question, typed: str) -> object:
        shown = self.session.choices()
        if isinstance(question, SingleChoiceQuestion):
            return _choice_id(shown, typed)
        if isinstance(question, MultipleSelectQuestion):
            return [_choice_id(shown, part) for part in typed.replace(",", " ").split()]
        return typed

    def _line(self, prompt: str) -> str | None:
        self.say(prompt)
        line = self.read()
        if line is None:
            self.ended = True
            return None
        return line.strip()

    def _block(self, prompt: str) -> str | None:
        self.say(prompt)
        lines = []
        while (line := self.read()) is not None and line.rstrip("\n") != ".":
            lines.append(line.rstrip("\n"))
        if line is None:
            self.ended = True
        return "\n".join(lines) if lines else None

    def _show(self, results: Results) -> None:
        self.say()
        self.say(f"Score: {results.points:g} / {results.max_points:g} ({results.percentage:g}%)")
        for topic, (points, most) in sorted(results.by_topic.items()):
            self.say(f"  {topic}: {points:g} / {most:g}")
        if results.missed:
            self.say(f"To review: {', '.join(question.id for question in results.missed)}")


def _choice_id(shown: tuple[Choice, ...], typed: str) -> str:
    """Accept a choice's number as shown, or its id."""
    typed = typed.strip().rstrip(")")
    if typed.isdigit() and 1 <= int(typed) <= len(shown):
        return shown[int(typed) - 1].id
    return typed


__all__ = ["LineQuiz", "Mode"]
