"""Plain mode shows learner text as typed: markup stays text, and no escape sequence reaches the terminal."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import TUI_BANK


def take_plain(stdin: str, *args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "take", "--plain", "--bank", str(TUI_BANK), "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("question_type", "answer"),
    [
        ("short_text", "[/]"),
        ("short_text", "[bold]x[/bold]"),
        ("code_output", "tensor([nan, 1.])"),
        ("short_text", "\x1b]0;title\x07get\x1b[2J_total_norm"),
        ("numeric", "[/]\x1b[2J"),
    ],
)
def test_an_odd_answer_is_taken_and_echoed_without_markup_or_escapes(
    tmp_path: Path, question_type: str, answer: str
) -> None:
    result = take_plain(f"{answer}\n\n", "--type", question_type, "--count", "1", db=tmp_path / "a.sqlite3")

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    printable = answer.replace("\x1b]0;title\x07", "").replace("\x1b[2J", "")
    assert f"> {printable}" in result.stdout  # echoed as typed, less what a terminal would act on
