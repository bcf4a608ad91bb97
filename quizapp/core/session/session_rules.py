"""What a session allows beyond its mode: an assignment's fingerprint, hints on or off, attempts."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SessionRules:
    """What a session allows beyond its mode; an assignment sets them, self-study keeps the defaults."""

    assignment: str = ""
    """The fingerprint of the assignment taken ("" for self-study)."""
    hints: bool = True
    """Whether hints may be shown."""
    attempts: int | None = None
    """Answers a question takes (None: as many as the mode allows)."""

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
