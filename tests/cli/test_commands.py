"""The command line as a newcomer meets it: help, valid choices, completion, ``show``."""

import os
import subprocess
import sys
from pathlib import Path

from quizapp.core.model.questions import QUESTION_CLASSES
from quizapp.core.session.quiz_session import Mode

PARAMETERIZED = """title: One variant
topic: clip-grad-norm
questions:
  - id: scaled-norm
    type: code_output
    difficulty: beginner
    prompt: What does this print for a gradient of {{ size }} ones?
    code: |
      import torch
      print(torch.ones({{ size }}).sum().item())
    parameters:
      size: {values: [4, 9]}
    explanation: The sum of {{ size }} ones.
"""


def quizapp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def complete(line: str) -> list[str]:
    """What bash completion offers after ``line``: the installed script answers the shell."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "quizapp")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={
            **os.environ,
            "_QUIZAPP_COMPLETE": "bash_complete",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1),
        },
    )
    assert result.returncode == 0, result.stderr
    return [entry.split(",", 1)[1] for entry in result.stdout.splitlines()]


def test_help_does_not_point_above_at_options_printed_below() -> None:
    result = quizapp("--help")

    assert result.returncode == 0
    assert "above" not in result.stdout
    assert result.stdout.index("options listed below") < result.stdout.index("Options:")
    assert 'eval "$(_QUIZAPP_COMPLETE=bash_source quizapp)"' in result.stdout


def test_an_unknown_type_is_refused_with_the_valid_ones_listed() -> None:
    for command in (["list"], ["take", "--plain"]):
        result = quizapp(*command, "--type", "bogus")

        assert result.returncode == 2
        assert "'bogus' is not one of" in result.stderr
        assert all(f"'{name}'" in result.stderr for name in QUESTION_CLASSES)


def test_shell_completion_offers_commands_types_topics_and_modes() -> None:
    assert "show" in complete("quizapp sh")
    assert complete("quizapp take --type code_") == ["code_output", "code_error", "code_task"]
    assert complete("quizapp list --type ") == list(QUESTION_CLASSES)
    assert complete("quizapp take --mode ") == [mode.value for mode in Mode]
    assert "clip-grad-norm" in complete("quizapp take --topic clip-")


def test_show_previews_a_question_with_its_variant_filled_in(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(PARAMETERIZED, encoding="utf-8")

    result = quizapp(
        "show", "scaled-norm", "--bank", str(tmp_path), "--learner", "ada", "--seed", "3", "--key"
    )

    assert result.returncode == 0, result.stderr
    assert "{{" not in result.stdout
    assert result.stdout.startswith(
        f"scaled-norm: code_output, clip-grad-norm, beginner ({tmp_path / 'one.yaml'}:4)"
    )
    size = result.stdout.split("Drawn for ada, seed 3: size=")[1].split()[0]
    assert size in {"4", "9"}
    assert f"What does this print for a gradient of {size} ones?" in result.stdout
    assert f"    print(torch.ones({size}).sum().item())" in result.stdout
    assert f"Why: The sum of {size} ones." in result.stdout


def test_show_an_unknown_id_names_ids_like_it(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(PARAMETERIZED, encoding="utf-8")

    result = quizapp("show", "scaled", "--bank", str(tmp_path))

    assert result.returncode == 1
    assert result.stderr == "quizapp: error: no question 'scaled' in the bank; ids like it: scaled-norm\n"
