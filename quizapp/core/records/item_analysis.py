"""What the numbers say: a learner's history by topic, and item analysis of each question."""

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.records.gradebook import ScoreRow, counted_rows

MIN_LEARNERS = 5
"""Below this many learners a question's statistics are shown but not judged."""


@dataclass(frozen=True, slots=True)
class TopicScore:
    """A learner's result in one topic."""

    topic: str
    points: float
    max_points: float
    answers: int

    @property
    def fraction(self) -> float:
        """Points over possible points (0 when nothing was possible)."""
        return self.points / self.max_points if self.max_points else 0.0


def topic_scores(rows: Sequence[ScoreRow]) -> list[TopicScore]:
    """Per-topic totals over the counted answers, weakest first.

    As in the gradebook: each question's first answer in a session counts (retries are
    practice), and flashcards are self-rated and left out. A question an unfinished session
    has not had answered yet is no answer (it counts 0 in that session's percentage, not here).
    """
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in counted_rows(rows):
        if row.not_counted:
            continue
        bucket = totals[row.topic]
        bucket[0] += row.score
        bucket[1] += row.max
        bucket[2] += 1
    scores = [TopicScore(topic, round(p, 2), round(m, 2), int(n)) for topic, (p, m, n) in totals.items()]
    return sorted(scores, key=lambda score: (score.fraction, score.topic))


@dataclass(frozen=True, slots=True)
class ItemStats:
    """How one question behaved across learners."""

    question_id: str
    learners: int
    proportion_correct: float
    """Mean fraction of the points earned (the item's difficulty index)."""
    discrimination: float | None
    """Point-biserial correlation of the item with the rest of the total; None if undefined."""
    answers: dict[str, int]
    """How often each answer was given (for a choice question: each choice)."""
    warnings: tuple[str, ...]


def item_analysis(rows: Sequence[ScoreRow]) -> list[ItemStats]:
    """Item statistics for every question answered, with warnings for items that look broken.

    Each learner's latest counted answer per question counts (the first attempt of the
    latest session that asked it; retries are practice). Discrimination correlates the
    item's score with the learner's total *without* that item, so an item cannot
    correlate with itself. Flashcards are left out: a self-rating is not a right answer; so
    are the questions an unfinished session has not had answered yet: nobody answered them.
    """
    latest: dict[tuple[str, str], ScoreRow] = {}
    for row in counted_rows(rows):
        if row.not_counted:
            continue
        latest[(row.learner, row.question_id)] = row
    totals: dict[str, float] = defaultdict(float)
    for row in latest.values():
        totals[row.learner] += row.score / row.max if row.max else 0.0
    by_question: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in latest.values():
        by_question[row.question_id].append(row)
    return [_item(question_id, answered, totals) for question_id, answered in sorted(by_question.items())]


def _item(question_id: str, answered: list[ScoreRow], totals: dict[str, float]) -> ItemStats:
    scores = [row.score / row.max if row.max else 0.0 for row in answered]
    rests = [totals[row.learner] - score for row, score in zip(answered, scores, strict=True)]
    proportion = sum(scores) / len(scores)
    discrimination = _correlation(scores, rests)
    answers = Counter(_answer_key(row.answer) for row in answered)
    warnings = []
    if len(answered) >= MIN_LEARNERS:
        if proportion == 0.0:
            warnings.append("nobody got it right: is the key wrong?")
        elif proportion == 1.0:
            warnings.append("everybody got it right: it tells learners apart no more")
        if discrimination is not None and discrimination < 0:
            warnings.append(
                "stronger learners do worse on it than weaker ones: check the key and distractors"
            )
        warnings.extend(_distractor_warnings(answered, totals))
    return ItemStats(
        question_id,
        len(answered),
        round(proportion, 3),
        None if discrimination is None else round(discrimination, 3),
        dict(answers),
        tuple(warnings),
    )


def _distractor_warnings(answered: list[ScoreRow], totals: dict[str, float]) -> list[str]:
    """A wrong answer chosen mostly by the strongest half of the learners looks like a second key."""
    median = statistics.median(totals[row.learner] for row in answered)
    strong_wrong = Counter(
        _answer_key(row.answer) for row in answered if row.score < row.max and totals[row.learner] > median
    )
    strong_right = sum(1 for row in answered if row.score >= row.max and totals[row.learner] > median)
    return [
        f"the wrong answer {answer!r} is preferred by strong learners"
        for answer, count in strong_wrong.items()
        if count > strong_right and count >= 2
    ]


def _answer_key(answer: object) -> str:
    if isinstance(answer, list):
        return ",".join(sorted(str(item) for item in answer))
    return str(answer)


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys))
    return covariance / spread if spread else None
