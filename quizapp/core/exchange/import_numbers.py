"""Numbers read from a foreign bank: a question with one that cannot be read is left out, with why."""

import math


class NotImportableError(ValueError):
    """A question cannot be brought over; the message says why, for the author."""


def foreign_number(text: str | None, what: str, *, default: float | None = None) -> float:
    """Read a number an LMS wrote, or say which one could not be read.

    Args:
        text: The number as written (None or blank: ``default``).
        what: What the number is, for the message (``"the fraction"``, ``"the tolerance"``).
        default: The value of a missing number; None makes a missing number an error.

    Raises:
        NotImportableError: The text is not a number, or not a finite one (``1e999``, or
            5,000 digits that no float holds).
    """
    written = (text or "").strip()
    if not written and default is not None:
        return default
    shown = written if len(written) <= 24 else f"{written[:10]}...{written[-10:]}"
    try:
        value = float(written)
    except ValueError:
        raise NotImportableError(f"{what} {shown!r} is not a number") from None
    if not math.isfinite(value):
        raise NotImportableError(f"{what} {shown!r} is not a finite number")
    return value
