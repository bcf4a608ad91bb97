"""GIFT, Moodle's plain-text question format: writing it, with its special characters escaped.

GIFT has multiple choice (one or several right answers, with weights), true/false,
numerical (``#answer:tolerance``), short answer and essay; texts are Markdown
(``[markdown]``). It has no place for hints, for an essay's grader information, or for
code runner questions: code runner questions are listed as left out; an explain question's
model answer, concepts and samples go into a ``// quizapp-explain:`` comment line before it,
which ``gift_reader`` reads back (Moodle itself ignores comments).
"""

from quizapp.core.exchange.explain_data import explain_line
from quizapp.core.exchange.items import (
    ChoiceItem,
    CodeRunnerItem,
    EssayItem,
    ExportPlan,
    Item,
    LeftOut,
    NumericItem,
    ShortAnswerItem,
    TrueFalseItem,
    Written,
)
from quizapp.core.exchange.moodle_xml import CATEGORY_ROOT

SPECIAL = "\\~=#{}:"
"""The characters GIFT gives a meaning; a literal one is written after a backslash."""


def gift_escape(text: str) -> str:
    r"""``text`` as GIFT text: every special character and every line break escaped.

    A line break is written ``\\n``, so that a blank line inside a text (which would end the
    question) cannot occur.
    """
    escaped = "".join(f"\\{char}" if char in SPECIAL else char for char in text)
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def write_gift(plan: ExportPlan) -> Written:
    """The plan as one GIFT file, its provenance in comments at the top.

    Args:
        plan: The items to write and where their keys come from.

    Returns:
        The file's bytes (UTF-8), and the code runner items, which GIFT cannot express.
    """
    lines = [f"// {line}" for line in plan.provenance.lines()]
    left_out: list[LeftOut] = []
    category = None
    for item in plan.items:
        if isinstance(item, CodeRunnerItem):
            left_out.append(LeftOut(item.head.id, "GIFT has no code runner question type"))
            continue
        if item.head.category != category:
            category = item.head.category
            lines += ["", f"$CATEGORY: {CATEGORY_ROOT}/{category.replace('/', '//')}"]
        lines += ["", *_question(item)]
    return Written(("\n".join(lines) + "\n").encode("utf-8"), tuple(left_out))


def _question(item: Item) -> list[str]:
    head = item.head
    lines = [f"// tags: {' '.join(head.tags)}"] if head.tags else []
    if isinstance(item, EssayItem):
        lines.append(f"// {explain_line(item)}")
    lines.append(f"::{gift_escape(head.id)}::[markdown]{gift_escape(head.prompt)}{{")
    match item:
        case ChoiceItem():
            for option in item.options:
                feedback = f"#{gift_escape(option.feedback)}" if option.feedback else ""
                lines.append(f"\t{_choice_mark(item, option.fraction)}{gift_escape(option.text)}{feedback}")
        case TrueFalseItem():
            lines.append(f"\t{'TRUE' if item.answer else 'FALSE'}")
        case NumericItem():
            lines.append(f"\t#{item.answer!r}:{item.tolerance!r}")
        case ShortAnswerItem():
            lines += [f"\t={gift_escape(text)}" for text in item.accepted]
        case EssayItem() | CodeRunnerItem():
            pass
    if head.explanation:
        lines.append(f"\t####{gift_escape(head.explanation)}")
    lines.append("}")
    return lines


def _choice_mark(item: ChoiceItem, fraction: float) -> str:
    if item.single and fraction in (0.0, 1.0):
        return "=" if fraction == 1.0 else "~"
    return f"~%{round(fraction * 100, 5):g}%"
