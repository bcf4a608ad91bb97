"""Answer by picking: one of several options (keys 1-9, arrows, Enter) or several (Space toggles)."""

import re
from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Key
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.tui.widgets.answer_input import AnswerInput


class NumberedOptions(OptionList):
    """An option list whose digits 1-9 move to that option."""

    def on_key(self, event: Key) -> None:
        """Highlight the option with the typed number."""
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= self.option_count:
            self.highlighted = int(event.character) - 1
            event.stop()


class ChoiceAnswer(AnswerInput):
    """Pick exactly one option; Enter or a click gives it as the answer."""

    def __init__(self, options: Sequence[tuple[str, object]], *, id: str | None = None) -> None:
        """Offer ``options`` as (label, value shown to the session) pairs, numbered from 1."""
        super().__init__(id=id)
        self.options = list(options)

    def compose(self) -> ComposeResult:
        """One numbered line per option."""
        yield NumberedOptions(
            *(
                Option(Content.assemble((f"{number}. ", "bold"), inline_markdown(label)))
                for number, (label, _) in enumerate(self.options, 1)
            ),
            classes="answer-focus",
        )

    def current(self) -> object | None:
        """The highlighted option's value."""
        index = self.query_one(NumberedOptions).highlighted
        return None if index is None else self.options[index][1]

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Submitted(self.options[event.option_index][1]))


class NumberedToggles(NumberedOptions):
    """Options that are picked and unpicked: Space, a digit or a click toggles; Enter submits.

    (An option list rather than a selection list, so that long choices wrap with their mark.)
    """

    BINDINGS = [
        Binding("space", "toggle_pick", "Toggle", show=False),
        Binding("enter", "submit", "Answer", show=False),
    ]

    def on_key(self, event: Key) -> None:
        """Toggle the option with the typed number."""
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= self.option_count:
            self.highlighted = int(event.character) - 1
            self.action_toggle_pick()
            event.stop()

    def action_toggle_pick(self) -> None:
        """Pick or unpick the highlighted option."""
        parent = self.parent
        if isinstance(parent, MultiChoiceAnswer) and self.highlighted is not None:
            parent.toggle(self.highlighted)

    def action_submit(self) -> None:
        """Give the picks as the answer."""
        parent = self.parent
        if isinstance(parent, MultiChoiceAnswer):
            parent.submit()


class MultiChoiceAnswer(AnswerInput):
    """Pick every option that applies: Space, a digit or a click toggles; Enter gives the picks."""

    def __init__(self, options: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """Offer ``options`` as (label, choice id) pairs, numbered from 1."""
        super().__init__(id=id)
        self.options = list(options)
        self.picked: set[int] = set()

    def _prompt(self, index: int) -> Content:
        mark = "[x]" if index in self.picked else "[ ]"
        return Content.assemble((f"{mark} {index + 1}. ", "bold"), inline_markdown(self.options[index][0]))

    def compose(self) -> ComposeResult:
        """One numbered, toggleable line per option."""
        yield NumberedToggles(
            *(Option(self._prompt(i)) for i in range(len(self.options))), classes="answer-focus"
        )

    def toggle(self, index: int) -> None:
        """Pick or unpick option ``index``."""
        self.picked ^= {index}
        self.query_one(NumberedToggles).replace_option_prompt_at_index(index, self._prompt(index))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)

    def current(self) -> object | None:
        """The ids picked, in the order shown; None while nothing is picked."""
        return [self.options[index][1] for index in sorted(self.picked)] or None


def inline_markdown(text: str) -> Content:
    """Render the inline Markdown choices use: `code` and **bold**; everything else as typed."""
    parts: list[str | tuple[str, str]] = []
    for piece in _INLINE.split(text):
        if piece.startswith("`") and piece.endswith("`") and len(piece) > 1:
            parts.append((piece[1:-1], "bold $text-accent"))
        elif piece.startswith("**") and piece.endswith("**") and len(piece) > 3:
            parts.append((piece[2:-2], "bold"))
        elif piece:
            parts.append(piece)
    return Content.assemble(*parts)


_INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*)")
