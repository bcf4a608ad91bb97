"""Grading a batch in shards on several machines, and merging the shards into one run's results.

``quizapp grade FILES --shard I/N`` grades the files whose *content* hash falls to shard I
of N. The content, not the path: graders fan a batch out over machines whose checkouts
and mounts differ (``/home/ada/week1/x.json`` here, ``/data/week1/x.json`` there) and
whose shells may expand ``*.json`` in another order, but every copy of a file has the
same bytes, so every machine agrees on which shard grades it. A path that cannot be read
as a file (missing, a FIFO, a directory) has no content: its name as given is hashed
instead, and it is reported as not gradable by the shard it falls to, as in one run.

Each shard writes every input it was given (name and key, in command-line order) with
the results of its own share (``shard_files``). ``merge_shards`` checks that the shards
are 1..N of one batch, graded against one bank and assignment by one app version, and
puts the results back in command-line order, so that everything after it (duplicates
set aside, reports, CSV and JSON) is exactly what one run over all the files does.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.errors import QuizAppError
from quizapp.core.records.submission_files import SubmissionError, read_submission_bytes
from quizapp.core.records.submissions import GradedSubmission, NotGradable

Result = GradedSubmission | NotGradable


class ShardError(QuizAppError):
    """A shard cannot be taken or merged: a bad I/N, a broken shard file, shards that do not fit."""


class ShardSpecError(ShardError):
    """``--shard`` is not of the form I/N with 1 <= I <= N (a usage error)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True, slots=True)
class ShardInput:
    """One file given to a sharded run: its name as given and the key that picks its shard."""

    name: str
    key: str
    """The SHA-256 of its content; of ``unreadable:`` and its name when it cannot be read."""


@dataclass(frozen=True, slots=True)
class ShardOutput:
    """What one shard hands to the merge: every input of the batch, and its own share's results."""

    shard: Shard
    inputs: tuple[ShardInput, ...]
    results: tuple[Result, ...]
    """The results of this shard's own inputs, in the order of ``inputs``."""
    bank_fingerprint: str
    assignment: str
    """The grader's assignment's fingerprint ("" for self-study)."""
    app_version: str


def parse_shard(text: str) -> Shard:
    """Read ``I/N`` (shard I of N, 1 <= I <= N).

    Raises:
        ShardSpecError: It is not of that form.
    """
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise ShardSpecError(f"--shard takes I/N with 1 <= I <= N (shard I of N), like 1/4; not {text!r}")
    return Shard(int(match[1]), int(match[2]))


def input_key(path: Path) -> str:
    """The key that picks a file's shard: the hash of its bytes, the same on every machine."""
    try:
        data = read_submission_bytes(path)
    except SubmissionError:
        data = b"unreadable:" + str(path).encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()


def shard_inputs(paths: Sequence[Path]) -> list[ShardInput]:
    """Every file of the batch with its key, in the order given."""
    return [ShardInput(str(path), input_key(path)) for path in paths]


def shard_of(key: str, count: int) -> int:
    """The shard (1-based, of ``count``) that grades the input with this key."""
    return int(key[:16], 16) % count + 1


def own_inputs(inputs: Sequence[ShardInput], shard: Shard) -> list[ShardInput]:
    """The inputs that ``shard`` grades, in the order given."""
    return [item for item in inputs if shard_of(item.key, shard.count) == shard.index]


def merge_shards(outputs: Sequence[tuple[str, ShardOutput]]) -> list[Result]:
    """The results of shards 1..N put back in command-line order, as one run would have them.

    Args:
        outputs: Each shard file's name (for messages) and its contents, in any order.

    Raises:
        ShardError: A shard is missing or given twice, the shards disagree on N, the bank,
            the assignment or the app version, or were given different files.
    """
    if not outputs:
        raise ShardError("no shard files to merge")
    count = outputs[0][1].shard.count
    by_index: dict[int, tuple[str, ShardOutput]] = {}
    for name, output in outputs:
        if output.shard.count != count:
            raise ShardError(
                f"{outputs[0][0]} is shard {outputs[0][1].shard} but {name} is shard {output.shard}: "
                "the shards of one batch share their N"
            )
        if output.shard.index in by_index:
            raise ShardError(
                f"shard {output.shard} is given twice: {by_index[output.shard.index][0]} and {name}"
            )
        by_index[output.shard.index] = (name, output)
    missing = [f"{index}/{count}" for index in range(1, count + 1) if index not in by_index]
    if missing:
        raise ShardError(f"shard {', '.join(missing)} missing: merge needs every shard of the batch")
    reference_name, reference = by_index[1]
    for name, output in (by_index[index] for index in range(2, count + 1)):
        _same_batch(reference_name, reference, name, output)
    graded: dict[str, list[Result]] = {}
    for name, output in by_index.values():
        own = own_inputs(output.inputs, output.shard)
        if len(own) != len(output.results):
            raise ShardError(f"{name}: {len(output.results)} results for the {len(own)} files of its shard")
        for item, result in zip(own, output.results, strict=True):
            graded.setdefault(item.key, []).append(result)
    return [_take(graded[item.key], item.name) for item in reference.inputs]


def _take(results: list[Result], name: str) -> Result:
    """The result for the file ``name`` among those of files with its content: its own when named so."""
    index = next((i for i, result in enumerate(results) if result.source == name), 0)
    return results.pop(index)


def _same_batch(first_name: str, first: ShardOutput, name: str, output: ShardOutput) -> None:
    """Refuse shards that are not parts of one batch, graded one way."""
    for what, mine, theirs in (
        ("bank", first.bank_fingerprint, output.bank_fingerprint),
        ("assignment", first.assignment or "none", output.assignment or "none"),
        ("quizapp version", first.app_version, output.app_version),
    ):
        if mine != theirs:
            raise ShardError(
                f"{first_name} and {name} were graded with a different {what} "
                f"({mine[:12]} and {theirs[:12]}); grade every shard of a batch with the same one"
            )
    mine_keys = Counter(item.key for item in first.inputs)
    their_keys = Counter(item.key for item in output.inputs)
    if mine_keys != their_keys:
        differ = sum(((mine_keys - their_keys) + (their_keys - mine_keys)).values())
        raise ShardError(
            f"{first_name} (shard {first.shard}) and {name} (shard {output.shard}) were given "
            f"different files ({differ} differ); give every shard the same files"
        )
