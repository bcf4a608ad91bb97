"""A screen that asks before the app quits while it holds work in progress."""

from textual.screen import Screen


class GuardedScreen(Screen[None]):
    """A screen with something to lose: the app asks before quitting while it is shown."""

    def quit_warning(self) -> str | None:
        """What quitting now would interrupt, or None when quitting is harmless."""
        return None
