"""Explain answers earn a concept only for saying it: not for negating it, nor in the wrong order."""

from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.yaml_reader import read_yaml
from quizapp.core.grading.answer_rules import grade_explain
from quizapp.core.model.questions import ExplainQuestion, Question
from tests.paths import BANK

SHIPPED = {
    question.id: question
    for question in load_bank([BANK]).bank.questions
    if isinstance(question, ExplainQuestion)
}

LOOP = """
id: q
topic: t
difficulty: beginner
explanation: e
type: explain
prompt: How do you clip in a training loop?
model_answer: m
concepts:
  - {id: zero, name: zero the gradients, phrases: [zero_grad]}
  - id: after
    name: clip after backward
    phrases: [after backward]
    order: [[backward], [clip_grad_norm_, clip]]
  - id: before
    name: clip before step
    phrases: [before the step]
    order: [[clip_grad_norm_, clip], [optimizer.step, the step]]
  - {id: stable, name: stability, phrases: [stable, huge update]}
"""
QUESTION: Any = TypeAdapter(Question).validate_python(read_yaml(LOOP).value)
NAMES = {concept.id: concept.name for concept in QUESTION.concepts}


def earned(question: ExplainQuestion, answer: str) -> list[str]:
    found = set(grade_explain(question, answer).found)
    return [str(concept.id) for concept in question.concepts if concept.name in found]


def test_the_wrong_order_loop_answer_earns_only_what_it_gets_right() -> None:
    question = SHIPPED["explain-clipping-in-loop"]
    answer = "Call clip_grad_norm_ first, then loss.backward(), then optimizer.step()… No zero_grad needed."

    grade = grade_explain(question, answer)

    assert earned(question, answer) == ["clip-before-step", "clip-function"]
    assert grade.fraction == 0.5
    assert grade.feedback == "2/4 concepts"
    assert "Clip after backward" in grade.missed
    assert "Clear old gradients each step" in grade.missed


def test_the_right_loop_answer_earns_every_concept() -> None:
    question = SHIPPED["explain-clipping-in-loop"]
    answer = (
        "optimizer.zero_grad(), then the forward pass and loss.backward(); "
        "clip the gradients with clip_grad_norm_ and only then call optimizer.step()."
    )
    assert grade_explain(question, answer).fraction == 1.0


def test_the_inf_vs_l2_prompt_given_back_earns_nothing() -> None:
    question = SHIPPED["explain-inf-vs-l2"]
    assert grade_explain(question, question.prompt).found == ()


def test_identical_is_not_an_explanation_of_norm_versus_value() -> None:
    question = SHIPPED["explain-norm-vs-value"]
    answer = (
        "They are identical: neither one will rescale anything or clamp each element, "
        "and neither changes the direction of the total norm."
    )
    assert len(grade_explain(question, answer).found) <= 1


