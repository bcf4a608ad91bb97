"""``quizapp lab``: train a real network with or without clipping and watch the gradient norm.

With ``--plain`` it prints one line per step (for pipes, scripts and screen readers);
without, it opens the lab screen of the full-screen app.
"""

import errno
import math
import os
import queue
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click

from quizapp.cli.options import device_option
from quizapp.core.errors import QuizAppError
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import (
    CLIPPINGS,
    MODELS,
    PRESETS,
    LabSettings,
    LabStep,
    non_finite_norm,
    steps_csv,
)
from quizapp.core.execution.lab_client import submit_lab
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.snippet import Device

_OVERRIDES = ("model", "clipping", "max_norm", "norm_type", "clip_value", "lr", "steps", "seed")


def step_line(step: LabStep, steps: int) -> str:
    """One plain line for a step: every number a script may want, as ``name=value``."""
    returned = "" if step.returned is None else f" returned={step.returned:.6g}"
    return (
        f"step={step.step}/{steps} loss={step.loss:.6g} norm_before={step.norm_before:.6g} "
        f"norm_after={step.norm_after:.6g} clipped={'yes' if step.clipped else 'no'}{returned}"
    )


def _norm_type(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a number (use 1, 2 or inf)") from None
    if math.isinf(value) and "inf" not in text.lower():  # 1e400: float() overflows to inf unasked
        raise click.BadParameter(f"{text!r} is too large to be a number (use 1, 2 or inf)")
    return value


@click.command()
@click.option("--plain", is_flag=True, help="Print one line per step instead of opening the app.")
@click.option("--preset", type=click.Choice(list(PRESETS)), help="Start from a named run (others override).")
@click.option("--model", type=click.Choice(list(MODELS)), help="What to train (default deep_rnn).")
@click.option("--clipping", type=click.Choice(list(CLIPPINGS)), help="none, norm or value (default norm).")
@click.option("--max-norm", type=float, help="clip_grad_norm_'s max_norm (default 1).")
@click.option("--norm-type", help="The norm measured and clipped: 1 to 10, or inf (default 2).")
@click.option("--clip-value", type=float, help="clip_grad_value_'s clip_value (default 0.5).")
@click.option("--lr", type=float, help="SGD's learning rate (default 0.2).")
@click.option("--steps", type=int, help="Optimizer steps (default 200).")
@click.option("--seed", type=int, help="Seeds data and weights, 0 to 2**63-1 (default 0).")
@device_option("Where the model trains.")
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the steps as CSV."
)
def lab(plain: bool, preset: str | None, device: str, csv_path: Path | None, **values: Any) -> None:
    """Train a deep RNN or an MLP with real PyTorch and watch the gradient norm, clipped or not.

    Each step reports the loss, the total gradient norm before and after clipping, and
    whether it was clipped. Without --plain, opens the lab of the full-screen app, where
    runs are drawn side by side.
    """
    base = PRESETS[preset] if preset else LabSettings()
    if values.get("norm_type") is not None:
        values["norm_type"] = _norm_type(values["norm_type"])
    changes = {name: values[name] for name in _OVERRIDES if values.get(name) is not None}
    settings = replace(base, **changes)  # a value it cannot take is a LabSettingsError (exit 2)
    if not plain:
        if csv_path is not None:
            raise click.UsageError(
                "--csv goes with --plain; in the lab screen, Ctrl+E writes each run as CSV"
            )
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise click.UsageError("the lab screen needs a terminal; use --plain in pipes and scripts")
        from quizapp.tui.lab_app import run_lab_app  # noqa: PLC0415 - Textual loads only for the screen

        run_lab_app(settings, device=cast("Device", device))
        return
    if csv_path is not None:
        _check_writable(csv_path)  # before training: a run is not thrown away for a wrong path
    _run_plain(settings, device, csv_path)


def _check_writable(path: Path) -> None:
    """Refuse a CSV path that cannot be written, as writing it would, without creating it.

    Raises:
        QuizAppError: It is a directory, its folder does not exist, or either is not writable.
    """
    if path.is_dir():
        problem = errno.EISDIR
    elif not path.parent.is_dir():
        problem = errno.ENOENT
    elif not os.access(path if path.exists() else path.parent, os.W_OK):
        problem = errno.EACCES
    else:
        return
    raise QuizAppError(f"cannot write {path}: {os.strerror(problem)}")


def _run_plain(settings: LabSettings, device: str, csv_path: Path | None) -> None:
    arrived: queue.Queue[LabStep | RunResult] = queue.Queue()
    steps: list[LabStep] = []
    with SnippetRunner(slots=1) as runner:
        settings = replace(settings, device=runner.resolve_device(cast("Device", device)))
        click.echo(f"lab: {settings.label}, {settings.steps} steps on {settings.device}")
        future = submit_lab(runner, settings, arrived.put)
        future.add_done_callback(lambda done: arrived.put(done.result()))
        try:
            while not isinstance(item := arrived.get(), RunResult):
                steps.append(item)
                click.echo(step_line(item, settings.steps))
        except KeyboardInterrupt:
            runner.cancel(future)
            click.echo("lab: cancelled", err=True)
            sys.exit(130)
    if csv_path is not None:
        try:
            csv_path.write_text(steps_csv(steps), encoding="utf-8")
        except OSError as error:
            raise QuizAppError(f"cannot write {csv_path}: {error.strerror or error}") from None
    click.echo(_summary(item, steps, settings))
    if item.status is not RunStatus.OK:
        raise QuizAppError(f"the lab run did not finish: {item.status.value} {item.stderr.strip()[-300:]}")


def _summary(result: RunResult, steps: list[LabStep], settings: LabSettings) -> str:
    if not steps:
        return "lab: no step was measured"
    last = steps[-1]
    clipped = sum(step.clipped for step in steps)
    if not math.isfinite(last.loss):
        return (
            f"lab: diverged at step {last.step} (loss {last.loss}{non_finite_norm(last, settings.clipping)});"
            f" {clipped} of {len(steps)} steps clipped"
        )
    return (
        f"lab: {len(steps)} steps in {result.duration_s:.1f} s; final loss {last.loss:.6g}; "
        f"{clipped} of {len(steps)} steps clipped"
    )
