"""Broken GIFT and Moodle XML sources: per-question reasons, clear refusals, no file the loader refuses."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.commands import main
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.yaml_document import MAX_FILE_BYTES
from quizapp.core.exchange.gift_reader import read_gift
from quizapp.core.exchange.moodle_reader import ForeignBankError, read_moodle_xml
from quizapp.core.exchange.yaml_bank import quiz_files, write_quiz_files

NUMERICAL = """<quiz><question type="numerical"><name><text>n</text></name>
<questiontext format="html"><text>How much?</text></questiontext>
<answer fraction="{fraction}"><text>{value}</text><tolerance>{tolerance}</tolerance></answer>
</question>
<question type="truefalse"><name><text>tf</text></name>
<questiontext format="html"><text>Yes?</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>"""


@pytest.mark.parametrize(
    ("fraction", "value", "tolerance", "reason"),
    [
        ("abc", "2", "0", "n: the answer fraction 'abc' is not a number"),
        ("1e999", "2", "0", "n: the answer fraction '1e999' is not a finite number"),
        ("100", "2", "abc", "n: the tolerance 'abc' is not a number"),
        ("100", "x", "0", "n: the numerical answer 'x' is not a number"),
        ("100", "9" * 5000, "0", "n: the numerical answer '9999999999...9999999999' is not a finite number"),
    ],
)
def test_a_moodle_question_with_an_unreadable_number_is_left_out_alone(
    fraction: str, value: str, tolerance: str, reason: str
) -> None:
    items, left_out = read_moodle_xml(
        NUMERICAL.format(fraction=fraction, value=value, tolerance=tolerance).encode()
    )

    assert [str(item) for item in left_out] == [reason]
    assert [item.head.id for item in items] == ["tf"]


def test_an_unknown_xml_encoding_is_a_clear_refusal() -> None:
    with pytest.raises(ForeignBankError, match="klingon"):
        read_moodle_xml(b'<?xml version="1.0" encoding="klingon"?><quiz/>')


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("#" + "1" * 5000, "big: the numerical answer '1111111111...1111111111' is not a finite number"),
        ("#1:" + "1" * 5000, "big: the tolerance '1111111111...1111111111' is not a finite number"),
        (
            "=%" + "1" * 400 + "%a ~b",
            "big: the answer weight '1111111111...1111111111' is not a finite number",
        ),
    ],
)
def test_a_gift_question_with_a_huge_number_is_left_out_alone(answer: str, reason: str) -> None:
    items, left_out = read_gift(f"::big:: How much? {{{answer}}}\n\n::ok:: Fine? {{T}}\n")

    assert [str(item) for item in left_out] == [reason]
    assert [item.head.id for item in items] == ["ok"]


def test_an_import_too_large_for_one_quiz_file_is_split_into_files_the_loader_reads(tmp_path: Path) -> None:
    gift = "".join(
        f"::q{n}:: Is {n} {'long ' * 40}even? {{{'T' if n % 2 == 0 else 'F'}}}\n\n" for n in range(12_000)
    )
    items, _ = read_gift(gift)
    files, _ = quiz_files(items)

    written = write_quiz_files(files, tmp_path)

    assert len(written) > 1
    assert all(path.stat().st_size <= MAX_FILE_BYTES for path in written)
    load = load_bank(written, check_snippet_syntax=False)
    assert load.problems == ()
    assert len(load.bank.questions) == 12_000


def test_an_import_source_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    source = tmp_path / "huge.gift"
    with source.open("wb") as stream:
        stream.truncate(5 * 1024 * 1024)

    result = CliRunner().invoke(main, ["import-bank", str(source), "--out", str(tmp_path / "out")])

    assert result.exit_code != 0
    assert "larger than 4 MiB" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("\x1b[41m", "U+001B (an escape)"),
        ("\x07", "U+0007 (a bell)"),
        ("\u202e", "U+202E (a bidirectional control)"),
    ],
)
def test_a_question_whose_text_a_terminal_would_obey_is_left_out_alone(
    tmp_path: Path, written: str, named: str
) -> None:
    gift = f"::Q1:: What is 1+1? {written}{{=2 ~3}}\n\n::Q2:: Two plus two? {{=4 ~5}}\n"
    source = tmp_path / "bank.gift"
    source.write_text(gift, encoding="utf-8")

    result = CliRunner().invoke(main, ["import-bank", str(source), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    reason = f"its text holds {named}, which would act on a learner's terminal"
    assert f"not imported: Q1: {reason}" in result.output
    load = load_bank([tmp_path / "out"])
    assert load.ok
    assert [question.id for question in load.bank.questions] == ["q2"]
