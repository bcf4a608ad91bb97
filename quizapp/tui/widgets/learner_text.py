r"""Learner text (answers, run output, messages from their code) shown verbatim: never read as markup.

Textual reads ``str`` given to a Static, a table cell or a notification as markup, so an
answer such as ``[/]`` crashed the results screen and ``tensor([nan, 1.])`` showed as
``tensor()``. Everything a learner typed or their code printed goes through here: it
becomes literal content, with control characters written out (``\x1b``) so that none of
them reaches the terminal.
"""

import re

from rich.text import Text
from textual.content import Content

from quizapp.core.records.terminal_text import escape_controls


def literal(text: str) -> Content:
    """``text`` as content for a Static, shown exactly as written (line breaks kept)."""
    return Content(escape_controls(text))


def literal_cell(text: str, width: int = 48) -> Text:
    """``text`` on one line of at most ``width`` characters, for a table cell, shown as written."""
    line = " ".join(escape_controls(text).split())
    return Text(line if len(line) <= width else line[: width - 1] + "…")


def fenced(text: str, language: str = "text") -> str:
    """``text`` as a Markdown code block, which shows it as written whatever it holds."""
    body = escape_controls(text)
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{body}\n{ticks}"
