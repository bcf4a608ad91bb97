"""A question's hash follows its content, however often it is asked for and whatever object holds it."""

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from tests.paths import BANK


def test_a_hash_follows_the_content_not_the_object() -> None:
    first = load_bank([BANK]).bank.questions
    second = load_bank([BANK]).bank.questions
    assert [question_hash(q) for q in first] == [question_hash(q) for q in second]
    assert bank_fingerprint(first) == bank_fingerprint(second)
    changed = first[0].model_copy(update={"prompt": first[0].prompt + " (edited)"})
    assert question_hash(changed) != question_hash(first[0])
    assert bank_fingerprint([changed, *first[1:]]) != bank_fingerprint(first)


def test_a_question_made_where_a_freed_one_lived_gets_its_own_hash() -> None:
    question = load_bank([BANK]).bank.questions[0]
    earlier: dict[int, str] = {}
    reused = 0
    for number in range(50):  # freed objects' addresses are soon reused: each must hash afresh
        edited = question.model_copy(update={"prompt": f"{question.prompt} ({number})"})
        fresh = question_hash(edited.model_copy())  # the same content in an object alive beside it
        assert question_hash(edited) == fresh
        if id(edited) in earlier:
            reused += 1
            assert earlier[id(edited)] != fresh  # another prompt lived at this address before
        earlier[id(edited)] = fresh
        del edited
    assert reused > 0  # addresses were reused, so the check above meant something
