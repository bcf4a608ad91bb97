"""An explain question's concept ids, steps in order and sample answers as one line that comes back.

No LMS has a field for quizapp's concepts, so the essay an explain question becomes carries
them as a single line of JSON behind a fixed marker: in Moodle XML at the end of the grader
information (which Moodle keeps, so it survives a trip through a real Moodle too), in GIFT as a
``//`` comment line before the question (kept only by files, since Moodle drops comments). The
readers take the line back; a line that is not quizapp's is ignored, never trusted halfway.
"""

import json
import re
from typing import Any

from quizapp.core.exchange.items import Concept, EssayItem, Sample

EXPLAIN_MARKER = "quizapp-explain:"
"""What starts the line holding an explain question's data."""

_LINE = re.compile(rf"^\s*(?://\s*)?{re.escape(EXPLAIN_MARKER)}\s*(?P<data>\{{.*\}})\s*$", re.MULTILINE)


def explain_line(item: EssayItem) -> str:
    """The item's model answer, concepts and samples as ``quizapp-explain: {...}``.

    The JSON is ASCII, so the line stays one line wherever it goes (no U+2028 for a reader to split at).
    """
    data = {
        "model_answer": item.model_answer,
        "concepts": [
            {
                "id": c.id,
                "name": c.name,
                "phrases": list(c.phrases),
                "order": [list(step) for step in c.order],
                **({"about": list(c.about)} if c.about else {}),
            }
            for c in item.concepts
        ],
        "samples": [{"answer": s.answer, "hits": list(s.hits)} for s in item.samples],
    }
    return f"{EXPLAIN_MARKER} {json.dumps(data, separators=(',', ':'))}"


def find_explain_data(text: str) -> tuple[str, tuple[Concept, ...], tuple[Sample, ...]] | None:
    """The model answer, concepts and samples of the first explain line in ``text``.

    Returns:
        None when there is no such line, or it is not exactly the shape ``explain_line`` writes.
    """
    found = _LINE.search(text)
    if found is None:
        return None
    try:
        return _parsed(json.loads(found.group("data")))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
        raise TypeError("not a list of texts")
    return tuple(value)


def _parsed(data: Any) -> tuple[str, tuple[Concept, ...], tuple[Sample, ...]]:
    if not isinstance(data, dict) or not isinstance(data["model_answer"], str):
        raise TypeError("not an explain question's data")
    concepts = tuple(
        Concept(
            _texts([c["name"]])[0],
            _texts(c["phrases"]),
            _texts([c["id"]])[0],
            tuple(_texts(step) for step in c["order"]),
            _texts(c.get("about", [])),  # lines written before it had none
        )
        for c in data["concepts"]
    )
    samples = tuple(Sample(_texts([s["answer"]])[0], _texts(s["hits"])) for s in data["samples"])
    return data["model_answer"], concepts, samples
