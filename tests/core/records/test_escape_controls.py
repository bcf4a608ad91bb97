"""escape_controls: text shown verbatim, every control character written out, line breaks kept."""

import pytest

from quizapp.core.records.terminal_text import escape_controls


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[/] [bold]x[/bold] tensor([nan, 1.])", "[/] [bold]x[/bold] tensor([nan, 1.])"),
        ("\x1b]0;title\x07", r"\x1b]0;title\x07"),
        ("\x1b[2J", r"\x1b[2J"),
        ("a\rb\x00c\x7f\x9b", r"a\x0db\x00c\x7f\x9b"),
        ("evil\u202egnp.exe", r"evil\u202egnp.exe"),
        ("two\nlines\twith a tab", "two\nlines\twith a tab"),
    ],
)
def test_control_characters_are_shown_escaped(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


def test_what_is_kept_can_be_chosen() -> None:
    assert escape_controls("a\nb", keep="") == r"a\x0ab"
