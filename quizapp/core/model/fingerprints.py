"""Content hashes of questions and banks: a changed question, or bank, gets a new one."""

import hashlib
from collections.abc import Iterable

from quizapp.core.model.questions import Question


def question_hash(question: Question) -> str:
    """A short hash of everything in a question: a changed question gets a new hash."""
    return hashlib.sha256(question.model_dump_json().encode()).hexdigest()[:16]


def bank_fingerprint(questions: Iterable[Question]) -> str:
    """A short hash of a whole bank: the ids and hashes of its questions."""
    digest = hashlib.sha256()
    for question in sorted(questions, key=lambda q: q.id):
        digest.update(f"{question.id}:{question_hash(question)}\n".encode())
    return digest.hexdigest()[:16]
