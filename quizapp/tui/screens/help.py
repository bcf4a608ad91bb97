"""The help screen: what each key does, on each screen."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# quizapp keys

**Everywhere**: `?` or `F1` this help · `Ctrl+Q` quit (asks first during a quiz) ·
`Tab`/`Shift+Tab` move between parts · `Ctrl+P` commands (themes: light and dark) · the mouse works too.

**Home**: pick topics and difficulties with `Space`, a mode, the number of questions;
`Ctrl+S` (or the Start button) starts · `r` resumes an unfinished quiz.

**A question**
- Choices: `1`-`9` or the arrows move, `Enter` answers. Multiple select: `Space` or a digit
  toggles, `Enter` answers.
- Typed answers: `Enter` answers. Explanations, code and several printed lines: `Ctrl+S` answers.
- Flashcards: `Space` turns the card; `1` Again (did not know it), `2` Hard (knew it with
  effort), `3` Good (knew it), `4` Easy (knew it at once).
- `h` (or `F3` while typing) shows the next hint; each hint costs 10% of the points (at most 50%).
- `Ctrl+R` runs the code for real with PyTorch: your code in a code task, or the question's
  snippet once you have answered (then edit the snippet and run it again: what if max_norm
  were smaller?). `Esc` cancels a run.
- After answering: `t` tries again (practice), `n` goes on. `Ctrl+N` skips. `F10` finishes the quiz.
- `Esc` leaves the quiz (asks first). Every answer is saved the moment it is given, so a quiz
  left or interrupted can be resumed from the home screen.

**Modes**: *practice* gives feedback after each answer and lets you retry; *exam* keeps
feedback for the end and may have a time limit; *flashcards* turns cards and asks how well you
knew them; *review mistakes* asks again what you last got wrong.

**Results**: `r` retries the questions you missed · `Esc` or `h` goes home.
"""


class HelpScreen(ModalScreen[None]):
    """Key bindings and modes, explained."""

    CSS_PATH = Path(__file__).with_name("dialogs.tcss")

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        """The help text, scrollable."""
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
