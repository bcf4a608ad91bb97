"""A short_text pattern that can backtrack for minutes is refused where it is written; none runs long."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.grading.answer_rules import MOST_MATCHED_CHARS, grade_short_text
from quizapp.core.model.pattern_safety import AMBIGUOUS, IN_A_ROW, NESTED, pattern_problem
from quizapp.core.model.questions import ShortTextQuestion
from tests.paths import BANK, ROOT


def short_text(pattern: str) -> ShortTextQuestion:
    return ShortTextQuestion.model_validate(
        {
            "id": "q",
            "topic": "t",
            "difficulty": "beginner",
            "explanation": "e",
            "type": "short_text",
            "prompt": "p",
            "accepted": ["a"],
            "pattern": pattern,
        }
    )


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(a+)+$", NESTED),
        ("(a*)*", NESTED),
        (r"(\w+\s?)+", NESTED),
        ("(x+x+)+y", NESTED),
        ("(a+b?)+", NESTED),
        ("((a+){2})+", NESTED),
        ("(a|a)+", AMBIGUOUS),
        ("(a|aa)+", AMBIGUOUS),
        ("(a?a)+", AMBIGUOUS),
        ("(a?a?)+", AMBIGUOUS),
        ("(a{1,2})+", AMBIGUOUS),
        ("(.|a)+", AMBIGUOUS),
        (".*.*.*x", IN_A_ROW),
        ("(.*a){3}x", IN_A_ROW),
        (r"\w*\w*\w*x", IN_A_ROW),
    ],
)
def test_a_pattern_that_can_backtrack_for_minutes_is_refused(pattern: str, problem: str) -> None:
    assert pattern_problem(pattern) == problem
    with pytest.raises(ValidationError, match="this pattern can take"):
        short_text(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"[a-z]+(_[a-z]+)*",
        r"\w+(\s\w+)*",
        r"\w+\s*=\s*\w+",
        r"\d+(\.\d+)?",
        "(ab?)+",
        "(?:ab|cd)+",
        "(no|not)+",
        r"(\d|\w)+",
        "(?:a|ab)*c",
        "(?:ab|a)*$",
        "[^,]*,.*",
        ".*foo.*",
        "(?>a+)b",
        r"(\w+)\s+\1",
    ],
)
def test_a_pattern_that_backtracks_little_is_kept(pattern: str) -> None:
    assert pattern_problem(pattern) is None
    assert short_text(pattern).pattern == pattern


def test_every_shipped_pattern_is_kept() -> None:
    loaded = load_bank([BANK])
    patterns = [q.pattern for q in loaded.bank.questions if isinstance(q, ShortTextQuestion) and q.pattern]
    assert len(patterns) >= 7
    assert [pattern for pattern in patterns if pattern_problem(pattern)] == []


HOSTILE = """title: Hostile
topic: clip-grad-norm
questions:
  - id: hostile
    type: short_text
    difficulty: beginner
    prompt: Type some a's.
    accepted: [a]
    pattern: "(a+)+$"
    explanation: One a is enough.
"""


def test_validate_reports_a_catastrophic_pattern_at_its_line_and_field(tmp_path: Path) -> None:
    quiz = tmp_path / "hostile.yaml"
    quiz.write_text(HOSTILE, encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", str(quiz)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert time.perf_counter() - started < 30
    assert result.returncode == 1
    assert (
        f"{quiz}:9:14: questions[0].pattern: this pattern can take exponential time"
        in result.stdout + result.stderr
    )


@pytest.mark.parametrize(
    "pattern",
    [
        ".*.*x",  # two in a row: the most a pattern may hold
        r"(?i)(?!.*(\b(not|never|no|without)\b|n't\b)).*\bin[- ]?place\b.*",
        r"(a|b)*c(a|b)*d",
    ],
)
def test_matching_a_long_answer_returns_quickly(pattern: str) -> None:
    question = short_text(pattern)
    for answer in ("a" * MOST_MATCHED_CHARS, "in place " * 100_000, "ab" * 500_000 + "!"):
        started = time.perf_counter()
        grade = grade_short_text(question, answer)
        assert time.perf_counter() - started < 1.0, (pattern, len(answer))
        assert not grade.correct
        if len(answer) > MOST_MATCHED_CHARS:
            assert grade.feedback == "Not compared: an answer is at most 1,000 characters long."
