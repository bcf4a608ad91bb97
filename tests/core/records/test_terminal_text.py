"""Learner text on a grader's terminal: no escape sequence or control code gets through."""

import pytest

from quizapp.core.records.terminal_text import terminal_safe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("bob\x1b]0;pwned\x07", "bob"),  # sets the window title
        ("bob\x1b]0;pwned\x1b\\!", "bob!"),  # the same, ended by ST
        ("\x1b[2Jbob", "bob"),  # clears the screen
        ("\x1b[31;1mred\x1b[0m", "red"),  # colours
        ("bob\rALICE", "bob ALICE"),  # would print over "bob"
        ("a\nb\tc", "a b c"),  # one record stays on one line
        ("\x1bcbob", "bob"),  # ESC c resets the terminal
        ("\x9b2Jbob", "bob"),  # 8-bit CSI
        ("\x9d0;pwned\x07bob", "bob"),  # 8-bit OSC
        ("bob\x07\x08\x00\x7f", "bob"),  # bell, backspace, NUL, DEL
        ("\u202eevil", "evil"),  # right-to-left override
        ("Zoë [bold]", "Zoë [bold]"),  # ordinary text, brackets included, is kept
        ("", ""),
    ],
)
def test_terminal_safe_keeps_the_text_and_drops_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_nothing_a_terminal_acts_on_is_left_in_any_mix() -> None:
    hostile = "".join(chr(code) for code in range(0x00, 0xA0)) + "\x1b]0;pwned\x07\x1b[2J"
    shown = terminal_safe(hostile)
    assert all(ord(character) >= 0x20 and not 0x7F <= ord(character) < 0xA0 for character in shown)
    assert "pwned" not in shown
