"""What the exact YAML reader hands back: a file's plain value, and where each part is written.

Kept apart from :mod:`quizapp.core.bank.yaml_reader` so that code which only places problems
in a file does not import PyYAML, which most bank loads never need (see
:mod:`quizapp.core.bank.yaml_fast_path`).
"""

import re
from dataclasses import dataclass, field
from typing import Any

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this are refused: a quiz file is text written by a person."""
Position = tuple[int, int]
"""A 1-based (line, column)."""


@dataclass(slots=True)
class Spans:
    """Where a mapping or sequence and its parts stand in the file."""

    start: Position
    keys: dict[Any, Position] = field(default_factory=dict)
    """For a mapping: where each key is written."""
    values: dict[Any, Position] = field(default_factory=dict)
    """Where each value starts, by key (mapping) or index (sequence)."""


@dataclass(slots=True)
class Duplicate:
    """A key written twice in one mapping."""

    key: str
    first: Position
    again: Position
    container: int
    """``id()`` of the mapping that holds the key twice."""


@dataclass(slots=True)
class YamlDocument:
    """The plain Python value of a file, and where its parts are written."""

    value: Any
    spans: dict[int, Spans]
    """Spans of every mapping and sequence, by ``id()`` of the built container."""
    duplicates: list[Duplicate]
    unreadable: list[tuple[Position, str]] = field(default_factory=list)
    """Numbers that could not be read, by place, with what is wrong; each stands as its text."""

    def locate(self, path: tuple[str | int, ...], *, at_key: bool = False) -> Position:
        """Return where the value at ``path`` is written, or its nearest written parent.

        Path parts that name nothing (a pydantic union tag, a missing field) are skipped,
        so the position is the deepest part of the path that exists.

        Args:
            path: Keys and indexes from the document's root.
            at_key: Point at the key of the last part rather than at its value.
        """
        node = self.value
        spans = self.spans.get(id(node))
        position = spans.start if spans else (1, 1)
        for index, part in enumerate(path):
            if spans is None or not holds(node, part):
                continue
            last = index == len(path) - 1
            if at_key and last and part in spans.keys:
                return spans.keys[part]
            position = spans.values.get(part, position)
            node = node[part]
            spans = self.spans.get(id(node))
        return position

    def path_at(self, place: Position) -> tuple[str | int, ...]:
        """Return the path of the value written at ``place`` (empty if it is the root or none)."""
        for container, spans in self.spans.items():
            for part, position in spans.values.items():
                if position == place:
                    return (*self.path_to(container), part)
        return ()

    def path_to(self, container: int) -> tuple[str | int, ...]:
        """Return the path from the root to the container with this ``id()`` (empty if none)."""
        pending: list[tuple[Any, tuple[str | int, ...]]] = [(self.value, ())]
        seen: set[int] = set()
        while pending:
            node, path = pending.pop()
            if id(node) == container:
                return path
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                pending.extend((child, (*path, key)) for key, child in node.items())
            elif isinstance(node, list):
                pending.extend((child, (*path, index)) for index, child in enumerate(node))
        return ()


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def editor_lines(text: str) -> list[str]:
    r"""Split ``text`` into the lines an editor shows, as the readers count them.

    Unlike ``str.splitlines``, only ``\n``, ``\r\n`` and ``\r`` end a line: U+2028, U+0085,
    a form feed and the like are text in YAML 1.2 and in an editor.
    """
    return _LINE_BREAK.split(text)


def holds(node: Any, part: str | int) -> bool:
    """Tell whether ``node[part]`` names something the author wrote."""
    if isinstance(node, dict):
        return part in node
    if isinstance(node, list):
        return isinstance(part, int) and 0 <= part < len(node)
    return False
