"""What a learner asks for (a ``QuizRequest``) and the questions a session is made of."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.core.learning.due_queue import due_questions
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.questions import Question
from quizapp.core.records.assignments import Assignment
from quizapp.core.records.attempt_store import AttemptStore, SessionRecord
from quizapp.core.session.question_selection import review_questions, select_questions
from quizapp.core.session.quiz_session import Mode
from quizapp.core.session.reveal_order import one_per_fact, recall_first

MOST_TOPICS_NAMED = 3
"""A title names up to this many topics; more are counted ("5 topics")."""


@dataclass(frozen=True, slots=True)
class QuizRequest:
    """A learner's choice of quiz: the mode and which questions, how many, how long."""

    mode: Mode = Mode.PRACTICE
    topics: tuple[str, ...] = ()
    """Only these topics; empty means all."""
    difficulties: tuple[str, ...] = ()
    """Only these difficulties; empty means all."""
    types: tuple[str, ...] = ()
    """Only these question types; empty means all."""
    count: int | None = 10
    """At most this many questions; None means every one that matches."""
    time_limit_s: float | None = None
    """Seconds for the whole session (an exam only)."""
    assignment: Assignment | None = None
    """A grader's assignment: its questions, seed, mode and rules replace everything above."""

    @classmethod
    def for_assignment(cls, assignment: Assignment) -> "QuizRequest":
        """The request that takes ``assignment``: its mode, time limit and questions."""
        mode, limit = Mode(assignment.mode), assignment.time_limit_s
        return cls(mode, count=None, time_limit_s=limit, assignment=assignment)

    def title(self) -> str:
        """A short title for the quiz, stored with the session: e.g. "Exam: all topics"."""
        if self.assignment is not None:
            return self.assignment.title
        if not self.topics:
            topics = "all topics"
        elif len(self.topics) > MOST_TOPICS_NAMED:
            topics = f"{len(self.topics)} topics"
        else:
            topics = ", ".join(self.topics)
        return f"{self.mode.value.capitalize()}: {topics}"


def plan_questions(
    questions: Sequence[Question],
    request: QuizRequest,
    *,
    seed: int,
    store: AttemptStore | None,
    learner: str,
    now: datetime | None = None,
) -> list[Question]:
    """The questions of a new session, in the order to ask them.

    Args:
        questions: The whole bank.
        request: What the learner asked for.
        seed: The shuffle seed; the same seed gives the same questions in the same order.
        store: The attempt store, where review mode finds past mistakes.
        learner: Whose past mistakes review mode brings back.
        now: The time due mode schedules against (default: ``learning_clock.wall_now``).

    Returns:
        The matching questions, shuffled, at most ``request.count``, and then reordered so that
        no question comes after one that gives its answer away (``reveal_order.recall_first``);
        of questions declared ``same_fact_as``, at most one. Review mode draws from the
        questions ``learner`` last missed (none without a store); flashcards mode from
        flashcards only; due mode from the questions due now (``core.learning.due_queue``);
        an assignment's questions are its own, in its order (``quizapp assign`` ordered them).

    Raises:
        NothingDueError: Due mode, and nothing is due now (it says when to come back).
    """
    if request.assignment is not None:
        return questions_by_id(questions, request.assignment.questions)
    pool = list(questions)
    if request.mode is Mode.DUE:  # the learner's FSRS schedule decides, topics interleaved
        pool = select_questions(
            pool, seed=seed, topics=request.topics, difficulties=request.difficulties, types=request.types
        )
        due = due_questions(store, learner, pool, count=request.count, now=now)
        return recall_first(one_per_fact(due), questions)
    if request.mode is Mode.REVIEW:
        pool = review_questions(store, learner, pool) if store is not None else []
    elif request.mode is Mode.FLASHCARDS:
        pool = [question for question in pool if question.type == "flashcard"]
    chosen = select_questions(
        pool, seed=seed, topics=request.topics, difficulties=request.difficulties, types=request.types
    )
    return recall_first(one_per_fact(chosen)[: request.count], questions)


def runs_code(question: Question) -> bool:
    """Whether grading this question needs the execution backend."""
    return isinstance(question, CodeTaskQuestion) or (
        isinstance(question, CodeOutputQuestion) and bool(question.parameters)
    )


def needs_runner(questions: Iterable[Question]) -> bool:
    """Whether grading any of these questions needs the execution backend (a SnippetRunner)."""
    return any(runs_code(question) for question in questions)


def questions_by_id(questions: Sequence[Question], ids: Iterable[str]) -> list[Question]:
    """The questions named by ``ids``, in that order, to resume a stored session.

    Ids that are no longer in the bank are dropped.
    """
    known = {question.id: question for question in questions}
    return [known[question_id] for question_id in ids if question_id in known]


def time_left_on_resume(record: SessionRecord, now: datetime) -> float | None:
    """The seconds a resumed exam has left: its limit less the time since it started.

    An exam's clock keeps running while the learner is away, as it would in a room; a
    session without a limit (or not an exam) has none. Never below 0.
    """
    limit = record.settings.get("time_limit_s")
    if record.mode != Mode.EXAM.value or not isinstance(limit, (int, float)):
        return None
    spent = (now - datetime.fromisoformat(record.started_at)).total_seconds()
    return max(float(limit) - spent, 0.0)
