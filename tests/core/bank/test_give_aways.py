"""Finding questions that show a name another asks the learner to recall, and reporting it."""

from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.fairness import fairness_findings
from quizapp.core.bank.give_aways import (
    GiveAway,
    asked_names,
    common_names,
    find_give_aways,
    mutual_give_aways,
    name_in,
    phrase_in,
    shown_texts,
)
from quizapp.core.model.fingerprints import question_hash
from quizapp.core.model.questions import Question
from tests.paths import BANK

BANK_QUESTIONS = load_bank([BANK]).bank.questions


def make(question_id: str, kind: str, **fields: Any) -> Question:
    base = {"id": question_id, "type": kind, "topic": "t", "difficulty": "beginner", "explanation": "e."}
    return TypeAdapter(Question).validate_python({**base, **fields})


def recall(question_id: str, *accepted: str, **fields: Any) -> Question:
    return make(
        question_id,
        "short_text",
        prompt=fields.pop("prompt", "Which name?"),
        accepted=list(accepted),
        **fields,
    )


def statement(question_id: str, prompt: str, **fields: Any) -> Question:
    return make(question_id, "true_false", prompt=prompt, answer=True, **fields)


def choice(question_id: str, key: str, *others: str, prompt: str = "Which one?") -> Question:
    choices = [{"id": "key", "text": key}] + [{"id": f"o{n}", "text": text} for n, text in enumerate(others)]
    return make(question_id, "single_choice", prompt=prompt, choices=choices, answer="key")


def raises(question_id: str, answer: str, options: tuple[str, ...] = ()) -> Question:
    return make(
        question_id, "code_error", prompt="What happens?", code="f()", answer=answer, options=list(options)
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("error_if_nonfinite", "error_if_nonfinite"),
        ("error_if_nonfinite=True", "error_if_nonfinite"),
        ("scaler.unscale_(optimizer)", "unscale_"),
        ("`torch.nn.utils.clip_grad_value_`", "clip_grad_value_"),
        ("FutureWarning", "FutureWarning"),
        ("in place", None),  # a phrase, not a name
        ("inplace", None),  # a plain word
        ("2.5", None),
        ("lr_", None),  # too short to trace
        ("It modifies the `.grad` tensors in place.", None),
    ],
)
def test_a_name_is_an_identifier_that_reads_as_code(text: str, name: str | None) -> None:
    assert name_in(text) == name


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("in place", "in place"),
        ("In-place", "in place"),
        ("exploding  gradients", "exploding gradients"),
        ("inplace", None),  # one word
        ("error_if_nonfinite=True", None),  # code, not prose
        ("2 steps", None),
    ],
)
def test_a_phrase_is_two_or_more_plain_words(text: str, phrase: str | None) -> None:
    assert phrase_in(text) == phrase


def test_a_typed_phrase_is_given_away_by_the_same_words_in_any_case_or_hyphenation() -> None:
    asker = recall("meaning", "in place", "it works in place")
    hyphen = statement("hyphen", "Does it work In-place?")
    across_lines = statement("lines", "It works in\nplace.")
    inside_a_word = statement("word", "It works in placebo trials.")
    as_a_choice = choice("choice-key", "in place", "a copy")  # a choice is recognised, not recalled

    found = find_give_aways([asker, hyphen, across_lines, inside_a_word, as_a_choice])

    assert asked_names(asker) == {"in place", "it works in place"}
    assert asked_names(as_a_choice) == set()
    assert [(one.giver, one.name) for one in found] == [
        ("hyphen", "in place"),
        ("lines", "in place"),
        ("choice-key", "in place"),
        ("lines", "it works in place"),
    ]


def test_the_names_a_question_asks_for_come_from_its_key_only() -> None:
    assert asked_names(recall("flag", "error_if_nonfinite", "error_if_nonfinite=True")) == {
        "error_if_nonfinite"
    }
    assert asked_names(choice("pick", "`clip_grad_value_`", "`clamp_grads`")) == {"clip_grad_value_"}
    assert asked_names(raises("sparse", "NotImplementedError", ("NotImplementedError", "no error"))) == {
        "NotImplementedError"
    }
    assert asked_names(raises("fine", "no error", ("RuntimeError", "no error"))) == set()
    assert asked_names(make("number", "numeric", prompt="How much?", answer=5.0)) == set()
    assert asked_names(make("card", "flashcard", front="Which flag?", back="error_if_nonfinite")) == set()


def test_a_name_the_question_shows_before_its_answer_is_not_asked_for() -> None:
    in_prompt = recall(
        "flag", "error_if_nonfinite", prompt="What does `error_if_nonfinite` default to? Name it."
    )
    in_a_distractor = choice("pick", "`foo_bar(x)`", "`foo_bar(y)`")

    assert asked_names(in_prompt) == set()
    assert asked_names(in_a_distractor) == set()


