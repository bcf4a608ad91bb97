"""The small bank and first day that the Due-mode tests (plain and full-screen) both learn from."""

from datetime import UTC, datetime

FOUR_NUMBERS_BANK = """\
title: Four numbers
topic: norms
questions:
  - {id: always-wrong, type: numeric, difficulty: beginner, prompt: One?, answer: 1, explanation: One.}
  - {id: always-right, type: numeric, difficulty: beginner, prompt: Two?, answer: 2, explanation: Two.}
  - id: with-a-hint
    type: numeric
    topic: order
    difficulty: beginner
    prompt: Three?
    answer: 3
    hints: [It is three.]
    explanation: Three.
  - {id: at-once, type: numeric, topic: order, difficulty: beginner, prompt: Four?, answer: 4,
     explanation: Four.}
"""
"""Four questions over two topics: the learner gets one wrong, one right, one right after a hint
and one right at once, every day."""
DAY_ONE = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
"""The first simulated day."""
