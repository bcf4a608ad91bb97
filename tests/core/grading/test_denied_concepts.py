"""Explain: a sentence denying what it names ("it is a myth that ...", "... is irrelevant") earns nothing."""

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.grading.answer_rules import grade_explain, score
from quizapp.core.model.questions import ExplainQuestion
from tests.paths import BANK

SHIPPED = {
    question.id: question
    for question in load_bank([BANK]).bank.questions
    if isinstance(question, ExplainQuestion)
}
WHY = "explain-why-clipping-helps"
NORM_VS_VALUE = "explain-norm-vs-value"


def earned(question_id: str, answer: str) -> list[str]:
    question = SHIPPED[question_id]
    found = set(grade_explain(question, answer).found)
    return [str(concept.id) for concept in question.concepts if concept.name in found]


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        (  # measured: 4/4
            WHY,
            "Large updates are good. Instability is a myth I made up. A threshold is something I have "
            "never heard of in my life. Recurrent things are pretty.",
        ),
        (  # measured: 4/4
            NORM_VS_VALUE,
            "It is false that norm clipping rescales all gradients by one factor. It is a myth that value "
            "clipping clamps each element individually. Nobody claims that norm clipping keeps the "
            "direction. The total norm is irrelevant.",
        ),
        (
            WHY,
            "It's a myth that huge updates make training unstable. The idea that RNNs need a threshold is "
            "nonsense. That clipping caps anything is wrong.",
        ),
        (
            WHY,
            "Honestly, it is untrue that huge updates make the loss diverge. Nobody seriously thinks a "
            "threshold helps. Recurrent networks are something I made up.",
        ),
        (
            NORM_VS_VALUE,
            "The total norm is a made-up idea. Direction is a lie. Clamping each element is a "
            "misconception, and it is wrong to say that one factor rescales them.",
        ),
    ],
)
def test_an_answer_that_denies_every_idea_scores_nothing(question_id: str, answer: str) -> None:
    question = SHIPPED[question_id]
    grade = grade_explain(question, answer)
    assert grade.found == ()
    assert score(question.points, grade) == 0.0


@pytest.mark.parametrize(
    ("question_id", "answer", "found"),
    [
        # a frame governs what follows it, up to the sentence's end, a colon or a turn
        (
            WHY,
            "Clipping caps huge updates with a threshold, and it is false that training diverges.",
            ["large-updates", "bounded"],
        ),
        (
            WHY,
            "It is wrong to say that clipping is useless: it caps huge updates, so training stays stable.",
            ["large-updates", "bounded"],
        ),
        (
            NORM_VS_VALUE,
            "Nobody claims value clipping keeps the direction, but norm clipping rescales by one factor.",
            ["one-factor"],
        ),
        # "contrary to" negates like "unlike", in its own clause only
        (
            NORM_VS_VALUE,
            "Contrary to clamping each element, norm clipping rescales everything by one factor.",
            ["one-factor"],
        ),
        # a predicate denies the subject it is said of, not a phrase earlier in the clause
        (
            NORM_VS_VALUE,
            "Value clipping clamps each element and the sign is irrelevant.",
            ["each-element"],
        ),
        (
            WHY,
            "Huge updates make training unstable; recurrent networks are a myth.",
            ["large-updates", "instability"],
        ),
    ],
)
def test_a_denial_reaches_only_what_it_governs(question_id: str, answer: str, found: list[str]) -> None:
    assert earned(question_id, answer) == found


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        (
            WHY,
            "Without clipping, huge updates make training diverge. Clipping caps the gradient at a "
            "threshold. It matters most for recurrent networks.",
        ),
        (
            WHY,
            "If you do not clip, huge updates throw the weights far away and the loss diverges. "
            "Clipping limits the gradient norm to a threshold, which RNNs need most.",
        ),
        (
            WHY,
            "When gradients are not clipped, they give huge updates, so training becomes unstable. "
            "Clipping caps them at a threshold, which deep networks and LSTMs need most.",
        ),
        (
            WHY,
            "It is true that huge updates make training unstable. Clipping caps the gradient with a "
            "threshold. Recurrent networks suffer most.",
        ),
        (
            WHY,
            "Huge updates are bad for training because they make it unstable. Clipping caps the "
            "gradient. RNNs suffer most.",
        ),
        (
            NORM_VS_VALUE,
            "After value clipping the direction is wrong, since it clamps each element on its own. Norm "
            "clipping rescales everything by one factor up to a total norm threshold.",
        ),
        (
            NORM_VS_VALUE,
            "The gradient is made up of many elements: value clipping clamps each element individually, "
            "while norm clipping rescales all of them by one factor using the total norm, which keeps "
            "the direction.",
        ),
        (
            NORM_VS_VALUE,
            "Many people think that norm clipping keeps the direction, and they are right: it rescales by "
            "one factor based on the total norm. Value clipping clamps each element.",
        ),
        (
            NORM_VS_VALUE,
            "Contrary to what many assume, norm clipping keeps the direction because it rescales by one "
            "common factor of the total norm; value clipping clamps each element.",
        ),
        (
            NORM_VS_VALUE,
            "It is wrong to think they are the same: norm clipping rescales by one factor and keeps the "
            "direction, value clipping clamps each element to an absolute value limit.",
        ),
    ],
)
def test_an_honest_answer_still_earns_full_marks(question_id: str, answer: str) -> None:
    question = SHIPPED[question_id]
    grade = grade_explain(question, answer)
    assert grade.missed == ()
    assert score(question.points, grade) == question.points


@pytest.mark.parametrize(
    ("answer", "credited"),
    [
        ("Not clipping leads to huge updates.", ["Large gradients cause oversized weight updates"]),
        ("No clipping means huge updates.", ["Large gradients cause oversized weight updates"]),
        (
            "Gradients that are not clipped explode and give huge updates.",
            ["Large gradients cause oversized weight updates"],
        ),
        ("Clipping does not lead to huge updates.", []),  # the verb itself is negated
        ("Clipping doesn't really cause huge updates.", []),
        ("It is not true that no clipping leads to divergence.", []),  # a denying frame
    ],
)
def test_a_negated_cause_does_not_negate_what_it_leads_to(answer: str, credited: list[str]) -> None:
    assert list(grade_explain(SHIPPED[WHY], answer).found) == credited
