"""The shard file: one shard's inputs and results as JSON, everything the merge needs and nothing more.

Results are written whole (every field of every score row, the notes on the bank, the
reasons a file was not gradable), so the merge rebuilds them exactly: JSON keeps ints,
floats and strings as they were, and the merge runs the very steps a single run runs
after grading. Rows are rebuilt without coercion, so a merged score stays what it was.
"""

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from quizapp.core.records.gradebook import ScoreRow
from quizapp.core.records.regular_files import UnreadableFileError, read_regular_file
from quizapp.core.records.shards import Result, Shard, ShardError, ShardInput, ShardOutput
from quizapp.core.records.submissions import GradedSubmission, NotGradable

SHARD_FORMAT = "quizapp-grade-shard"
_ROW_FIELDS = {field.name for field in fields(ScoreRow)}
_GRADED_FIELDS = {field.name for field in fields(GradedSubmission)} - {"rows"}


MAX_SHARD_BYTES = 1024 * 1024 * 1024
"""The largest shard file read (a result takes about a kilobyte: a million submissions)."""


class _ShardDocument(BaseModel):
    """The envelope of a shard file; its results are checked one by one (``_result``)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["quizapp-grade-shard"]
    version: Literal[1]
    app_version: str
    shard: tuple[int, int]
    bank_fingerprint: str
    assignment: str
    inputs: list[tuple[str, str]]
    results: list[dict[str, Any]]


def write_shard(output: ShardOutput, path: Path) -> None:
    """Write a shard's inputs and results as a shard file.

    Raises:
        ShardError: The file cannot be written.
    """
    document = {
        "format": SHARD_FORMAT,
        "version": 1,
        "app_version": output.app_version,
        "shard": [output.shard.index, output.shard.count],
        "bank_fingerprint": output.bank_fingerprint,
        "assignment": output.assignment,
        "inputs": [[item.name, item.key] for item in output.inputs],
        "results": [_result_record(result) for result in output.results],
    }
    try:
        # ASCII with escapes: a file name that is not UTF-8 (surrogate escapes) comes back as it was.
        path.write_text(json.dumps(document) + "\n", encoding="ascii")
    except OSError as error:
        raise ShardError(f"cannot write {path}: {error.strerror or error}") from None


def read_shard(path: Path) -> ShardOutput:
    """Read a shard file written by ``write_shard``.

    Raises:
        ShardError: It cannot be read, or it is not a shard file.
    """
    try:
        text = read_regular_file(path, MAX_SHARD_BYTES).decode("utf-8")
    except UnreadableFileError as error:
        raise ShardError(f"{path}: cannot read it: {error}") from None
    except UnicodeDecodeError as error:
        raise ShardError(f"{path}: not a quizapp grade shard (not UTF-8: {error.reason})") from None
    try:  # json, not pydantic's parser: it refuses the surrogate escapes of non-UTF-8 file names
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ShardError(f"{path}: not a quizapp grade shard (not JSON: {error})") from None
    except RecursionError:
        raise ShardError(f"{path}: not a quizapp grade shard (it nests too deeply)") from None
    except ValueError as error:  # an integer too long to read, say
        raise ShardError(f"{path}: not a quizapp grade shard ({error})") from None
    try:
        document = _ShardDocument.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise ShardError(
            f"{path}: not a quizapp grade shard ({where}: {first['msg']}); "
            "shard files are what `quizapp grade --shard I/N --out FILE.json` writes"
        ) from None
    index, count = document.shard
    if not 1 <= index <= count:
        raise ShardError(f"{path}: not a quizapp grade shard (shard {index}/{count})")
    try:
        results = tuple(_result(record) for record in document.results)
    except (KeyError, TypeError, ValueError) as error:
        raise ShardError(f"{path}: not a quizapp grade shard (a result is broken: {error})") from None
    return ShardOutput(
        Shard(index, count),
        tuple(ShardInput(name, key) for name, key in document.inputs),
        results,
        document.bank_fingerprint,
        document.assignment,
        document.app_version,
    )


def _result_record(result: Result) -> dict[str, Any]:
    """One result as a JSON object, every field kept."""
    if isinstance(result, NotGradable):
        return {"kind": "not_gradable", "source": result.source, "reason": result.reason}
    record = {name: getattr(result, name) for name in sorted(_GRADED_FIELDS)}
    return {"kind": "graded", **record, "rows": [asdict(row) for row in result.rows]}


def _result(record: dict[str, Any]) -> Result:
    """One result back from its JSON object.

    Raises:
        KeyError, TypeError, ValueError: The object is not one ``_result_record`` wrote.
    """
    kind = record.get("kind")
    if kind == "not_gradable" and set(record) == {"kind", "source", "reason"}:
        return NotGradable(_text(record["source"]), _text(record["reason"]))
    if kind != "graded" or set(record) != {"kind", "rows", *_GRADED_FIELDS}:
        raise ValueError(f"unexpected fields {sorted(record)}")
    rows = []
    for row in record["rows"]:
        if not isinstance(row, dict) or set(row) != _ROW_FIELDS:
            raise ValueError("a score row has other fields than a score row")
        rows.append(ScoreRow(**row))
    return GradedSubmission(
        source=_text(record["source"]),
        learner=_text(record["learner"]),
        rows=tuple(rows),
        changed=tuple(_text(item) for item in record["changed"]),
        missing=tuple(_text(item) for item in record["missing"]),
        bank_differs=bool(record["bank_differs"]),
        quiz=_text(record["quiz"]),
        mode=_text(record["mode"]),
        assignment=_text(record["assignment"]),
    )


def _text(value: object) -> str:
    """A string field, refused when it is not one."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value
