"""The LMS-neutral shape of an exchanged question: what every writer reads and every reader makes.

An export turns each question of the bank (or each fixed variant of a parameterized one)
into one ``Item``; the Moodle XML, QTI and GIFT writers only lay items out. An import reads
a foreign file into items, and ``yaml_bank`` turns them into quiz files.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ItemHead:
    """What every item has, whatever its kind."""

    id: str
    """The question's id; a variant's id ends in ``-v1``, ``-v2``, ..."""
    category: str
    """The quiz (file title) the question belongs to; a category or section in the LMS."""
    prompt: str
    """The question text (Markdown), with a code question's snippet as a fenced block."""
    explanation: str = ""
    """General feedback, shown after answering (Markdown)."""
    hints: tuple[str, ...] = ()
    """Hints, in order (Markdown)."""
    points: float = 1.0
    """What a fully correct answer is worth."""
    tags: tuple[str, ...] = ()
    """Free keywords; the topic and difficulty travel as ``topic-...`` and ``difficulty-...`` tags."""


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    """One option of a choice item."""

    text: str
    fraction: float
    """The share of the points this option is worth when picked (negative: a penalty)."""
    feedback: str = ""
    key: str = ""
    """The choice's id in quizapp, when it came from there."""


@dataclass(frozen=True, slots=True)
class ChoiceItem:
    """Pick one option (``single``) or every option that applies."""

    head: ItemHead
    options: tuple[ChoiceOption, ...]
    single: bool
    shuffle: bool = True

    @property
    def right(self) -> tuple[ChoiceOption, ...]:
        """The options worth something when picked."""
        return tuple(option for option in self.options if option.fraction > 0)


@dataclass(frozen=True, slots=True)
class TrueFalseItem:
    """Decide whether a statement is true."""

    head: ItemHead
    answer: bool


@dataclass(frozen=True, slots=True)
class NumericItem:
    """Answer with a number, within an absolute tolerance."""

    head: ItemHead
    answer: float
    tolerance: float = 0.0


@dataclass(frozen=True, slots=True)
class ShortAnswerItem:
    """Type a word, a name or a line of printed output; any accepted text counts."""

    head: ItemHead
    accepted: tuple[str, ...]
    case_sensitive: bool = False
    pattern: str | None = None
    """A regular expression that also counts when it matches the whole answer (read from a wildcard)."""


@dataclass(frozen=True, slots=True)
class Concept:
    """One idea an essay answer should contain, and the phrases that name it."""

    name: str
    phrases: tuple[str, ...]
    id: str = ""
    """quizapp's short name for the idea ("" when it has none); samples name concepts by it."""
    order: tuple[tuple[str, ...], ...] = ()
    """Steps that also name the idea when an answer uses a phrase of each, in this order."""
    about: tuple[str, ...] = ()
    """The names of what the idea is true of (``Concept.about`` of the model)."""


@dataclass(frozen=True, slots=True)
class Sample:
    """An answer an explain question is tested with, and the concept ids it must earn."""

    answer: str
    hits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EssayItem:
    """Answer in words; graded by a person with the model answer and the concepts as grader info."""

    head: ItemHead
    model_answer: str = ""
    concepts: tuple[Concept, ...] = ()
    samples: tuple[Sample, ...] = ()
    """quizapp's regression answers for the concepts; no LMS uses them, quizapp reads them back."""


@dataclass(frozen=True, slots=True)
class CodeTest:
    """One CodeRunner test: code run after the answer, and what it must print."""

    code: str
    expected: str


@dataclass(frozen=True, slots=True)
class CodeRunnerItem:
    """Write Python that passes hidden tests (Moodle's CodeRunner plugin, ``python3``)."""

    head: ItemHead
    starter: str
    solution: str
    tests: tuple[CodeTest, ...]


Item = ChoiceItem | TrueFalseItem | NumericItem | ShortAnswerItem | EssayItem | CodeRunnerItem
"""Any exchanged question."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A question that was not exchanged, and why, in words for the author."""

    id: str
    reason: str

    def __str__(self) -> str:
        """Render as ``id: reason``."""
        return f"{self.id}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an export's keys come from: the app, the PyTorch that ran them, and the bank."""

    quizapp_version: str
    torch_version: str
    device: str
    bank_fingerprint: str
    exported_at: str
    """UTC, ISO 8601."""
    variants: int
    """Fixed variants written per parameterized question."""

    def lines(self) -> tuple[str, ...]:
        """The provenance as ``name: value`` lines, for comments and notes."""
        return (
            f"exported by quizapp {self.quizapp_version} at {self.exported_at}",
            f"keys run with torch {self.torch_version} on {self.device}",
            f"bank fingerprint {self.bank_fingerprint}",
            f"{self.variants} fixed variant(s) per parameterized question",
        )


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """Every item of an export, what was left out, and where the keys come from."""

    items: tuple[Item, ...]
    left_out: tuple[LeftOut, ...]
    provenance: Provenance
    notes: tuple[str, ...] = field(default=())
    """Things the author should know that did not stop a question (e.g. a key PyTorch disagreed with)."""


@dataclass(frozen=True, slots=True)
class Written:
    """A file written in one LMS format, and the items that format could not express."""

    data: bytes
    left_out: tuple[LeftOut, ...] = ()
