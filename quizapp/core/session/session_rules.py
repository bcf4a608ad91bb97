"""What a session allows: an assignment's fingerprint, hints on or off, attempts, and its time.

The live session (``QuizSession``) and re-grading a submission (``records.submissions``)
both ask these rules, so a file is held to what the session would have allowed.
"""

import math
from dataclasses import dataclass

MAX_TIME_LIMIT_S = 24 * 60 * 60
"""The longest time limit a session takes: a day."""


@dataclass(frozen=True, slots=True)
class SessionRules:
    """What a session allows beyond its mode; an assignment sets them, self-study keeps the defaults."""

    assignment: str = ""
    """The fingerprint of the assignment taken ("" for self-study)."""
    hints: bool = True
    """Whether hints may be shown."""
    attempts: int | None = None
    """Answers a question takes (None: as many as the mode allows)."""

    def attempt_refused(self, mode: str, given: int) -> str:
        """Why a session in ``mode`` takes no more answers to a question that has ``given`` ("" if it does).

        An exam takes one answer a question; an assignment may allow fewer than its mode does.
        """
        if given and mode == "exam":
            return "this question was answered already"
        if self.attempts is not None and given >= self.attempts:
            return f"this question takes {self.attempts} attempt(s); go on to the next"
        return ""

    def settings(self) -> dict[str, object]:
        """The rules as stored with the session."""
        return {"assignment": self.assignment, "hints": self.hints, "attempts": self.attempts}

    @classmethod
    def from_settings(cls, settings: dict[str, object]) -> "SessionRules":
        """The rules stored with a session (the defaults for one stored before rules existed)."""
        attempts = settings.get("attempts")
        return cls(
            str(settings.get("assignment") or ""),
            settings.get("hints") is not False,
            attempts if isinstance(attempts, int) else None,
        )


SELF_STUDY = SessionRules()
"""The rules of a session that no assignment set."""


def time_left(limit_s: float | None, elapsed_s: float) -> float | None:
    """Seconds left of a limit after ``elapsed_s`` (never below 0: 0 is time up); None when untimed."""
    if limit_s is None:
        return None
    return max(0.0, limit_s - elapsed_s)


def time_limit_refused(limit_s: float) -> str:
    """Why ``limit_s`` cannot be a session's time limit ("" if it can): above 0, at most a day.

    Not a number, infinite or absurdly long, a limit once ended the exam before its first
    question ("Time is up").
    """
    if math.isfinite(limit_s) and 0 < limit_s <= MAX_TIME_LIMIT_S:
        return ""
    return (
        f"a time limit is a number of seconds above 0 and at most {MAX_TIME_LIMIT_S} (a day), not {limit_s:g}"
    )
