"""Where the tests find the shipped bank and their fixture files."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The checkout's root."""
BANK = ROOT / "question_bank"
"""The shipped question bank."""
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = FIXTURES / "broken"
"""One broken quiz file per problem an author can make."""
TUI_BANK = FIXTURES / "tui_bank"
"""A small bank with one question of every type, for the app's tests."""
WRONG_KEYS = FIXTURES / "wrong_keys"
"""A quiz file whose keys disagree with what torch does."""
