"""A Python text area whose highlighting follows the app's theme, light or dark."""

from textual.theme import Theme
from textual.widgets import TextArea

LIGHT_THEME = "github_light"
DARK_THEME = "vscode_dark"


class CodeArea(TextArea):
    """Python with line numbers; the highlighting switches with the app's light or dark theme."""

    def on_mount(self) -> None:
        """Match the theme now and whenever it changes."""
        self._match(self.app.current_theme)
        self.app.theme_changed_signal.subscribe(self, self._match)

    def _match(self, theme: Theme) -> None:
        self.theme = DARK_THEME if theme.dark else LIGHT_THEME
