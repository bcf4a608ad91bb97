"""The help screen: what each key does, on each screen."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from quizapp.tui.widgets.steady_footer import SteadyFooter

HELP = """\
# quizapp keys

**Everywhere**: `?` or `F1` this help · `Ctrl+Q` quit (asks first during a quiz) ·
`Tab`/`Shift+Tab` move between parts · `Ctrl+P` commands (themes: light and dark) · the mouse works too.

**Home**: pick topics and difficulties with `Space`, a mode, the number of questions;
`Ctrl+S` (or the Start button) starts · `r` resumes an unfinished quiz · `p` shows your
progress (plots: what you are expected to know per topic, retention, reviews per day, streak) ·
`l` opens the clipping lab: train real networks and watch the gradient norm (`Ctrl+R` runs the
form, `Ctrl+B` runs it with and without clipping, `Ctrl+E` writes the runs as CSV, `Esc` cancels).

**A question**: the buttons at the bottom show each key that works where you are. Letter
keys type when you are in a text field (an answer line, an explanation, a code editor), so
every action also has a key that works there: `h`/`F3` hint, `t`/`Ctrl+T` try again,
`n`/`Ctrl+N` next (and skip), `Ctrl+S` answer, `Ctrl+R` run, `F10` finish.
- Choices: `1`-`9` or the arrows move, `Enter` answers. Multiple select: `Space` or a digit
  toggles, `Enter` answers.
- Typed answers: `Enter` answers; a numeric question takes only a number (e.g. `0.5`, `1e-3`).
  Explanations, code and several printed lines: `Ctrl+S` answers.
- In a code editor `Tab` indents; `Shift+Tab` moves on to the buttons.
- Flashcards: `Space` turns the card; `1` Again (did not know it), `2` Hard (knew it with
  effort), `3` Good (knew it), `4` Easy (knew it at once).
- Hints cost 10% of the points each (at most 50%).
- Lab predictions: once answered, `o` (or the button) opens the experiment in the lab, running.
- `Ctrl+R` runs the code for real with PyTorch: your code in a code task, or the question's
  snippet once you have answered (then edit the snippet and run it again: what if max_norm
  were smaller?). Before you answer (and in an exam) it says why it does not run. `Esc`
  cancels a run.
- `Esc` leaves the quiz (asks first). Every answer is saved the moment it is given, so a quiz
  left or interrupted can be resumed from the home screen. In an exam the status line says
  "Recorded" for the answer just given.

**Modes**: *practice* gives feedback after each answer and lets you retry; *exam* keeps
feedback for the end and may have a time limit; *flashcards* turns cards and asks how well you
knew them; *review mistakes* asks again what you last got wrong; *due* asks what your
spaced-repetition schedule (FSRS) says is due now, then up to 10 new questions a day; the home
screen says how many are due, or when to come back.

**Results**: the score on top, then every answer (`Enter` shows one in full) · `r` retries
the questions you missed · `Esc` or `h` goes home.

Below 72 columns the screens stack their parts and scroll; the app is laid out for 60x20 and up.
"""


class HelpScreen(ModalScreen[None]):
    """Key bindings and modes, explained."""

    CSS_PATH = Path(__file__).with_name("dialogs.tcss")

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        """The help text, scrollable, and a footer of this screen's own keys (not those behind it)."""
        with VerticalScroll(id="help") as text:
            text.border_title = "Keys and modes"
            text.border_subtitle = "Esc closes"
            yield Markdown(HELP)
        yield SteadyFooter()
