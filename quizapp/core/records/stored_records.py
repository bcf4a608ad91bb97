"""The stored records of the attempt database, as the store returns them, and how rows become them."""

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A stored quiz session."""

    id: int
    learner: str
    mode: str
    bank_fingerprint: str
    seed: int
    question_ids: tuple[str, ...]
    settings: dict[str, Any]
    started_at: str
    finished_at: str | None


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One stored answer: the raw answer as given, and what it scored."""

    id: int
    session_id: int
    question_id: str
    question_hash: str
    answer: Any
    score: float
    max_score: float
    hints_used: int
    seconds: float
    answered_at: str
    variant: dict[str, Any] | None = None
    device: str | None = None
    torch_version: str | None = None


RESPONSE_SELECT = (
    "SELECT id, session_id, question_id, question_hash, answer, score, max_score, hints_used, seconds,"
    " answered_at, variant, device, torch_version FROM response"
)
SESSION_SELECT = (
    "SELECT session.id, learner.name, mode, bank_fingerprint, seed, question_ids, settings, started_at,"
    " finished_at FROM session JOIN learner ON learner.id = session.learner_id"
)


def session_record(row: tuple[Any, ...]) -> SessionRecord:
    """A session read with ``SESSION_SELECT``."""
    identity, learner, mode, fingerprint, seed, question_ids, settings, started, finished = row
    return SessionRecord(
        identity,
        learner,
        mode,
        fingerprint,
        seed,
        tuple(json.loads(question_ids)),
        json.loads(settings),
        started,
        finished,
    )


def response_record(row: tuple[Any, ...]) -> ResponseRecord:
    """A response read with ``RESPONSE_SELECT``."""
    (
        identity,
        session_id,
        question_id,
        question_hash,
        answer,
        score,
        max_score,
        hints,
        seconds,
        answered_at,
        variant,
        device,
        torch_version,
    ) = row
    return ResponseRecord(
        identity,
        session_id,
        question_id,
        question_hash,
        json.loads(answer),
        score,
        max_score,
        hints,
        seconds,
        answered_at,
        json.loads(variant) if variant is not None else None,
        device,
        torch_version,
    )
