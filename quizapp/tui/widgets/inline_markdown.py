"""The inline Markdown that one-line texts use (choices): `code` and **bold**."""

import re

from textual.content import Content

_INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*)")


def inline_markdown(text: str) -> Content:
    """Render `code` and **bold**; everything else as typed (no markup is interpreted)."""
    parts: list[str | tuple[str, str]] = []
    for piece in _INLINE.split(text):
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            parts.append((piece[1:-1], "bold $text-accent"))
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 3:
            parts.append((piece[2:-2], "bold"))
        elif piece:
            parts.append(piece)
    return Content.assemble(*parts)
