"""Short text: an answer that hedges, or negates with any apostrophe, is not right; plain keys still are."""

from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.grading.answer_rules import grade_answer, grade_explain, grade_short_text, score
from quizapp.core.grading.typed_text import hedge_words, plain_text
from quizapp.core.model.questions import Question, ShortTextQuestion
from tests.paths import BANK

HEDGED = "hedges or negates the answer"
OPEN_IN_PLACE = TypeAdapter(ShortTextQuestion).validate_python(
    read_yaml(
        "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\ntype: short_text\nprompt: p\n"
        "accepted: [in place, in-place, inplace, it works in place, modifies in place]\n"
        "pattern: '(?i)(?!.*(\\b(not|never|no|without|copy|copies|clone|new|returns?)\\b|n''t\\b))"
        ".*\\bin[- ]?place\\b.*'\n"
    ).value
)
"""trailing-underscore-meaning as it was shipped: a pattern open around "in place", which
only the hedge guard and its own negative lookahead keep from taking a second answer."""


@pytest.fixture(scope="module")
def short_texts() -> dict[str, ShortTextQuestion]:
    loaded = load_bank([BANK])
    assert loaded.ok
    return {q.id: q for q in loaded.bank.questions if isinstance(q, ShortTextQuestion)}


@pytest.mark.parametrize(
    ("answer", "points", "feedback"),
    [
        (
            "either in place or out of place, I am unsure",
            0.0,
            '"either", "or", "out of", ",", "unsure" ' + HEDGED,
        ),
        ("it isn\u2019t in place", 0.0, ""),  # the author's own negation check now sees it
        ("it isn\u02bct in place", 0.0, ""),
        ("it isn\uff07t in place", 0.0, ""),
        ("it is no\u200bt in place", 0.0, ""),  # an invisible character inside "not"
        ("it is n\u0308ot in place", 0.0, ""),  # a combining mark inside "not"
        ("in place or out of place", 0.0, '"or", "out of" ' + HEDGED),
        ("in place and out of place", 0.0, '"out of" ' + HEDGED),
        ("in place/out of place", 0.0, '"/", "out of" ' + HEDGED),
        ("maybe in place", 0.0, '"maybe" ' + HEDGED),
        ("in place, probably", 0.0, '"probably" ' + HEDGED),
        ("in place, not sure", 0.0, ""),
        ("out-of-place | in-place", 0.0, ""),  # measured: 1 point, "out-of" and "|" went unread
        ("in-place | out-of-place", 0.0, ""),
        ("in place vs out of place", 0.0, ""),
        ("in place, otherwise a copy", 0.0, ""),
        ("returns a copy, in place", 0.0, ""),  # measured: 1 point, a copy and in place at once
        ("a copy in place", 0.0, ""),
        ("it returns a new tensor in place of the old", 0.0, ""),
        ("the gradients are modified in place", 1.0, ""),
        ("it overwrites the gradients in place", 1.0, ""),
        ("in\u2011place", 1.0, ""),  # a non-breaking hyphen
        ("\uff29\uff2e \uff30\uff2c\uff21\uff23\uff25", 1.0, ""),  # full-width letters
        ("It works in place", 1.0, ""),
    ],
)
def test_trailing_underscore_meaning_takes_one_plain_answer(
    short_texts: dict[str, ShortTextQuestion], answer: str, points: float, feedback: str
) -> None:
    question = short_texts["trailing-underscore-meaning"]
    assert score(question.points, grade_short_text(question, answer)) == points * question.points
    # The shipped pattern is closed now, so it refuses these before the guard reads them; the
    # guard's feedback is checked on the open pattern an author might still write.
    grade = grade_short_text(OPEN_IN_PLACE, answer)
    assert score(OPEN_IN_PLACE.points, grade) == points * OPEN_IN_PLACE.points
    assert feedback in grade.feedback
    if points:
        assert grade.feedback == ""


@pytest.mark.parametrize(
    ("answer", "cues"),
    [
        ("in-place | out-of-place", ("|", "out-of")),
        ("in place vs. out of place", ("vs", "out of")),
        ("in place versus a copy", ("versus",)),
        ("in place, or else a copy", (",", "or", "else")),
        ("out\u2011of\u2011place", ("out-of",)),  # non-breaking hyphens read as hyphens
    ],
)
def test_alternatives_written_with_marks_or_hyphens_are_hedges(answer: str, cues: tuple[str, ...]) -> None:
    assert hedge_words(plain_text(answer)) == cues


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [("it does nothing at all", 1.0), ("no effect at all", 1.0), ("nothing or maybe no effect", 0.0)],
)
def test_a_word_the_key_itself_uses_is_no_hedge(
    short_texts: dict[str, ShortTextQuestion], answer: str, fraction: float
) -> None:
    question = next(q for q in short_texts.values() if "no effect" in q.accepted)
    assert grade_short_text(question, answer).fraction == fraction


def test_every_accepted_answer_of_the_shipped_bank_is_still_right(
    short_texts: dict[str, ShortTextQuestion],
) -> None:
    assert len(short_texts) >= 7
    for question in short_texts.values():
        for accepted in question.accepted:
            assert grade_answer(question, accepted).correct, (question.id, accepted)
            assert grade_answer(question, f"  {accepted.upper()} ").correct == (not question.case_sensitive)


def test_a_typographic_apostrophe_in_an_accepted_answer_matches_a_plain_one() -> None:
    question: Any = TypeAdapter(Question).validate_python(
        read_yaml(
            "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\ntype: short_text\nprompt: p\n"
            "accepted: ['it\u2019s in place']\n"
        ).value
    )
    assert grade_short_text(question, "it's in place").correct


def test_plain_text_gives_one_form_per_character() -> None:
    assert (
        plain_text("isn\u2019t \u201cthis\u201d \ufb01ne\u00a0\u2010 caf\u00e9\u200b")
        == 'isn\'t "this" fine - cafe'
    )


def test_an_explain_concept_negated_with_a_modifier_apostrophe_is_not_named() -> None:
    explain: Any = TypeAdapter(Question).validate_python(
        read_yaml(
            "id: q\ntopic: t\ndifficulty: beginner\nexplanation: e\ntype: explain\nprompt: p\n"
            "model_answer: m\nconcepts:\n  - {name: capped update, phrases: [cap, limit]}\n"
        ).value
    )
    assert grade_explain(explain, "It doesn\u02bct cap anything.").found == ()
    assert grade_explain(explain, "It caps the update.").found == ("capped update",)
