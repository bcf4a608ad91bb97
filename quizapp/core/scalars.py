"""Numbers read from YAML that remember how the author wrote them.

YAML turns a plain ``0.10`` into the float 0.1. Where the schema wants text (a printed
output, a choice's label) the author must get what they wrote, so the reader hands
numbers over as these subclasses and text fields take back the original spelling.
"""


class SourcedInt(int):
    """An int that also keeps its YAML spelling in ``source``."""

    source: str


class SourcedFloat(float):
    """A float that also keeps its YAML spelling in ``source``."""

    source: str


def sourced_int(value: int, source: str) -> SourcedInt:
    """Return ``value`` as a SourcedInt that remembers ``source``."""
    number = SourcedInt(value)
    number.source = source
    return number


def sourced_float(value: float, source: str) -> SourcedFloat:
    """Return ``value`` as a SourcedFloat that remembers ``source``."""
    number = SourcedFloat(value)
    number.source = source
    return number
