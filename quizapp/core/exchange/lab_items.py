"""Lab prediction questions as LMS items: "which run" as a single choice, "how much" as a number.

An LMS cannot train a network, so the item carries the key that ``quizapp validate --run``
proved by training the runs; the prompt names the ``quizapp lab`` command of each run, so a
learner can still watch the experiment.
"""

from dataclasses import replace

from quizapp.core.exchange.items import ChoiceItem, ChoiceOption, ItemHead, NumericItem
from quizapp.core.model.lab_prediction import LabPredictionQuestion


def lab_prediction_item(question: LabPredictionQuestion, head: ItemHead) -> ChoiceItem | NumericItem:
    """The question as a single-choice item over its runs, or a numeric item over its range.

    Args:
        question: The lab question.
        head: The item's shared parts (id, prompt, explanation, points...).
    """
    commands = "\n".join(f"    {run.command()}" for run in question.runs)
    head = replace(head, explanation=f"{head.explanation}\n\nWatch it train:\n\n{commands}".strip())
    if question.answer_range is not None:
        low, high = question.answer_range.min, question.answer_range.max
        return NumericItem(head, (low + high) / 2, (high - low) / 2)
    options = tuple(
        ChoiceOption(
            text=run.text or run.id,
            fraction=1.0 if run.id == question.answer else 0.0,
            feedback=run.feedback or "",
            key=run.id,
        )
        for run in question.runs
    )
    return ChoiceItem(head, options, single=True, shuffle=question.shuffle)
