"""Assignments: a grader's fixed quiz (questions, seed, mode, limits) as a file learners take.

An assignment names its questions in the order asked, the seed every learner's variants
are drawn from, the mode, an optional time limit, whether hints may be shown and how many
attempts a question allows. Its **fingerprint** is a hash of all of that: a learner's
submission carries it, and ``quizapp grade --assignment`` grades only submissions whose
fingerprint, seed and questions are the grader's own.
"""

import codecs
import hashlib
import json
import unicodedata
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from quizapp.core.errors import QuizAppError
from quizapp.core.records.regular_files import UnreadableFileError, read_regular_file
from quizapp.core.seeds import SEED_LIMIT
from quizapp.core.session.session_rules import MAX_TIME_LIMIT_S

FORMAT = "quizapp-assignment"
MAX_ASSIGNMENT_BYTES = 1024 * 1024
MIN_TITLE_CHARS, MAX_TITLE_CHARS = 1, 200
"""How many characters an assignment's title has."""


class AssignmentError(QuizAppError):
    """An assignment file cannot be written or read, or asks for something impossible."""


class SelectionRule(BaseModel):
    """How the questions were drawn from the bank (kept in the file for the record)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: tuple[str, ...] = ()
    """Only these topics; empty means all."""
    difficulties: tuple[str, ...] = ()
    """Only these difficulties; empty means all."""
    types: tuple[str, ...] = ()
    """Only these question types; empty means all (flashcards are never assigned)."""
    count: int | None = Field(default=None, ge=1, strict=True)
    """At most this many questions; None means every one that matches."""


class Assignment(BaseModel):
    """A quiz set by a grader: the same questions and variants for every learner."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["quizapp-assignment"] = "quizapp-assignment"
    version: Literal[1] = 1
    title: str = Field(min_length=MIN_TITLE_CHARS, max_length=MAX_TITLE_CHARS)
    """The quiz's name, as it appears in gradebooks."""
    mode: Literal["practice", "exam"]
    """Exam: one answer each, feedback at the end. Practice: feedback as you go."""
    seed: int = Field(ge=0, lt=SEED_LIMIT, strict=True)
    """The seed the questions were shuffled with and every variant is drawn from."""
    questions: tuple[str, ...] = Field(min_length=1, max_length=1000)
    """The question ids, in the order they are asked."""
    rule: SelectionRule | None = None
    """The selection rule the questions came from, or None when they were named one by one."""
    time_limit_s: float | None = Field(
        default=None, gt=0, le=MAX_TIME_LIMIT_S, strict=True, allow_inf_nan=False
    )
    """Seconds for the whole quiz (an exam only)."""
    hints: bool = Field(default=False, strict=True)
    """Whether hints may be shown. Off: the session refuses them."""
    attempts: int = Field(default=1, ge=1, le=100, strict=True)
    """Answers a question takes; only the first is scored, the others are practice."""
    bank_fingerprint: str = Field(default="", max_length=64)
    """The grader's bank when the assignment was made."""

    @field_validator("title")
    @classmethod
    def _title_without_controls(cls, title: str) -> str:
        """A line break or an escape in a title would act on a gradebook's rows or a terminal."""
        if shown := control_characters(title):
            raise ValueError(f"a title holds no control characters; this one holds {shown}")
        return title

    @field_validator("questions")
    @classmethod
    def _each_question_once(cls, questions: tuple[str, ...]) -> tuple[str, ...]:
        """A question assigned twice would be asked, and counted, twice."""
        if twice := sorted({qid for qid in questions if questions.count(qid) > 1}):
            raise ValueError(f"a question may be assigned once; named more than once: {', '.join(twice)}")
        return questions

    @model_validator(mode="after")
    def _time_limit_for_exams(self) -> "Assignment":
        """A practice session keeps no time limit; one in the file would be ignored while taking it."""
        if self.time_limit_s is not None and self.mode != "exam":
            raise ValueError("a time limit is for exams; this assignment is practice")
        return self

    @property
    def fingerprint(self) -> str:
        """A hash of everything in the assignment: a changed file gets a new one."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def write_assignment(assignment: Assignment, path: Path) -> None:
    """Write ``assignment`` as a JSON file.

    Raises:
        AssignmentError: The file cannot be written.
    """
    try:
        path.write_text(assignment.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise AssignmentError(f"cannot write {path}: {error.strerror or error}") from None


def control_characters(text: str) -> str:
    """The control characters in ``text`` (line breaks, escapes), as ``U+001B, …``; "" if none."""
    found = sorted({char for char in text if unicodedata.category(char) == "Cc"})
    return ", ".join(f"U+{ord(char):04X}" for char in found)


def title_refused(title: str) -> str:
    """Why ``title`` cannot be an assignment's title ("" when it can), for the person typing it."""
    rule = (
        f"a title is {MIN_TITLE_CHARS} to {MAX_TITLE_CHARS} characters of valid text (UTF-8), "
        "with no control characters"
    )
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        return f"{rule}; this one is not valid UTF-8"
    if not MIN_TITLE_CHARS <= len(title) <= MAX_TITLE_CHARS:
        return f"{rule}; this one has {len(title)}"
    if shown := control_characters(title):
        return f"{rule}; this one holds {shown}"
    return ""


def read_assignment(path: Path) -> Assignment:
    """Read and check an assignment file (a UTF-8 byte-order mark at its start is skipped).

    Raises:
        AssignmentError: It is not a regular file, unreadable, too large, not JSON, or not an
            assignment.
    """
    try:  # a FIFO or a device is refused, not waited on
        data = read_regular_file(path, MAX_ASSIGNMENT_BYTES)
    except UnreadableFileError as error:
        raise AssignmentError(f"cannot read the assignment {path}: {error}") from None
    try:
        return Assignment.model_validate_json(data.removeprefix(codecs.BOM_UTF8))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        message = first["msg"].removeprefix("Value error, ")
        raise AssignmentError(f"{path} is not a quizapp assignment ({where}: {message})") from None


def disagreement(
    assignment: Assignment, *, fingerprint: str, seed: int, questions: tuple[str, ...], mode: str
) -> str:
    """Why a submission was not an attempt at ``assignment`` ("" when it was).

    Args:
        assignment: The grader's own assignment.
        fingerprint: The assignment fingerprint the submission names ("" for self-study).
        seed: The submission's seed.
        questions: The questions of the submission's session, in order.
        mode: The submission's mode.
    """
    if not fingerprint:
        return f"it names no assignment (self-study); expected assignment {assignment.fingerprint}"
    if fingerprint != assignment.fingerprint:
        return f"it was taken from another assignment ({fingerprint}, not {assignment.fingerprint})"
    if seed != assignment.seed:
        return f"its seed {seed} is not the assignment's seed {assignment.seed}"
    if tuple(questions) != assignment.questions:
        extra = sorted(set(questions) - set(assignment.questions))
        lacking = sorted(set(assignment.questions) - set(questions))
        parts = [f"not assigned: {', '.join(extra)}"] if extra else []
        parts += [f"assigned but absent: {', '.join(lacking)}"] if lacking else []
        return "its questions are not the assignment's (" + ("; ".join(parts) or "another order") + ")"
    if mode != assignment.mode:
        return f"it was taken in {mode} mode, the assignment is {assignment.mode}"
    return ""
