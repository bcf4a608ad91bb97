"""Start clipping-lab runs in the warm worker and receive their steps as they are measured.

A lab run is a request like a snippet's (a sandboxed child of a slot, the same limits, the
same ``SnippetRunner.cancel``), except that the child trains with our own code
(``worker/lab_training.py``) and its steps come back on a channel of their own.
"""

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import LabSettings, LabStep
from quizapp.core.execution.run_result import RunResult
from quizapp.core.execution.snippet import Snippet

StepCallback = Callable[[LabStep], None]
"""Called with each step of a lab run, on the runner's reader thread."""

START_S = 15.0
"""Time a lab run is given besides its steps (building the model; a GPU's first use)."""
PER_STEP_S = 0.1
"""Time a lab run is given per step; a 200-step preset takes about 2 s on a loaded CPU."""


def lab_timeout_s(settings: LabSettings) -> float:
    """The wall-clock limit of a lab run: generous, yet a runaway run still ends."""
    return START_S + PER_STEP_S * settings.steps


def submit_lab(runner: SnippetRunner, settings: LabSettings, on_step: StepCallback) -> "Future[RunResult]":
    """Start a lab run; ``on_step`` gets each step as it comes, the future the run's end.

    Stop it at any moment with ``runner.cancel(future)``. The result is OK when training
    ran to its last step (or stopped after a step whose loss was not finite).

    Args:
        runner: The app's snippet runner (its worker trains the model).
        settings: The run; its ``device`` must be one this machine has.
        on_step: Called with every step, in order, on the runner's reader thread: keep it
            quick (hand the step to your UI thread and return).

    Raises:
        DeviceUnavailableError: The settings ask for CUDA and there is none.
        ExecutionError: The worker did not start.
    """
    snippet = Snippet("", settings.device, lab_timeout_s(settings), lab=settings)
    return runner.submit(snippet, on_lab_step=on_step)


@dataclass(frozen=True, slots=True)
class FinishedLabRun:
    """A lab run that has ended: how it ended, and every step it measured."""

    settings: LabSettings
    result: RunResult
    steps: tuple[LabStep, ...]


def start_lab_runs(runner: SnippetRunner, runs: Sequence[LabSettings]) -> Callable[[], list[FinishedLabRun]]:
    """Start every run at once (the worker's slots train them side by side).

    Returns:
        A call that waits for the runs and gives them back, ended, in the order given.
    """
    collected: list[list[LabStep]] = [[] for _ in runs]
    futures = [
        submit_lab(runner, settings, steps.append) for settings, steps in zip(runs, collected, strict=True)
    ]

    def finished() -> list[FinishedLabRun]:
        return [
            FinishedLabRun(settings, future.result(), tuple(steps))
            for settings, future, steps in zip(runs, futures, collected, strict=True)
        ]

    return finished
