"""Answer by picking: one of several options (keys 1-9, arrows, Enter) or several (Space toggles)."""

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.tui.widgets.answer_input import AnswerInput
from quizapp.tui.widgets.inline_markdown import inline_markdown
from quizapp.tui.widgets.toggle_list import NumberedOptions, ToggleList


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


class MultiChoiceAnswer(AnswerInput):
    """Pick every option that applies: Space, a digit or a click toggles; Enter gives the picks."""

    def __init__(self, options: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """Offer ``options`` as (label, choice id) pairs, numbered from 1."""
        super().__init__(id=id)
        self.options = list(options)

    def compose(self) -> ComposeResult:
        """One numbered, toggleable line per option."""
        yield ToggleList(self.options, numbered=True, classes="answer-focus")

    def current(self) -> object | None:
        """The ids picked, in the order shown; None while nothing is picked."""
        return self.query_one(ToggleList).selected or None

    @on(ToggleList.Confirmed)
    def _confirmed(self, event: ToggleList.Confirmed) -> None:
        event.stop()
        self.submit()
