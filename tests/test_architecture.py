"""The core stays free of Textual and torch, so the CLI starts fast and the TUI stays thin."""

import pkgutil
import subprocess
import sys

import pytest

import quizapp.core

CORE_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(quizapp.core.__path__, prefix="quizapp.core.")
)


def test_the_core_modules_were_found() -> None:
    assert "quizapp.core.bank.bank_loader" in CORE_MODULES
    assert "quizapp.core.bank.yaml_reader" in CORE_MODULES


@pytest.mark.parametrize(
    "module",
    [
        *CORE_MODULES,
        "quizapp.cli.commands",
        "quizapp.cli.options",
        "quizapp.cli.bank_commands",
        "quizapp.cli.record_commands",
        "quizapp.services",
    ],
)
def test_importing_loads_neither_textual_nor_torch(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'torch'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
