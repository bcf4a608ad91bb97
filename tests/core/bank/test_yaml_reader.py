"""The YAML reader gives authors exactly what they wrote, or an error: never a silent change."""

import math
from typing import Any

import pytest

from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.errors import YamlSourceError


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"),  # YAML 1.1 would read False
        ("yes", "yes"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("1e-6", 1e-6),  # YAML 1.1 would read the string "1e-6"
        ("1e1", 10.0),
        ("10", 10),
        ("-3", -3),
        ("0.10", 0.1),
        ("0x1F", 31),
        ("0o17", 15),
        ("1_000", "1_000"),  # not a number in YAML 1.2
        ("012", 12),
        ("~", None),
        ("null", None),
        ("", None),
        ("2001-12-14", "2001-12-14"),  # no surprise dates
        ("'true'", "true"),
        ('"10"', "10"),
        ("!!str 10", "10"),
        ("!!float 3", 3.0),
        ("clip_grad_norm_", "clip_grad_norm_"),
    ],
)
def test_scalars_follow_yaml_1_2(written: str, value: Any) -> None:
    read = read_yaml(f"key: {written}\n").value["key"]
    assert read == value
    assert type(read) is not bool or type(value) is bool


def test_infinity_and_nan_are_floats() -> None:
    value = read_yaml("a: .inf\nb: -.Inf\nc: .nan\n").value
    assert value["a"] == math.inf
    assert value["b"] == -math.inf
    assert math.isnan(value["c"])


def test_numbers_remember_their_spelling() -> None:
    value = read_yaml("a: 0.10\nb: 1e1\nc: 007\n").value
    assert [value[key].source for key in "abc"] == ["0.10", "1e1", "007"]


def test_block_scalars_keep_code_verbatim() -> None:
    text = "code: |\n  x = 1\n  print(x)  # no: yes\n"
    assert read_yaml(text).value["code"] == "x = 1\nprint(x)  # no: yes\n"


def test_merge_keys_fill_missing_keys_only() -> None:
    value = read_yaml("base: &b {x: 1, y: 2}\nm:\n  y: 3\n  <<: *b\n").value
    assert value["m"] == {"y": 3, "x": 1}


def test_small_aliases_are_allowed() -> None:
    value = read_yaml("hints: &h [one, two]\nagain: *h\n").value
    assert value["again"] == ["one", "two"]


def test_duplicate_keys_are_collected_with_both_places() -> None:
    document = read_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")
    [duplicate] = document.duplicates
    assert (duplicate.key, duplicate.first, duplicate.again) == ("c", (3, 3), (4, 3))
    assert document.path_to(duplicate.container) == ("b",)
    assert document.value["b"]["c"] == 1


def test_locate_points_at_values_and_keys() -> None:
    document = read_yaml("a:\n  - x\n  - y: 3\n    z: 4\n")
    assert document.locate(("a", 1, "z")) == (4, 8)
    assert document.locate(("a", 1, "z"), at_key=True) == (4, 5)
    assert document.locate(("a", 1, "missing")) == (3, 5)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: [1, 2\n", "YAML syntax error"),
        ("a: !!binary aGVsbG8=\n", "!!binary is not allowed"),
        ("a: !!int ten\n", "not a valid !!int"),
        ("? [a, b]\n: 1\n", "mapping key must be a plain value"),
        ("a: *nowhere\n", "names no anchor"),
        ("a: 1\n---\nb: 2\n", "only one YAML document"),
        ("m:\n  <<: [1, 2]\n", "merge key"),
    ],
)
def test_broken_or_hostile_yaml_raises_a_located_error(text: str, words: str) -> None:
    with pytest.raises(YamlSourceError) as caught:
        read_yaml(text)
    assert words in caught.value.message
    assert caught.value.line >= 1
    assert caught.value.column >= 1
