"""What keeps the app from raising in a terminal pane a few cells large.

Textual lays every screen out at whatever size the terminal has. An option list (the home
screen's modes, a select's choices) left with no width for its text raised from inside its
wrapping, so a quiz in a pane squeezed to 10x4 closed with a traceback, and quitting there
raised again. Both apps load this CSS: such a list keeps room for a few characters, and the
screen is cut off at the terminal's edge instead.
"""

TINY_TERMINAL_CSS = """
OptionList { min-width: 10; }
"""