@pytest.mark.parametrize("question_id", sorted(SHIPPED))
def test_every_shipped_prompt_given_back_earns_at_most_one_concept(question_id: str) -> None:
    question = SHIPPED[question_id]
    assert len(grade_explain(question, question.prompt).found) <= 1


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        # negation refused, in the clause before the phrase
        ("No zero_grad needed.", []),
        ("You do not need to call zero_grad.", []),
        ("Never call zero_grad; training is stable.", ["stable"]),
        ("It doesn't need zero_grad.", []),
        ("Without zero_grad the gradients pile up.", []),
        ("Neither zero_grad nor clip_grad_norm_ matter before the step.", []),
        ("Clipping isn't stable.", []),
        ("It never leads to a huge update.", []),
        ("It is neither stable nor safe.", []),
        ("Use momentum instead of zero_grad.", []),
        # ... and after it, when the answer says the thing is not needed
        ("zero_grad is not needed.", []),
        ("zero_grad isn't necessary here.", []),
        ("Calling zero_grad is optional.", []),
        # a negation stops at its clause, and a few words away
        ("No clipping, no problem, zero_grad each time.", ["zero"]),
        ("Without clipping, a huge update follows.", ["stable"]),
        ("If you don't clip it is not a problem but training stays stable.", ["stable"]),
        ("It is not only stable but fast.", ["stable"]),
        ("Don't forget to call zero_grad.", ["zero"]),
        ("Do not skip zero_grad.", ["zero"]),
        ("It is not surprising that in every run of training zero_grad matters.", ["zero"]),
        # a sentence that opens by denying all it says names nothing of it
        ("It is not the case that in every run of training zero_grad matters.", []),
        # order: said outright, or shown in order
        ("Clip after backward and before the step.", ["after", "before"]),
        ("Call backward, then clip, then optimizer.step().", ["after", "before"]),
        ("Clip, then call backward, then optimizer.step().", ["before"]),
        ("Call optimizer.step(), then backward, then clip.", ["after"]),
        ("Call backward. Later, in the next line, clip_grad_norm_.", ["after"]),
        ("Call optimizer.step() and backward; never clip.", []),
        ("Call backward but don't clip; then optimizer.step().", []),
        ("Don't clip after backward.", []),
        ("Clipping: call backward first.", []),
    ],
)
def test_order_and_negation(answer: str, found: list[str]) -> None:
    grade = grade_explain(QUESTION, answer)
    assert earned(QUESTION, answer) == found
    assert grade.fraction == len(found) / 4
    assert set(grade.missed) == set(NAMES.values()) - {NAMES[concept_id] for concept_id in found}


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        (
            "explain-clipping-in-loop",
            "First optimizer.zero_grad(), then the loss and loss.backward(). Then call "
            "clip_grad_norm_(model.parameters(), 1.0) and finally optimizer.step(). You can't clip "
            "before backward because the gradients don't exist yet.",
        ),
        (
            "explain-why-clipping-helps",
            "If you don't clip, huge gradients make huge updates and training becomes unstable; "
            "clipping caps them. This is common in LSTMs.",
        ),
        (
            "explain-norm-vs-value",
            "clip_grad_value_ clamps every element independently, while clip_grad_norm_ scales all "
            "gradients by the same factor so the total norm is at most max_norm. Norm clipping "
            "doesn't change the direction; value clipping can.",
        ),
        (
            "explain-guard-nonfinite",
            "Don't call optimizer.step() when the norm is inf: it would ruin the model because one "
            "inf spreads to all gradients. Use error_if_nonfinite=True, catch the error and skip the batch.",
        ),
    ],
)
def test_a_good_answer_that_uses_negation_itself_keeps_full_credit(question_id: str, answer: str) -> None:
    grade = grade_explain(SHIPPED[question_id], answer)
    assert grade.missed == ()
    assert grade.fraction == 1.0


@pytest.mark.parametrize("question_id", sorted(SHIPPED))
def test_a_list_of_the_key_words_earns_nothing_and_says_to_write_sentences(question_id: str) -> None:
    question = SHIPPED[question_id]
    key_words = " ".join(concept.phrases[0] for concept in question.concepts)

    grade = grade_explain(question, key_words)

    assert grade.fraction == 0.0
    assert grade.found == ()
    assert "key words alone earn nothing, explain in sentences" in grade.feedback


def test_key_words_in_the_right_order_are_still_a_list() -> None:
    question = SHIPPED["explain-clipping-in-loop"]

    assert grade_explain(question, "zero_grad after backward before step clip_grad_norm_").fraction == 0.0
    assert grade_explain(question, "zero_grad, backward, clip_grad_norm_, step").fraction == 0.0


def _key_words(question: ExplainQuestion) -> list[str]:
    return [concept.phrases[0] for concept in question.concepts]


@pytest.mark.parametrize("question_id", sorted(SHIPPED))
@pytest.mark.parametrize(
    "dress",
    [
        lambda words: "I have no idea. " + " ".join(words),
        lambda words: "I have absolutely zero idea " + " ".join(words),
        lambda words: "I have absolutely zero idea " + " and ".join(words),
        lambda words: "Q: what is it? A: I can't say. Key words: " + ", ".join(words) + ".",
        lambda words: ". ".join(words) + ".",
        lambda words: ", ".join(f"it is about {word}" for word in words) + ".",
        lambda words: " ".join(f"{word} is a word I know." for word in words),
    ],
    ids=[
        "after-a-sentence",
        "after-filler",
        "joined-by-and",
        "comma-list",
        "one-per-sentence",
        "template",
        "template-sentences",
    ],
)
def test_key_words_dressed_up_with_filler_earn_nothing(question_id: str, dress: Any) -> None:
    question = SHIPPED[question_id]

    grade = grade_explain(question, dress(_key_words(question)))

    assert grade.found == ()
    assert grade.fraction == 0.0
    assert "explain in sentences" in grade.feedback


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        ("It prevents unstable exploding gradients in RNNs by capping their norm.", 4),
        ("Unstable exploding gradients hurt RNNs.", 3),
        ("Exploding gradients are unstable; the threshold is for LSTM models.", 4),
        (
            "Gradients can explode in deep networks, causing huge updates, instability, and "
            "divergence; clipping rescales them below a threshold.",
            4,
        ),
    ],
)
def test_sentences_that_put_key_words_side_by_side_keep_their_credit(answer: str, found: int) -> None:
    grade = grade_explain(SHIPPED["explain-why-clipping-helps"], answer)

    assert len(grade.found) == found
    assert "explain in sentences" not in grade.feedback


