"""Problems found in a bank, each with the place an author must look at."""

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a quiz file, located like a compiler diagnostic."""

    path: str
    """The file, as the user named it (or as found under a named directory)."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    field: str
    """Where in the file's structure, e.g. ``questions[2].answer``; empty for the whole file."""
    message: str
    """What is wrong, for the author."""

    def __str__(self) -> str:
        """Render as ``path:line:col: field: message``."""
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready mapping."""
        return asdict(self)


def format_field(path: tuple[str | int, ...]) -> str:
    """Render a structural path the way an author reads it: ``questions[2].choices[0].id``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
