"""A safe YAML reader that knows where every value came from.

PyYAML's own loaders follow YAML 1.1 (``no`` becomes False, ``1e-6`` stays a string),
keep the last of two equal keys, and expand aliases without limit. This reader builds
values from the parser's event stream itself, iteratively, so that:

* scalars follow the YAML 1.2 core schema, and numbers remember their spelling;
* a key used twice in one mapping is a problem, not a silent overwrite;
* aliases may not expand past a budget (an alias bomb fails fast), nor refer to
  themselves; nesting and size are bounded;
* only the standard tags are accepted (``!!python/object`` and friends are refused);
* every mapping and sequence remembers the line and column of its keys and items;
* U+0085, U+2028 and U+2029 are text, as YAML 1.2 has it (PyYAML follows YAML 1.1, which
  breaks lines at them), so values match yaml_rs's and lines match what an editor shows.
"""

from dataclasses import dataclass, field
from typing import Any

import yaml

from quizapp.core.bank.yaml_document import (
    MAX_FILE_BYTES,
    Duplicate,
    Position,
    Spans,
    YamlDocument,
    editor_lines,
)
from quizapp.core.bank.yaml_scalars import (
    TAG_PREFIX,
    UnreadableNumberError,
    resolve_plain,
    resolve_tagged,
    tag_not_allowed,
)
from quizapp.core.errors import YamlSourceError

try:  # libyaml is much faster; PyYAML's wheels ship it, a source build may not.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 40
"""Deepest nesting of mappings and sequences allowed."""
MAX_VALUES = 500_000
"""Most values a file may expand to, aliases counted each time they are used."""


