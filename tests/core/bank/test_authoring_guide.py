"""Every example in the authoring guide is a valid question, so the guide cannot mislead."""

import re
from pathlib import Path

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import QUESTION_CLASSES
from tests.paths import BANK

GUIDE = BANK / "README.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


def test_the_guide_shows_every_type_and_all_its_examples_are_valid(tmp_path: Path) -> None:
    whole_files = [block for block in BLOCKS if block.startswith("title:")]
    questions = [block for block in BLOCKS if block.startswith("- id:")]
    (tmp_path / "whole.yaml").write_text(whole_files[0])
    indented = "".join("  " + line + "\n" for block in questions for line in block.splitlines())
    (tmp_path / "examples.yaml").write_text("title: Guide examples\ntopic: guide\nquestions:\n" + indented)

    whole = load_bank([tmp_path / "whole.yaml"])
    result = load_bank([tmp_path / "examples.yaml"])

    assert [str(problem) for problem in whole.problems + result.problems] == []
    types = {question.type for question in result.bank.questions if question.topic == "guide"}
    assert types == set(QUESTION_CLASSES)
