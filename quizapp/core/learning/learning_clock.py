"""The wall clock that schedules cards: now in UTC, or the time ``$QUIZAPP_NOW`` names."""

import os
from datetime import UTC, datetime

from quizapp.core.errors import QuizAppError

NOW_ENV = "QUIZAPP_NOW"
"""An ISO 8601 time to take as now (tests and demos of days passing); unset: the real time."""


def wall_now() -> datetime:
    """Now, in UTC: ``$QUIZAPP_NOW`` when it is set (a time without a zone is UTC).

    Raises:
        QuizAppError: ``$QUIZAPP_NOW`` is not an ISO 8601 time.
    """
    named = os.environ.get(NOW_ENV)
    if not named:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(named)
    except ValueError:
        raise QuizAppError(f"{NOW_ENV}={named!r} is not a time like 2025-03-01T09:00") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
