"""The core stays free of Textual and torch, so the CLI starts fast and the TUI stays thin."""

import subprocess
import sys

import pytest

CORE_MODULES = [
    "quizapp.core.bank",
    "quizapp.core.questions",
    "quizapp.core.quiz_file",
    "quizapp.core.schema",
    "quizapp.core.yaml_reader",
    "quizapp.core.validation_messages",
    "quizapp.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_importing_loads_neither_textual_nor_torch(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'torch'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
