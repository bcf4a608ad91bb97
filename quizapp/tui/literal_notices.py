r"""An App whose notifications show their text exactly as written, never read as markup.

A notice often quotes what a learner typed (a lab field holding ``[/]``, an answer refused)
or what their code raised; read as markup, such text drew wrongly or, for ``[/]``, closed the
app with a ``MarkupError`` from the toast. No notice of quizapp uses markup, so every one,
from the app, a screen or a widget (Textual routes them all through ``App.notify``), is literal,
and its control characters are written out (``\x1b``) rather than sent to the terminal.
"""

from textual.app import App
from textual.notifications import SeverityLevel

from quizapp.core.records.terminal_text import escape_controls


class LiteralNoticesApp(App[None]):
    """A Textual app whose notices are plain text, whatever ``markup`` a caller passes."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show ``message`` (and ``title``) in a toast as written; ``markup`` is ignored."""
        message, title = escape_controls(message), escape_controls(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
