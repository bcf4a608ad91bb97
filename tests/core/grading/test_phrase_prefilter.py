"""Skipping phrases whose words are absent never changes what a text is found to say."""

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.grading import concept_matching
from quizapp.core.grading.concept_matching import normalized, phrase_used
from quizapp.core.model.explain_question import ExplainQuestion
from tests.paths import BANK


def test_the_shortcut_agrees_with_the_full_pattern_on_every_shipped_phrase() -> None:
    questions = [q for q in load_bank([BANK]).bank.questions if isinstance(q, ExplainQuestion)]
    phrases = sorted({phrase for q in questions for concept in q.concepts for phrase in concept.phrases})
    texts = [normalized(q.prompt) for q in questions] + [normalized(q.model_answer) for q in questions]
    texts += [normalized(sample.answer) for q in questions for sample in q.samples]
    texts += ["diverging gradients get rescaled by clipping", "it clipped and zeroed the grads"]
    found = 0
    for phrase in phrases:
        pattern = concept_matching._phrase_pattern(phrase)
        for text in texts:
            expected = pattern.search(text) is not None
            assert phrase_used(text, phrase) == expected, (phrase, text)
            found += expected
    assert found > len(phrases)  # most phrases occur somewhere: the agreement was tested both ways


def test_a_word_ending_in_e_still_matches_its_ing_form() -> None:
    assert phrase_used("the norms keep diverging", "diverge")
    assert phrase_used("it rescales them", "rescale")
    assert not phrase_used("it scales them", "rescale")
