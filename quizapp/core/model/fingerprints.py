"""Content hashes of questions and banks: a changed question, or bank, gets a new one."""

import hashlib
import weakref
from collections.abc import Iterable

from quizapp.core.model.questions import Question

_HASHES: dict[int, str] = {}
"""Each live question's hash, by ``id``: questions are frozen, so a hash never goes stale.

Grading a batch asks for each question's hash once per submission (its answers, and the
bank's fingerprint): serialising the question every time was a sixth of the grading
process's work for answers that run nothing. An entry leaves when its question is freed,
so an ``id`` used again later never finds another question's hash.
"""


def question_hash(question: Question) -> str:
    """A short hash of everything in a question: a changed question gets a new hash."""
    key = id(question)
    known = _HASHES.get(key)
    if known is None:
        known = hashlib.sha256(question.model_dump_json().encode()).hexdigest()[:16]
        _HASHES[key] = known
        weakref.finalize(question, _HASHES.pop, key, None)
    return known


def bank_fingerprint(questions: Iterable[Question]) -> str:
    """A short hash of a whole bank: the ids and hashes of its questions."""
    digest = hashlib.sha256()
    for question in sorted(questions, key=lambda q: q.id):
        digest.update(f"{question.id}:{question_hash(question)}\n".encode())
    return digest.hexdigest()[:16]
