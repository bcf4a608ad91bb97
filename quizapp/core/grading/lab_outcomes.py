"""What a lab experiment really did, and whether a lab question's key says so.

``quizapp validate --run`` trains the runs of every lab_prediction question in the worker
(each distinct run once: the same settings give the same run), measures each run as the
question asks, and reports a key that disagrees, or one too close to call, at its line.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from quizapp.core.bank.loaded_bank import Bank, LoadedQuiz
from quizapp.core.bank.problems import Problem
from quizapp.core.bank.question_salvage import written_index
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import LabSettings, LabStep
from quizapp.core.execution.lab_client import FinishedLabRun, start_lab_runs
from quizapp.core.execution.run_result import RunStatus
from quizapp.core.execution.snippet import ConcreteDevice
from quizapp.core.model.lab_prediction import LabMeasure, LabPredictionQuestion

FINAL_STEPS = 10
"""``final_loss`` is the mean loss of a run's last this many steps."""
CLEAR_MARGIN = 0.2
"""A "which run" key must beat every other run by this share of the larger value, so that
the question has one clear answer (and the answer survives another torch version)."""


def measure_run(steps: Sequence[LabStep], measure: LabMeasure) -> float | None:
    """Measure a run as a lab question asks.

    Args:
        steps: Every step the run measured, in order.
        measure: What to measure.

    Returns:
        The mean loss of the last ``FINAL_STEPS`` steps (inf once the loss turned inf or
        nan), the number of clipped steps, the largest norm before clipping (inf when one
        was not finite), or the step whose loss first turned inf or nan (None if none did).
    """
    diverged = next((step.step for step in steps if not math.isfinite(step.loss)), None)
    match measure:
        case "final_loss":
            if diverged is not None or not steps:
                return math.inf
            last = steps[-FINAL_STEPS:]
            return sum(step.loss for step in last) / len(last)
        case "clipped_steps":
            return float(sum(step.clipped for step in steps))
        case "largest_norm":
            norms = [step.norm_before for step in steps]
            return math.inf if any(not math.isfinite(norm) for norm in norms) else max(norms, default=0.0)
        case "diverged_at":
            return None if diverged is None else float(diverged)


def written(value: float | None) -> str:
    """A measured value as a person reads it."""
    return "never" if value is None else f"{value:.4g}"


def key_problem(question: LabPredictionQuestion, measured: dict[str, float | None]) -> str | None:
    """Why the question's key disagrees with what its runs measured; None when it holds.

    Args:
        question: The lab question.
        measured: Each run's measure, by run id.
    """
    if question.answer_range is not None:
        (value,) = measured.values()
        low, high = question.answer_range.min, question.answer_range.max
        if value is None:
            return f"the run never diverged, so it has no {question.measure}"
        if not low <= value <= high:
            return (
                f"the key says {question.measure} is between {low:g} and {high:g}, "
                f"but the run measured {written(value)}"
            )
        return None
    # A run that never diverged diverges "later" than any that did.
    order = sorted(measured.items(), key=lambda item: math.inf if item[1] is None else item[1])
    if question.pick == "highest":
        order.reverse()
    (best, best_value), (_, second_value) = order[0], order[1]
    values = ", ".join(f"{run}={written(value)}" for run, value in measured.items())
    if best != question.answer:
        return (
            f"the key says run {question.answer!r} has the {question.pick} {question.measure}, "
            f"but it is {best!r} ({values})"
        )
    if not _clearly_apart(best_value, second_value):
        return f"the runs' {question.measure} are too close to call ({values}); make them differ more"
    return None


def _clearly_apart(first: float | None, second: float | None) -> bool:
    a = math.inf if first is None else first
    b = math.inf if second is None else second
    if math.isinf(a) or math.isinf(b):
        return a != b
    return abs(a - b) >= CLEAR_MARGIN * max(abs(a), abs(b))


@dataclass(frozen=True, slots=True)
class _Asked:
    loaded: LoadedQuiz
    index: int
    question: LabPredictionQuestion
    runs: tuple[LabSettings, ...]


def start_lab_key_checks(
    bank: Bank, runner: SnippetRunner, device: ConcreteDevice
) -> tuple[int, int, Callable[[], list[Problem]]]:
    """Start training every distinct run of the bank's lab questions on ``device``.

    Returns:
        The number of lab questions, the number of distinct runs started, and a call that
        waits for them and returns a problem per key that disagrees with its runs.
    """
    asked = [
        _Asked(loaded, index, question, tuple(replace(run, device=device) for run in question.experiment()))
        for loaded in bank.quizzes
        for index, question in enumerate(loaded.quiz.questions)
        if isinstance(question, LabPredictionQuestion)
    ]
    # A run is the first steps of a longer one with the same settings: train only the longest.
    longest: dict[LabSettings, LabSettings] = {}
    for settings in (settings for entry in asked for settings in entry.runs):
        stem = replace(settings, steps=1)
        if stem not in longest or longest[stem].steps < settings.steps:
            longest[stem] = settings
    distinct = list(longest.values())
    finish = start_lab_runs(runner, distinct)

    def problems() -> list[Problem]:
        trained = {replace(run.settings, steps=1): run for run in finish()}
        finished = {
            settings: _first_steps(trained[replace(settings, steps=1)], settings)
            for entry in asked
            for settings in entry.runs
        }
        return [problem for entry in asked if (problem := _check(entry, finished)) is not None]

    return len(asked), len(distinct), problems


def _first_steps(run: FinishedLabRun, settings: LabSettings) -> FinishedLabRun:
    """The part of a longer run that a run of ``settings`` (fewer steps) would have measured."""
    return FinishedLabRun(settings, run.result, run.steps[: settings.steps])


def _check(entry: _Asked, finished: dict[LabSettings, FinishedLabRun]) -> Problem | None:
    question = entry.question
    parts: tuple[str | int, ...] = ("answer" if question.answer is not None else "answer_range",)
    message = None
    for number, settings in enumerate(entry.runs):
        run = finished[settings]
        if run.result.status is not RunStatus.OK:
            why = run.result.stderr.strip().splitlines()[-1:] or [run.result.status.value]
            parts = ("runs", number)
            message = f"run {question.runs[number].id!r} did not train to its end: {why[0]}"
            break
    if message is None:
        measured = {
            spec.id: measure_run(finished[settings].steps, question.measure)
            for spec, settings in zip(question.runs, entry.runs, strict=True)
        }
        message = key_problem(question, measured)
    if message is None:
        return None
    line, column = entry.loaded.locate("questions", entry.index, *parts)
    field = parts[0] if len(parts) == 1 else f"{parts[0]}[{parts[1]}]"
    where = f"questions[{written_index(entry.loaded, entry.index)}].{field}"
    return Problem(entry.loaded.path, line, column, where, f"{question.id}: {message}")
