"""The footer shows the screen's keys as they change, and rebuilds only when they have changed."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from quizapp.tui.widgets.steady_footer import SteadyFooter


class CountingFooter(SteadyFooter):
    """Counts its rebuilds (each runs ``compose``)."""

    builds = 0

    def compose(self) -> ComposeResult:
        """Count, then compose as the footer does."""
        CountingFooter.builds += 1
        yield from super().compose()


class KeysScreen(Screen[None]):
    """A screen whose Resume key is offered only when there is something to resume."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "resume", "Resume"),
        Binding("ctrl+s", "start", "Start"),
    ]
    can_resume = False

    def compose(self) -> ComposeResult:
        """Two inputs to move focus between, and the footer."""
        yield Input(id="one")
        yield Input(id="two")
        yield CountingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resume only when there is something to resume."""
        return self.can_resume if action == "resume" else True


class KeysApp(App[None]):
    """The screen alone."""

    def on_mount(self) -> None:
        """Show the screen."""
        self.push_screen(KeysScreen())


def shown_keys(screen: Screen[None]) -> list[str]:
    """The keys the footer shows, by their descriptions."""
    return [key.description for key in screen.query(FooterKey)]


async def test_the_footer_shows_a_key_once_it_is_offered_and_rebuilds_only_for_changes() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        assert "Resume" not in shown_keys(screen)
        assert "Start" in shown_keys(screen)

        screen.can_resume = True
        screen.refresh_bindings()
        await pilot.pause()
        assert "Resume" in shown_keys(screen)  # the change reaches the footer

        built = CountingFooter.builds
        for _ in range(5):  # notices that change nothing
            screen.refresh_bindings()
        await pilot.press("tab")  # focus moves between inputs: the same keys
        await pilot.pause()
        assert CountingFooter.builds == built
        assert "Resume" in shown_keys(screen)

        screen.can_resume = False
        screen.refresh_bindings()
        screen.refresh_bindings()  # two notices before the next refresh: one rebuild
        await pilot.pause()
        assert "Resume" not in shown_keys(screen)
        assert CountingFooter.builds == built + 1