def _place(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being built."""

    container: dict[Any, Any] | list[Any]
    spans: Spans
    anchor: str | None
    size: int = 1
    key: Any = None
    has_key: bool = False
    merges: list[tuple[dict[Any, Any], Position]] = field(default_factory=list)


class _Builder:
    """Builds values from parser events; see the module docstring for the rules."""

    def __init__(self) -> None:
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.spans: dict[int, Spans] = {}
        self.duplicates: list[Duplicate] = []
        self.unreadable: list[tuple[Position, str]] = []
        self.total = 0
        self.root: Any = None
        self.done = False
        self.restore: dict[int, str] = {}
        """Stand-ins for U+0085, U+2028 and U+2029 in the parsed text, back to the characters."""
        self.key_place: Position = (1, 1)
        """Where the most recent candidate mapping key starts."""

    def count(self, size: int, place: Position) -> None:
        self.total += size
        if self.total > MAX_VALUES:
            raise YamlSourceError(
                f"the file expands to more than {MAX_VALUES:,} values "
                "(aliases are counted each time they are used); is it an alias bomb?",
                *place,
            )

    def open(self, container: dict[Any, Any] | list[Any], anchor: str | None, place: Position) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlSourceError(f"nesting deeper than {MAX_DEPTH} levels", *place)
        self.count(1, place)
        spans = Spans(place)
        self.spans[id(container)] = spans
        if anchor is not None:
            self.open_anchors.add(anchor)
            self.anchors[anchor] = (container, 1)
        self.stack.append(_Open(container, spans, anchor))

    def close(self) -> None:
        done = self.stack.pop()
        if isinstance(done.container, dict):
            for merged, _ in done.merges:
                for key, value in merged.items():
                    done.container.setdefault(key, value)
        if done.anchor is not None:
            self.open_anchors.discard(done.anchor)
            self.anchors[done.anchor] = (done.container, done.size)
        self.add(done.container, done.size, done.spans.start)

    def add(self, value: Any, size: int, place: Position) -> None:
        if not self.stack:
            self.root = value
            self.done = True
            return
        top = self.stack[-1]
        top.size += size
        container = top.container
        if isinstance(container, list):
            top.spans.values[len(container)] = place
            container.append(value)
            return
        if not top.has_key:
            if isinstance(value, (dict, list)):
                raise YamlSourceError("a mapping key must be a plain value, not a list or mapping", *place)
            top.key, top.has_key = value, True
            return
        key, top.has_key = top.key, False
        if key == "<<" and key not in top.spans.keys:
            self.merge(top, value, place)
            return
        if key in top.spans.keys:
            self.duplicates.append(Duplicate(str(key), top.spans.keys[key], self.key_place, id(container)))
            return
        top.spans.keys[key] = self.key_place
        top.spans.values[key] = place
        container[key] = value

    def merge(self, top: _Open, value: Any, place: Position) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise YamlSourceError("a merge key '<<' takes a mapping or a list of mappings", *place)
            top.merges.append((source, place))


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into plain values, with the place of each part.

    Args:
        text: The file's contents.

    Returns:
        The document's value, the spans of its containers and any duplicate keys.

    Raises:
        YamlSourceError: The text is not valid YAML, holds more than one document,
            uses a forbidden tag, or breaks a size, depth or alias limit.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise YamlSourceError(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split it into smaller quizzes",
            1,
            1,
        )
    builder = _Builder()
    parsed, builder.restore = _hide_unusual_breaks(text)
    try:
        for event in yaml.parse(parsed, Loader=_Loader):
            _feed(builder, event)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, builder.restore) from None
    except yaml.reader.ReaderError as error:
        # PyYAML's position can point past the text once its buffer has moved on: find the character
        found = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        position = found if found >= 0 else min(error.position, max(len(text) - 1, 0))
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
        raise YamlSourceError(
            f"the file contains the control character U+{ord(text[position]) if text else 0:04X}, "
            "which YAML does not allow; delete it",
            line,
            column,
        ) from None
    except yaml.YAMLError as error:
        raise YamlSourceError(f"YAML error: {error}", 1, 1) from None
    return YamlDocument(builder.root, builder.spans, builder.duplicates, builder.unreadable)


_UNUSUAL_BREAKS = "\u0085\u2028\u2029"
"""Characters YAML 1.1 (and so PyYAML) takes for line breaks, and YAML 1.2 and editors do not."""


def _hide_unusual_breaks(text: str) -> tuple[str, dict[int, str]]:
    """Swap U+0085, U+2028 and U+2029 for private-use stand-ins PyYAML reads as text.

    Returns:
        The text to parse, and a translation table from the stand-ins back (empty if none).
    """
    if not any(character in text for character in _UNUSUAL_BREAKS):
        return text, {}
    lowered = text.lower()
    stand_ins: list[str] = []
    code = 0xE000
    while len(stand_ins) < len(_UNUSUAL_BREAKS):  # one the file holds neither as written nor escaped
        if chr(code) not in text and f"\\u{code:04x}" not in lowered and f"\\u{code:08x}" not in lowered:
            stand_ins.append(chr(code))
        code += 1
    hidden = text.translate(
        {ord(real): stand_in for real, stand_in in zip(_UNUSUAL_BREAKS, stand_ins, strict=True)}
    )
    return hidden, {ord(stand_in): real for real, stand_in in zip(_UNUSUAL_BREAKS, stand_ins, strict=True)}


def _syntax_error(error: yaml.MarkedYAMLError, text: str, restore: dict[int, str]) -> YamlSourceError:
    """Word a parser error for an author: where, what, and what it was in the middle of."""
    mark = error.problem_mark or error.context_mark
    line, column = _place(mark) if mark is not None else (1, 1)
    message = f"YAML syntax error: {(error.problem or 'invalid YAML').translate(restore)}"
    if error.context:
        message += f" ({error.context}"
        if error.context_mark is not None and _place(error.context_mark) != (line, column):
            message += " that starts at line {}, column {}".format(*_place(error.context_mark))
        message += ")"
    lines = editor_lines(text)
    if 0 < line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        message += "; YAML does not allow tabs for indentation, use spaces"
    return YamlSourceError(message, line, column)


def _feed(builder: _Builder, event: yaml.Event) -> None:
    place = _place(event.start_mark)
    if isinstance(event, yaml.ScalarEvent):
        if builder.done:
            raise YamlSourceError("only one YAML document is allowed in a quiz file", *place)
        try:
            value = _scalar(event, place, event.value.translate(builder.restore))
        except UnreadableNumberError as error:  # reported at its place; the rest is still read
            builder.unreadable.append((place, error.message))
            value = event.value
        if event.anchor is not None:
            builder.anchors[event.anchor] = (value, 1)
        _remember_key_place(builder, place)
        builder.count(1, place)
        builder.add(value, 1, place)
    elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        if builder.done:
            raise YamlSourceError("only one YAML document is allowed in a quiz file", *place)
        _check_container_tag(event, place)
        _remember_key_place(builder, place)
        container: dict[Any, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        builder.open(container, event.anchor, place)
    elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        builder.close()
    elif isinstance(event, yaml.AliasEvent):
        if event.anchor in builder.open_anchors:
            raise YamlSourceError(f"the alias *{event.anchor} refers to itself", *place)
        if event.anchor not in builder.anchors:
            raise YamlSourceError(f"the alias *{event.anchor} names no anchor", *place)
        value, size = builder.anchors[event.anchor]
        _remember_key_place(builder, place)
        builder.count(size, place)
        builder.add(value, size, place)
    elif isinstance(event, yaml.DocumentStartEvent) and builder.done:
        raise YamlSourceError("only one YAML document is allowed in a quiz file", *place)


def _remember_key_place(builder: _Builder, place: Position) -> None:
    """Note where a value starts, in case it turns out to be a mapping key."""
    if builder.stack and isinstance(builder.stack[-1].container, dict) and not builder.stack[-1].has_key:
        builder.key_place = place


def _scalar(event: yaml.ScalarEvent, place: Position, text: str) -> Any:
    if event.tag is None:  # implicit[0]: written plain, so its type comes from its text
        return resolve_plain(text, place) if event.implicit[0] else text
    if event.tag == "!":
        return text
    return resolve_tagged(event.tag, text, place)


def _check_container_tag(event: yaml.CollectionStartEvent, place: Position) -> None:
    allowed = {None, "!", TAG_PREFIX + "map", TAG_PREFIX + "seq"}
    if event.tag not in allowed:
        raise YamlSourceError(tag_not_allowed(event.tag), *place)