def test_any_text_a_learner_reads_gives_a_name_away_explanations_and_feedback_included() -> None:
    asker = recall("flag", "error_if_nonfinite")
    in_explanation = statement(
        "says-it-after", "Clipping can raise.", explanation="Set `error_if_nonfinite=True`."
    )
    in_feedback = make(
        "feedback",
        "single_choice",
        prompt="Does it raise?",
        choices=[
            {"id": "a", "text": "Yes", "feedback": "Only with error_if_nonfinite."},
            {"id": "b", "text": "No"},
        ],
        answer="b",
    )
    in_code = make(
        "code", "code_output", prompt="What prints?", code="f(error_if_nonfinite=True)", answer="1"
    )
    near_miss = statement("near-miss", "Is `error_if_nonfinite_x` a flag? And `my_error_if_nonfinite`?")

    found = find_give_aways([asker, in_explanation, in_feedback, in_code, near_miss])

    assert found == [
        GiveAway("says-it-after", "flag", "error_if_nonfinite"),
        GiveAway("feedback", "flag", "error_if_nonfinite"),
        GiveAway("code", "flag", "error_if_nonfinite"),
    ]


def test_fields_a_learner_never_reads_do_not_count_as_shown() -> None:
    question = recall("pat", "clip_grad_value_", pattern="hidden_pattern_", tags=["hidden-tag"])

    shown = shown_texts(question)

    assert "Which name?" in shown
    assert "clip_grad_value_" in shown  # the key is shown after answering
    assert not any("hidden" in text for text in shown)


def test_a_name_that_answers_several_different_questions_is_common_vocabulary() -> None:
    first, second = raises("a", "RuntimeError"), raises("b", "RuntimeError")
    twin = make("b", "code_error", prompt="What?", code="g()", answer="RuntimeError", same_fact_as=["a"])
    mentions = statement("mentions", "Does it raise `RuntimeError`?")

    assert common_names([first, second]) == {"RuntimeError"}
    assert find_give_aways([first, second, mentions]) == []
    assert common_names([first, twin]) == set()  # one fact, asked twice
    assert {found.giver for found in find_give_aways([first, twin, mentions])} == {"mentions"}


def test_questions_declared_the_same_fact_are_not_compared() -> None:
    category = recall("category", "FutureWarning", explanation="It is a FutureWarning.")
    as_error = make(
        "as-error",
        "code_error",
        prompt="What escapes?",
        code="old()",
        answer="FutureWarning",
        explanation="A FutureWarning escapes.",
        same_fact_as=["category"],
    )
    assert find_give_aways([category, as_error]) == []


def test_questions_that_show_each_others_answers_form_a_cycle() -> None:
    norm = choice("norm", "`clip_grad_norm_`", "`clip_grad_value_`", "`clip_gradients`")
    value = recall("value", "clip_grad_value_", hints=["The sibling of `clip_grad_norm_`."])
    third = statement("third", "Is `clip_grad_value_` in place?")

    found = find_give_aways([norm, value, third])

    assert mutual_give_aways(found) == [["norm", "value"]]
    assert mutual_give_aways([GiveAway("a", "b", "x"), GiveAway("b", "c", "y")]) == []


def test_validate_names_each_question_of_a_cycle_at_its_place() -> None:
    norm = choice("norm", "`clip_grad_norm_`", "`clip_grad_value_`", "`clip_gradients`")
    value = recall("value", "clip_grad_value_", hints=["The sibling of `clip_grad_norm_`."])
    places = {"norm": "a.yaml:4", "value": "b.yaml:9"}

    [finding] = fairness_findings([norm, value], place_of=places.get)

    assert finding.startswith("norm (a.yaml:4), value (b.yaml:9) give each other's answers away")
    assert "norm shows `clip_grad_value_`, the answer of value" in finding
    assert "declare them same_fact_as" in finding


def test_the_shipped_bank_has_no_mutual_give_aways_and_traces_the_known_recall_questions() -> None:
    found = find_give_aways(BANK_QUESTIONS)
    askers = {one.asker for one in found}

    assert mutual_give_aways(found) == []
    assert {
        "nonfinite-flag-name",
        "amp-unscale-method",
        "value-function-name",
        "trailing-underscore-meaning",
    } <= askers
    assert "FutureWarning" not in common_names(BANK_QUESTIONS)  # its two askers are one fact


def test_same_fact_as_is_left_out_of_the_content_hash() -> None:
    plain = statement("q", "Is it?")
    declared = statement("q", "Is it?", same_fact_as=["other"])
    assert question_hash(plain) == question_hash(declared)


def test_an_unknown_or_own_id_in_same_fact_as_is_reported_at_its_place(write_quiz) -> None:  # type: ignore[no-untyped-def]
    path: Path = write_quiz(
        "title: T\ntopic: t\nquestions:\n"
        "  - id: first\n    type: true_false\n    difficulty: beginner\n    prompt: p\n"
        "    answer: true\n    explanation: e\n    same_fact_as: [second, secnod, first]\n"
        "  - id: second\n    type: true_false\n    difficulty: beginner\n    prompt: p\n"
        "    answer: false\n    explanation: e\n"
    )

    result = load_bank([path])

    assert [str(problem) for problem in result.problems] == [
        f"{path}:10:28: questions[0].same_fact_as[1]: no question of the bank has the id 'secnod'",
        f"{path}:10:36: questions[0].same_fact_as[2]: a question cannot be declared the same fact as itself",
    ]


def test_a_phrase_is_never_matched_across_two_texts_of_a_question() -> None:
    asker = recall("meaning", "in place")
    split = statement("split", "Does it go in", explanation="Place it after backward.")
    assert find_give_aways([asker, split]) == []
