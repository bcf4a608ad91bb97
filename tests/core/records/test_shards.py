"""Shards: which file each shard grades, the shard file, and merging shards back into one run."""

import os
from dataclasses import replace
from pathlib import Path

import pytest

from quizapp.core.records.gradebook import ScoreRow
from quizapp.core.records.shard_files import read_shard, write_shard
from quizapp.core.records.shards import (
    Shard,
    ShardError,
    ShardInput,
    ShardOutput,
    ShardSpecError,
    input_key,
    merge_shards,
    own_inputs,
    parse_shard,
    shard_inputs,
    shard_of,
)
from quizapp.core.records.submissions import GradedSubmission, NotGradable


@pytest.mark.parametrize(
    ("text", "shard"), [("1/1", Shard(1, 1)), ("2/4", Shard(2, 4)), (" 3 / 3 ", Shard(3, 3))]
)
def test_parse_shard_reads_i_of_n(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "x", "1-3", "-1/3", "", "1/3/5"])
def test_parse_shard_refuses_anything_else_as_a_usage_error(text: str) -> None:
    with pytest.raises(ShardSpecError, match="I/N") as caught:
        parse_shard(text)
    assert caught.value.exit_code == 2


def test_a_files_key_is_its_content_wherever_it_lies_and_whatever_it_is_called(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    (tmp_path / "here" / "ada.json").write_bytes(b'{"learner": "ada"}')
    (tmp_path / "there" / "copy.json").write_bytes(b'{"learner": "ada"}')
    (tmp_path / "there" / "bob.json").write_bytes(b'{"learner": "bob"}')

    assert input_key(tmp_path / "here" / "ada.json") == input_key(tmp_path / "there" / "copy.json")
    assert input_key(tmp_path / "here" / "ada.json") != input_key(tmp_path / "there" / "bob.json")


def test_what_cannot_be_read_is_keyed_by_its_name_without_waiting_on_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")  # opening it for reading the usual way would block forever
    (tmp_path / "folder").mkdir()

    keys = {input_key(tmp_path / name) for name in ("pipe", "folder", "missing", "missing-too")}

    assert len(keys) == 4
    assert input_key(tmp_path / "missing") == input_key(tmp_path / "missing")


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_shards_of_a_batch_share_it_out_exactly_once_in_any_order(tmp_path: Path, count: int) -> None:
    paths = []
    for number in range(40):
        path = tmp_path / f"s{number}.json"
        path.write_text(f'{{"n": {number}}}')
        paths.append(path)
    inputs = shard_inputs(paths)
    shuffled = shard_inputs(list(reversed(paths)))

    shares = [own_inputs(inputs, Shard(index, count)) for index in range(1, count + 1)]

    assert sorted(item.name for share in shares for item in share) == sorted(str(path) for path in paths)
    for index, share in enumerate(shares, start=1):
        assert {item.name for item in share} == {
            item.name for item in own_inputs(shuffled, Shard(index, count))
        }
    if count > 1:
        assert all(shares), "40 files leave no shard of up to 5 empty"


def test_shard_of_reads_the_key_as_a_number() -> None:
    assert shard_of("0" * 64, 3) == 1
    assert shard_of("0" * 15 + "5" + "0" * 48, 3) == 3  # 5 % 3 + 1


def row(learner: str, session: str, score: float | int, answer: object) -> ScoreRow:
    return ScoreRow(
        learner, "Week 1", "q1", "topic", "numeric", answer, score, 1, 0, 1.5, "2026-01-01", session=session
    )


def graded(name: str, learner: str, score: float | int = 1.0, answer: object = "x") -> GradedSubmission:
    return GradedSubmission(
        name, learner, (row(learner, name, score, answer),), (), (), False, "Week 1", "exam"
    )


def test_a_shard_file_gives_back_exactly_what_was_written(tmp_path: Path) -> None:
    results = (
        graded("a.json", "ada", 1, [1, 2.5, {"x": None}]),  # an int stays an int, a float a float
        graded("b.json", "bob", 0.1 + 0.2, "é\x1b"),
        replace(graded("c.json", "cy"), changed=("q1",), missing=("q9",), bank_differs=True, assignment="fp"),
        NotGradable("d.json", "not a quizapp submission"),
        NotGradable("caf\udce9.json", "a file name that is not UTF-8, as os.fsdecode gives it"),
    )
    output = ShardOutput(
        Shard(2, 3), (ShardInput("a.json", "ab" * 32),), results, "bank-fp", "assignment-fp", "1.2.3"
    )

    write_shard(output, tmp_path / "shard.json")
    again = read_shard(tmp_path / "shard.json")

    assert again == output
    first_row = again.results[0].rows[0]  # type: ignore[union-attr]
    assert type(first_row.score) is int


def test_merge_puts_every_result_back_in_the_first_shards_order() -> None:
    names = ["a.json", "b.json", "c.json", "a-copy.json", "d.json"]
    to_shard = {1: "0" * 64, 2: "0" * 15 + "1" + "0" * 48, 3: "0" * 15 + "2" + "0" * 48}
    # a.json and a-copy.json have the same bytes: shard 2 grades both, having seen them reversed.
    keys = [to_shard[2], to_shard[1], to_shard[3], to_shard[2], "0" * 63 + "1"]
    inputs = tuple(ShardInput(name, key) for name, key in zip(names, keys, strict=True))
    results = {name: graded(name, name[0]) for name in names}
    outputs = []
    for index in (3, 1, 2):  # handed to the merge in any order
        shard = Shard(index, 3)
        given = inputs if index == 1 else tuple(reversed(inputs))  # other shards saw another order
        own = own_inputs(given, shard)
        outputs.append(
            (f"s{index}.json", ShardOutput(shard, given, tuple(results[i.name] for i in own), "b", "", "v"))
        )

    merged = merge_shards(outputs)

    assert [result.source for result in merged] == names


def shard_set(count: int = 2, **changes: object) -> list[tuple[str, ShardOutput]]:
    inputs = (ShardInput("a.json", "0" * 64), ShardInput("b.json", "0" * 15 + "1" + "0" * 48))
    outputs = []
    for index in range(1, count + 1):
        shard = Shard(index, count)
        own = own_inputs(inputs, shard)
        output = ShardOutput(shard, inputs, tuple(graded(i.name, "x") for i in own), "bank", "", "v")
        outputs.append((f"s{index}.json", output))
    name, last = outputs[-1]
    outputs[-1] = (name, replace(last, **changes))  # type: ignore[arg-type]
    return outputs


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        (shard_set()[:1], r"shard 2/2 missing"),
        ([*shard_set(), shard_set()[1]], r"shard 2/2 is given twice: s2.json and s2.json"),
        ([shard_set(3)[0], shard_set(2)[1]], r"s1.json is shard 1/3 but s2.json is shard 2/2"),
        (shard_set(bank_fingerprint="other"), r"different bank"),
        (shard_set(assignment="week2"), r"different assignment \(none and week2\)"),
        (shard_set(app_version="9.9"), r"different quizapp version"),
        (shard_set(inputs=(ShardInput("a.json", "0" * 64),)), r"were given different files \(1 differ\)"),
        (shard_set(results=()), r"s2.json: 0 results for the 1 files of its shard"),
        ([], r"no shard files"),
    ],
)
def test_merge_refuses_shards_that_are_not_one_batch(
    outputs: list[tuple[str, ShardOutput]], message: str
) -> None:
    with pytest.raises(ShardError, match=message):
        merge_shards(outputs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{ not json", r"broken.json: not a quizapp grade shard \(not JSON"),
        ('["a list"]', r"broken.json: not a quizapp grade shard"),
        ('{"format": "quizapp-submission"}', r"not a quizapp grade shard \(format"),
        ("[" * 100_000 + "]" * 100_000, r"not a quizapp grade shard \(it nests too deeply\)"),
        ('{"shard": ' + "9" * 10_000 + "}", r"not a quizapp grade shard \(Exceeds the limit"),
        ('{"shard": "\udcff"}\xff', r"not a quizapp grade shard \(not UTF-8"),
    ],
    ids=["not-json", "a-list", "a-submission", "deep", "long-number", "not-utf8"],
)
def test_a_file_that_is_no_shard_is_named_with_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "broken.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ShardError, match=message):
        read_shard(tmp_path / "broken.json")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_named_as_a_shard_is_refused_unread(device: str) -> None:
    # Read to its end, /dev/zero took all the memory there was.
    with pytest.raises(ShardError, match="not a regular file but a character device"):
        read_shard(Path(device))


def test_a_shard_file_with_a_broken_result_is_refused(tmp_path: Path) -> None:
    output = ShardOutput(Shard(1, 1), (), (graded("a.json", "ada"),), "bank", "", "v")
    write_shard(output, tmp_path / "shard.json")
    text = (tmp_path / "shard.json").read_text().replace('"question_id"', '"question"')
    (tmp_path / "shard.json").write_text(text)

    with pytest.raises(ShardError, match="a result is broken"):
        read_shard(tmp_path / "shard.json")
