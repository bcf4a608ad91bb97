"""Text from another LMS as quizapp's Markdown: HTML reduced to its words, line breaks kept."""

from html.parser import HTMLParser

_BREAKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, with a line break where a block ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a code span as a backtick, a list item as a dash."""
        if tag == "code":
            self.parts.append("`")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        """Close a code span; end a block with a line break."""
        if tag == "code":
            self.parts.append("`")
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A ``<br/>`` is a line break."""
        if tag == "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML fragment, one block per line (tags dropped, entities decoded)."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = [line.rstrip() for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def as_markdown(text: str, text_format: str) -> str:
    """``text`` as quizapp's Markdown, from a Moodle text format (``html``, ``markdown``, ``moodle``, ...)."""
    if text_format == "html":
        return html_to_text(text)
    return text.strip()
