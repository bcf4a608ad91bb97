"""Plain mode's text layout: authors' line breaks joined into paragraphs, wrapped to the real width.

Question texts are written in YAML block scalars with line breaks where the author's
editor put them (about 90 columns). Like Markdown, plain mode treats a single line break
inside a paragraph as a space, then wraps each paragraph to the terminal's width. When
the output is not a terminal (a pipe, a file, a screen reader's buffer) nothing is wrapped:
each paragraph is one line, so a script or another program can wrap it as it likes.
Code (fenced blocks, lines indented by four spaces) is never joined or wrapped.
"""

import re
import shutil
import textwrap
from typing import TextIO

MIN_WIDTH = 20
"""Narrower terminals are wrapped at this width anyway: a word per line helps nobody."""
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
"""A list item's marker, which starts a line of its own and hangs the lines after it."""
_KEEPS_ITS_LINE = re.compile(r"^(?:\s{4}|\s*>|\s*\|)")
"""Lines that are never joined with the one before: code indented by four, quotes, tables."""


def output_width(stream: TextIO) -> int | None:
    """The width to wrap at: the terminal's when ``stream`` is one, else None (no wrapping)."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def reflow(text: str, width: int | None, *, indent: str = "") -> list[str]:
    """Lay out ``text`` for plain mode: paragraphs joined, then wrapped at ``width``.

    Args:
        text: The text, possibly with the author's line breaks.
        width: Columns to wrap at; None keeps each paragraph on one line.
        indent: Put before every line (and hung under the first after a wrap).

    Returns:
        The lines to print, without line endings.
    """
    lines: list[str] = []
    paragraph: list[str] = []
    fenced = False

    def flush() -> None:
        if paragraph:
            lines.extend(_wrapped(" ".join(paragraph), width, indent))
            paragraph.clear()

    for line in text.rstrip().splitlines():
        stripped = line.strip()
        if stripped.startswith("```") or fenced or _KEEPS_ITS_LINE.match(line) or not stripped:
            flush()
            if stripped.startswith("```"):
                fenced = not fenced
            lines.append(f"{indent}{line.rstrip()}" if stripped else "")
        elif _ITEM.match(line) or not paragraph:
            flush()
            paragraph.append(line.rstrip())
        else:
            paragraph.append(stripped)
    flush()
    return lines


def _wrapped(line: str, width: int | None, indent: str) -> list[str]:
    item = _ITEM.match(line)
    hanging = indent + " " * (len(item.group(1)) if item else len(line) - len(line.lstrip()))
    if width is None or len(indent) + len(line) <= width:
        return [indent + line]
    return textwrap.wrap(
        line,
        width=max(width, len(hanging) + MIN_WIDTH // 2),
        initial_indent=indent,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
