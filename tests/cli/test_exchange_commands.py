"""``quizapp export-bank`` and ``quizapp import-bank``: real files out, real runs, quiz files back in."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import FlashcardQuestion
from tests.paths import BROKEN, TUI_BANK

QUESTIONS = load_bank([TUI_BANK]).bank.questions
FLASHCARDS = {q.id for q in QUESTIONS if isinstance(q, FlashcardQuestion)}
CODE_TASKS = {q.id for q in QUESTIONS if q.type == "code_task"}


def quizapp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=cwd,
    )


def _listed(stderr: str, prefix: str) -> set[str]:
    return {
        line.removeprefix(prefix).split(":")[0] for line in stderr.splitlines() if line.startswith(prefix)
    }


def test_moodle_export_then_import_gives_a_bank_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "bank.xml"
    exported = quizapp("export-bank", "--format", "moodle", "-o", str(out), "--bank", str(TUI_BANK))

    assert exported.returncode == 0, exported.stderr
    assert _listed(exported.stderr, "left out: ") == FLASHCARDS
    assert "keys run with torch 2." in exported.stdout
    root = SafeET.fromstring(out.read_bytes())
    names = {q.findtext("name/text") for q in root.findall("question") if q.get("type") != "category"}
    assert names == {q.id for q in QUESTIONS} - FLASHCARDS

    imported = quizapp("import-bank", str(out), "-o", str(tmp_path / "back"))
    assert imported.returncode == 0, imported.stderr
    assert _listed(imported.stderr, "not imported: ") == CODE_TASKS
    assert quizapp("validate", str(tmp_path / "back")).returncode == 0

    again = quizapp("import-bank", str(out), "-o", str(tmp_path / "back"))
    assert again.returncode == 1
    assert "exists already" in again.stderr


@pytest.mark.parametrize("fmt", ["gift", "qti"])
def test_formats_without_code_runner_list_the_code_tasks(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"bank.{'zip' if fmt == 'qti' else 'gift'}"
    exported = quizapp(
        "export-bank", "--format", fmt, "-o", str(out), "--bank", str(TUI_BANK), "--variants", "2"
    )

    assert exported.returncode == 0, exported.stderr
    assert _listed(exported.stderr, "left out: ") == FLASHCARDS | CODE_TASKS
    if fmt == "qti":
        with zipfile.ZipFile(out) as archive:
            assert "imsmanifest.xml" in archive.namelist()
    else:
        imported = quizapp("import-bank", str(out), "-o", str(tmp_path / "back"))
        assert imported.returncode == 0, imported.stderr
        assert quizapp("validate", str(tmp_path / "back")).returncode == 0


def test_a_bank_with_problems_is_not_exported(tmp_path: Path) -> None:
    broken = next(BROKEN.glob("*.yaml"))
    result = quizapp("export-bank", "--format", "gift", "-o", str(tmp_path / "x.gift"), "--bank", str(broken))

    assert result.returncode == 1
    assert "quizapp validate" in result.stderr
    assert not (tmp_path / "x.gift").exists()


def test_an_unreadable_import_is_one_line_on_stderr(tmp_path: Path) -> None:
    source = tmp_path / "bank.xml"
    source.write_text("<quiz><question>", encoding="utf-8")
    result = quizapp("import-bank", str(source), "-o", str(tmp_path / "out"))

    assert result.returncode == 1
    assert result.stderr.startswith("quizapp: error: not a Moodle XML file")
    assert "Traceback" not in result.stderr
