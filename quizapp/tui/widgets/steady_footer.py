"""Textual's footer, rebuilt only when the keys it shows have changed.

Textual's ``Footer`` rebuilds all of its keys (a dozen widgets, each styled anew) every time
a screen says its bindings may have changed: on every focus change, every screen switch and
every ``refresh_bindings``, even when the keys shown stay the same, and once per notice when
several arrive together. At start-up that was three rebuilds in a row after the home screen
first showed, about 10 ms each. This footer folds the notices that arrive before its next
refresh into one, and rebuilds only when a key, its description, its enabled state or its
tooltip differs from what it already shows.
"""

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, bool, str], ...]
"""What the footer shows from: per active binding its key, description, action, whether it
is shown, whether it is enabled, and its tooltip."""


def _key_row(binding: Binding, enabled: bool, tooltip: str) -> tuple[str, str, str, bool, bool, str]:
    return (binding.key, binding.description, binding.action, binding.show, enabled, tooltip)


class SteadyFooter(Footer):
    """A footer of key bindings that rebuilds itself only when they have changed."""

    def __init__(self) -> None:
        """A footer that shows the active screen's bindings, as Textual's does."""
        super().__init__()
        self._rebuild_pending = False
        self._shown: Shown | None = None

    def _shown_now(self) -> Shown:
        bindings = self.screen.active_bindings.values()
        return tuple(_key_row(binding, enabled, tooltip) for (_, binding, enabled, tooltip) in bindings)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual's notice that ``screen``'s bindings may have changed: rebuild once, if need be."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = self._shown_now()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
