"""Textual's footer, rebuilt only when the keys it shows have changed.

Textual's ``Footer`` rebuilds all of its keys (a dozen widgets, each styled anew) every time
a screen says its bindings may have changed: on every focus change, every screen switch and
every ``refresh_bindings``, even when the keys shown stay the same, and once per notice when
several arrive together. At start-up that was three rebuilds in a row after the home screen
first showed, about 10 ms each. This footer folds the notices that arrive before its next
refresh into one, and rebuilds only when a key, its description, its enabled state or its
tooltip differs from what it already shows.

Textual's footer also cuts off the keys that do not fit. Where the keys in full would not fit,
this one shows them compact and leaves out the command palette's key (Ctrl+P still works).
"""

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE_COLUMNS = 13
"""What the command palette's key takes at the footer's right end (a bar and "^p palette")."""

Shown = tuple[tuple[str, str, str, bool, bool, str], ...]
"""What the footer shows from: per active binding its key, description, action, whether it
is shown, whether it is enabled, and its tooltip."""


def _key_row(binding: Binding, enabled: bool, tooltip: str) -> tuple[str, str, str, bool, bool, str]:
    return (binding.key, binding.description, binding.action, binding.show, enabled, tooltip)


class SteadyFooter(Footer):
    """A footer of key bindings that rebuilds itself only when they have changed."""

    DEFAULT_CSS = """
    SteadyFooter.-compact FooterLabel {
        margin: 0 1 0 0;  /* Textual's compact footer glues a group's label to the next key: "Panr" */
    }
    """

    def __init__(self) -> None:
        """A footer that shows the active screen's bindings, as Textual's does."""
        super().__init__()
        self._rebuild_pending = False
        self._shown: Shown | None = None

    def on_resize(self, event: events.Resize) -> None:
        """A new width may fit the keys in full, or no longer; compact, it may fit more or fewer."""
        if self.compact or self._wanted_compact(event.size.width):
            self._shown = None
            self.bindings_changed(self.screen)

    def compose(self) -> ComposeResult:
        """Textual's keys; compact, only as many whole keys as the width holds.

        A key cut off in the middle ("f1 Hel") reads as nonsense at 32 to 40 columns. Keys are
        left out from the end, Quit last of all; one left out still works, and help lists
        every key.
        """
        widgets = list(super().compose())
        keys = [widget for widget in widgets if isinstance(widget, FooterKey)]
        room = self.size.width if self.compact else 0

        def width(key: FooterKey) -> int:
            return len(key.key_display) + 1 + len(key.description) + 1  # with the gap after it

        while room and keys and sum(width(key) for key in keys) - 1 > room:
            droppable = [key for key in keys if key.action != "quit"] or keys
            keys.remove(droppable[-1])
        kept = set(map(id, keys))
        yield from (widget for widget in widgets if not isinstance(widget, FooterKey) or id(widget) in kept)

    def _wanted_compact(self, width: int) -> bool:
        """Whether the keys, shown in full with the palette's, would be cut off at ``width``.

        Then they are shown closer together and without the palette's key (Ctrl+P still opens
        it, and help says so): in the lab at 80 columns, Quit and Help were cut off.
        """
        if width <= 0:
            return self.compact
        by_action: dict[str, Binding] = {}
        for _, binding, _, _ in self.screen.active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, binding)
        full = sum(len(self.app.get_key_display(b)) + len(b.description) + 3 for b in by_action.values())
        return full + (PALETTE_COLUMNS if self.app.ENABLE_COMMAND_PALETTE else 0) > width

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
        compact = self._wanted_compact(self.size.width)
        if shown != self._shown or compact != self.compact:
            self._shown = shown
            self.compact = compact
            self.show_command_palette = not compact
            await self.recompose()
