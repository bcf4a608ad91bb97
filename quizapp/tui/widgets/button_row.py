"""A row of buttons that stacks them, one above the other, when side by side they would be cut off."""

from textual.containers import Horizontal
from textual.widgets import Button


class ButtonRow(Horizontal):
    """Buttons side by side where they fit whole; stacked (class ``-stacked``) where they do not.

    A row of buttons wider than the terminal cuts off the last ones, and a learner at a
    small terminal cannot see what pressing them would do. After each layout the row adds up
    its buttons' own widths (a button keeps its width whichever way the row runs, so the
    choice cannot flip back and forth) and compares them with the room it has.
    """

    DEFAULT_CSS = """
    ButtonRow { height: auto; }
    ButtonRow.-stacked { layout: vertical; }
    ButtonRow.-stacked Button { margin-left: 0; margin-right: 0; }
    """

    def on_mount(self) -> None:
        """Check once the buttons are laid out."""
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        """Check again at the new size."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if not self.is_attached:  # its screen went before this layout
            return
        needed = sum(
            button.outer_size.width + button.styles.margin.left + button.styles.margin.right
            for button in self.query_children(Button)
            if button.display
        )
        self.set_class(needed > self.content_size.width, "-stacked")
