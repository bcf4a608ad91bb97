"""A list of options each picked or not: Space, a digit or a click toggles; Enter confirms.

An option list rather than Textual's selection list, so that long options wrap with their
mark, and so that the home screen needs one widget type fewer before its first paint.
"""

from collections.abc import Sequence

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.tui.widgets.inline_markdown import inline_markdown


class NumberedOptions(OptionList):
    """An option list in which typing a digit 1-9 goes to the option with that number."""

    def on_key(self, event: Key) -> None:
        """Hand a typed option number to :meth:`number_typed`."""
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= self.option_count:
            self.number_typed(int(event.character) - 1)
            event.stop()

    def number_typed(self, index: int) -> None:
        """Highlight option ``index`` (its number was typed)."""
        self.highlighted = index


class ToggleList(NumberedOptions):
    """Options shown as ``[x]``/``[ ]``; ``selected`` gives the values picked, in display order."""

    BINDINGS = [
        Binding("space", "toggle_pick", "Toggle", show=False),
        Binding("enter", "confirm", "Confirm", show=False),
    ]

    class Confirmed(Message):
        """Enter was pressed: the picks are final (an answer widget submits them)."""

        def __init__(self, toggle_list: "ToggleList") -> None:
            super().__init__()
            self.toggle_list = toggle_list

    def __init__(
        self,
        items: Sequence[tuple[str, str]] = (),
        *,
        numbered: bool = False,
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Offer ``items`` as (label, value) pairs; ``placeholder`` shows while there are none."""
        super().__init__(id=id, classes=classes)
        self.numbered = numbered
        self.placeholder = placeholder
        self.items: list[tuple[str, str]] = []
        self.picked: set[int] = set()
        self.set_items(items)

    def set_items(self, items: Sequence[tuple[str, str]]) -> None:
        """Replace the options (nothing picked)."""
        self.items = list(items)
        self.picked = set()
        self.clear_options()
        if self.items:
            self.add_options(Option(self._prompt(index)) for index in range(len(self.items)))
            self.highlighted = 0
        elif self.placeholder:
            self.add_option(Option(self.placeholder, disabled=True))

    def _prompt(self, index: int) -> Content:
        mark = "[x] " if index in self.picked else "[ ] "
        number = f"{index + 1}. " if self.numbered else ""
        return Content.assemble((mark + number, "bold"), inline_markdown(self.items[index][0]))

    @property
    def selected(self) -> list[str]:
        """The values picked, in the order shown."""
        return [self.items[index][1] for index in sorted(self.picked)]

    def toggle(self, index: int) -> None:
        """Pick or unpick option ``index``."""
        if 0 <= index < len(self.items):
            self.picked ^= {index}
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def action_toggle_pick(self) -> None:
        """Pick or unpick the highlighted option."""
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_confirm(self) -> None:
        """Say the picks are final."""
        self.post_message(self.Confirmed(self))

    def number_typed(self, index: int) -> None:
        """Highlight and toggle option ``index`` (its number was typed)."""
        super().number_typed(index)
        self.toggle(index)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)