def test_a_sentence_earns_its_concepts_and_a_list_after_it_earns_nothing_more() -> None:
    question = SHIPPED["explain-why-clipping-helps"]

    answer = "Clipping caps the norm of the gradients. Also: rnn, unstable, exploding."

    grade = grade_explain(question, answer)

    assert grade.found == ("Clipping limits the gradient's size with a threshold",)
    assert grade.fraction == 0.25
    assert "key words in a list earn nothing" in grade.feedback


EMPTY_CLAIMS = [
    "{} matters here.",
    "{} matters here too.",
    "{} also matters.",
    "{} is relevant.",
    "{} is very important.",
    "{} is key.",
    "{} plays a role.",
    "{} is worth mentioning.",
    "Remember {}.",
    "Think about {}.",
    "Maybe {}.",
    "Don't forget {}.",
    "{} is the answer.",
    "{} comes into play.",
]


@pytest.mark.parametrize("question_id", sorted(SHIPPED))
@pytest.mark.parametrize("shift", [0, 3, 7])
def test_key_words_that_are_only_said_to_matter_earn_nothing(question_id: str, shift: int) -> None:
    question = SHIPPED[question_id]
    words = _key_words(question)
    claims = [EMPTY_CLAIMS[(shift + 5 * n) % len(EMPTY_CLAIMS)] for n in range(len(words))]
    answer = " ".join(claim.format(word) for claim, word in zip(claims, words, strict=True))

    grade = grade_explain(question, answer)

    assert (grade.found, grade.fraction) == ((), 0.0), answer
    assert "explain in sentences" in grade.feedback


@pytest.mark.parametrize("question_id", sorted(SHIPPED))
def test_saying_where_each_key_word_matters_earns_nothing(question_id: str) -> None:
    question = SHIPPED[question_id]
    first, *others = _key_words(question)
    answer = f"It matters for {first}. " + " ".join(f"{word} is relevant." for word in others)

    assert grade_explain(question, answer).fraction == 0.0, answer
    assert grade_explain(question, f"It matters for {first}. It is relevant to {others[0]}.").fraction == 0.0


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        ("Exploding gradients cause huge updates. Clipping caps them. It matters for RNNs.", 3),
        ("Clipping caps the norm before training can diverge. It is important in recurrent nets.", 3),
        ("Clipping caps the norm. It matters most in RNNs.", 2),
        ("Clipping caps the norm. RNNs benefit most.", 2),
        ("Clipping is important for RNNs, where gradients can blow up.", 2),
    ],
)
def test_sentences_that_say_where_clipping_matters_keep_their_credit(answer: str, found: int) -> None:
    grade = grade_explain(SHIPPED["explain-why-clipping-helps"], answer)

    assert len(grade.found) == found, grade.found
    assert "explain in sentences" not in grade.feedback


@pytest.mark.parametrize("question_id", sorted(SHIPPED))
@pytest.mark.parametrize(
    "fill",
    [
        lambda words: " ".join(f"{word} {letter}." for word, letter in zip(words, "xyzw", strict=False)),
        lambda words: " ".join(f"{word} banana." for word in words),
        lambda words: " ".join(
            f"{pronoun} {word}." for pronoun, word in zip(["it", "this", "they", "that"], words, strict=False)
        ),
        lambda words: "lorem ipsum " + " dolor amet ".join(words) + " consectetur",
        lambda words: (
            "Gradient clipping is used in training. " + " ".join(f"{word} banana." for word in words)
        ),
    ],
    ids=["letters", "one-word", "pronouns", "lorem-ipsum", "after-a-sentence"],
)
def test_key_words_padded_with_words_that_say_nothing_earn_at_most_one_concept(
    question_id: str, fill: Any
) -> None:
    question = SHIPPED[question_id]
    answer = fill(_key_words(question))

    assert grade_explain(question, answer).fraction <= 1 / len(question.concepts), answer


def test_a_question_s_own_terms_are_words_that_say_something() -> None:
    coined = LOOP.replace(
        "model_answer: m", "model_answer: Zorblax the gradients before every backward pass."
    )
    question: Any = TypeAdapter(Question).validate_python(read_yaml(coined).value)
    answer = "It is zorblax and stable."

    assert earned(question, answer) == ["stable"]
    assert earned(QUESTION, answer) == []  # a word no English text uses, in a question without it
