"""The garbage collector during the full-screen app's start-up: paused, then frozen.

Start-up makes several hundred thousand objects that live as long as the process: modules,
Textual's styles, pydantic's validators, the loaded bank. With the collector on, every burst of
allocation triggers a collection that walks them all again, about a fifth of the CPU time the
app needs to show its home screen (compare ``python -c "import quizapp.tui.launch,
quizapp.services"`` with and without ``-c "import gc; gc.disable()"`` first). So the app pauses
collection before its imports and, once the home screen shows the bank, moves everything made
so far into the collector's permanent generation (:func:`gc.freeze`) and collects as usual from
then on: later collections no longer walk what start-up made.
"""

import gc


class _Pause:
    """Whether collection is paused by :func:`pause_collection` (and so ours to resume)."""

    active = False


def pause_collection() -> None:
    """Stop automatic collection until :func:`resume_collection`; no-op if it is already off."""
    if gc.isenabled():
        gc.disable()
        _Pause.active = True


def resume_collection() -> None:
    """Freeze what start-up made and collect automatically again; no-op unless we paused it."""
    if _Pause.active:
        _Pause.active = False
        gc.freeze()
        gc.enable()
