"""Lab predictions go to an LMS as a single choice over the runs or a number within the range."""

from quizapp.core.exchange.items import ChoiceItem, ItemHead, NumericItem
from quizapp.core.exchange.lab_items import lab_prediction_item
from tests.core.grading.test_lab_prediction import HOW_MANY, WHICH

HEAD = ItemHead(id="q", category="Lab", prompt="p", explanation="Why.", hints=(), points=1.0, tags=())


def test_which_run_becomes_a_single_choice_whose_right_option_is_the_key() -> None:
    item = lab_prediction_item(WHICH, HEAD)
    assert isinstance(item, ChoiceItem)
    assert item.single
    assert [(o.key, o.text, o.fraction) for o in item.options] == [
        ("clipped", "Clipped", 1.0),
        ("unclipped", "Unclipped", 0.0),
    ]
    assert item.options[0].feedback == "It trains."
    assert "quizapp lab --plain --preset rnn-unclipped --steps 50" in item.head.explanation


def test_how_many_becomes_a_number_whose_tolerance_spans_the_range() -> None:
    item = lab_prediction_item(HOW_MANY, HEAD)
    assert isinstance(item, NumericItem)
    assert (item.answer - item.tolerance, item.answer + item.tolerance) == (75.0, 100.0)
    assert item.head.explanation.startswith("Why.")
