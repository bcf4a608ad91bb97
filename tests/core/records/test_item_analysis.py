"""Item analysis flags questions that look broken; topic scores show the weakest topic first."""

from dataclasses import replace

import pytest

from quizapp.core.records.exports import ScoreRow
from quizapp.core.records.item_analysis import item_analysis, topic_scores


def row(learner: str, question: str, score: float, answer: object = "a", topic: str = "t") -> ScoreRow:
    return ScoreRow(learner, "quiz", question, topic, "single_choice", answer, score, 1.0, 0, 1.0, "")


# Six learners of rising ability: "easy" everybody gets, "hard" nobody; "good" only the strong
# get; on "upside-down" the strong pick distractor "c" and the weak get it right.
LEARNERS = [f"l{n}" for n in range(6)]
ROWS = [
    *(row(learner, "easy", 1.0) for learner in LEARNERS),
    *(row(learner, "hard", 0.0, "b") for learner in LEARNERS),
    *(
        row(learner, "good", 1.0 if n >= 3 else 0.0, "a" if n >= 3 else "b")
        for n, learner in enumerate(LEARNERS)
    ),
    *(
        row(learner, f"filler-{k}", 1.0 if n >= k else 0.0)
        for n, learner in enumerate(LEARNERS)
        for k in range(6)
    ),
    *(
        row(learner, "upside-down", 0.0 if n >= 3 else 1.0, "c" if n >= 3 else "a")
        for n, learner in enumerate(LEARNERS)
    ),
]
STATS = {item.question_id: item for item in item_analysis(ROWS)}


def test_proportion_correct_and_answer_counts() -> None:
    assert STATS["easy"].proportion_correct == 1.0
    assert STATS["good"].proportion_correct == 0.5
    assert STATS["good"].answers == {"a": 3, "b": 3}


def test_a_good_item_discriminates_and_draws_no_warning() -> None:
    good = STATS["good"]
    assert good.discrimination is not None
    assert good.discrimination > 0.5
    assert good.warnings == ()


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("hard", "nobody got it right"),
        ("easy", "everybody got it right"),
        ("upside-down", "stronger learners do worse"),
        ("upside-down", "'c' is preferred by strong learners"),
    ],
)
def test_items_that_look_broken_are_flagged(question: str, words: str) -> None:
    assert any(words in warning for warning in STATS[question].warnings)


def test_the_first_attempt_of_each_learners_latest_session_counts() -> None:
    retried = [row("ada", "q", 0.0, "b"), row("ada", "q", 1.0, "a")]  # a retry in one session
    [item] = item_analysis(retried)
    assert (item.learners, item.proportion_correct) == (1, 0.0)  # the retry is practice
    [again] = item_analysis([*retried, replace(row("ada", "q", 1.0, "a"), session="2")])
    assert again.proportion_correct == 1.0  # a later session's first attempt counts
    assert item.discrimination is None  # one learner: no correlation
    assert item.warnings == ()  # too few learners to judge


def test_topic_scores_weakest_first() -> None:
    rows = [
        row("ada", "a", 1.0, topic="norm-type"),
        row("ada", "b", 0.0, topic="training-loop"),
        row("ada", "c", 1.0, topic="training-loop"),
    ]
    assert [(t.topic, t.fraction) for t in topic_scores(rows)] == [("training-loop", 0.5), ("norm-type", 1.0)]


def test_flashcards_are_self_rated_and_never_scored_in_topics_or_items() -> None:
    rows = [
        row("ada", "q", 0.0, topic="norms"),
        ScoreRow("ada", "quiz", "card", "norms", "flashcard", "easy", 1.0, 1.0, 0, 1.0, ""),
    ]

    [norms] = topic_scores(rows)

    assert (norms.points, norms.max_points, norms.answers) == (0.0, 1.0, 1)
    assert [item.question_id for item in item_analysis(rows)] == ["q"]
