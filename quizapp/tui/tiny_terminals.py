"""What the apps do in a terminal pane too small to work in.

Textual lays every screen out at whatever size the terminal has. Below 32 columns or 10 rows
a question, its answer and its buttons no longer fit together: a code editor shows no line,
a question is cut after a word or two, and nothing said why. So there, both apps hide the
screen and say instead how to quit (first, so the smallest pane shows it), how large the
terminal is, how large it must be, and that nothing is lost; every key but Ctrl+Q waits until
the terminal is large enough again, so nothing is typed or pressed unseen. The screens
underneath stay as they were (the answer typed, the focus, any dialog), and come back as soon
as the terminal grows.

An option list (the home screen's modes, a select's choices) left with no width for its text
raised from inside its wrapping, so the CSS here also keeps room for a few characters in it.
"""

from typing import ClassVar

from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from quizapp.tui.literal_notices import LiteralNoticesApp

MIN_WIDTH = 32
"""Columns below which a screen no longer fits: the notice shows instead."""
MIN_HEIGHT = 10
"""Rows below which a screen no longer fits: the notice shows instead."""

TINY_TERMINAL_CSS = """
OptionList { min-width: 10; }
TooSmallNotice { display: none; }
App.-too-small Screen > * { display: none !important; }
App.-too-small Screen > TooSmallNotice {
    display: block !important;
    width: 1fr;
    height: 1fr;
    padding: 0 1;
    background: $panel;
    color: $text;
}
"""


class TooSmallNotice(Static):
    """Stands in for a screen while the terminal is too small for it."""


class TinyTerminalApp(LiteralNoticesApp):
    """An app that shows :class:`TooSmallNotice` instead of its screens in a too small terminal."""

    DEFAULT_CSS = TINY_TERMINAL_CSS
    SCOPED_CSS = False  # its rules start at the app, whose class says the terminal is too small

    PLAIN_COMMAND: ClassVar[str] = "quizapp take --plain"
    """The command that does the same work in plain lines, at any size."""

    def __init__(self) -> None:
        """Create the app, taken to fit until its first size says otherwise."""
        super().__init__()
        self.too_small = False
        """Whether the terminal is below ``MIN_WIDTH`` x ``MIN_HEIGHT`` (the notice shows)."""
        self._quit_asked: str | None = None
        self._focus_kept: tuple[Screen[object], Widget] | None = None

    def quit_warning(self) -> str | None:
        """What quitting now would interrupt, or None when quitting is harmless."""
        return None

    def on_mount(self) -> None:
        """Fit the first size, and put the notice on each screen shown while it is needed."""
        self.screen_change_signal.subscribe(self, lambda _: self._show_notice())
        self._fit(self.size)

    def on_resize(self, event: events.Resize) -> None:
        """Hide the screens below the smallest size they fit, and show them again above it."""
        self._fit(event.size)

    async def on_event(self, event: events.Event) -> None:
        """While the notice shows, drop keys, pastes and clicks; Ctrl+Q still quits."""
        if self.too_small and isinstance(event, events.InputEvent | events.Paste):
            if isinstance(event, events.Key) and event.key == "ctrl+q":
                self._quit_while_too_small()
            event.stop()
            return
        await super().on_event(event)

    def _fit(self, size: Size) -> None:
        too_small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        if too_small and not self.too_small:
            focused = self.screen.focused
            self._focus_kept = None if focused is None else (self.screen, focused)
        self.too_small = too_small
        self.set_class(too_small, "-too-small")
        if too_small:
            self._show_notice(size)
            return
        self._quit_asked = None
        kept, self._focus_kept = self._focus_kept, None
        if kept is not None and kept[0] is self.screen and kept[1].is_attached:
            kept[1].focus()

    def _quit_while_too_small(self) -> None:
        """Quit at once when nothing would be lost; else say what would be, and quit on a second press."""
        warning = self.quit_warning()
        if warning is None or self._quit_asked is not None:
            self.exit()
            return
        self._quit_asked = warning
        self._show_notice()

    def _notice_text(self, size: Size) -> str:
        if self._quit_asked is not None:
            # What to press first, then what would be lost: a pane of 24x8 shows the start of both.
            return f"Quit? Ctrl+Q again quits; enlarge to stay. {self._quit_asked}"
        return (  # the first words say the most: a pane of 10x4 shows only the way out and why
            f"Ctrl+Q quits. Too small: {size.width}x{size.height} (needs {MIN_WIDTH}x{MIN_HEIGHT})."
            " Enlarge the terminal and the screen comes back as it was; nothing is lost."
            f" At any size: {self.PLAIN_COMMAND}"
        )

    def _show_notice(self, size: Size | None = None) -> None:
        """Put the notice, with today's size, on the current screen (only while it is needed)."""
        if not self.too_small:
            return
        screen = self.screen
        text = self._notice_text(size or self.size)
        notices = screen.query_children(TooSmallNotice)
        if notices:
            notices.first().update(text)
        else:
            screen.mount(TooSmallNotice(text, markup=False))
