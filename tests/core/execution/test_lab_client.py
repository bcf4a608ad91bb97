"""Lab runs through the real worker: steps stream on their own channel, and a run can be cancelled."""

import math
import threading
from dataclasses import replace

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.lab import PRESETS, LabSettings, LabStep
from quizapp.core.execution.lab_client import submit_lab
from quizapp.core.execution.protocol import (
    LabProgress,
    RunRequest,
    decode_from_worker,
    decode_to_worker,
    encode,
)
from quizapp.core.execution.run_result import RunStatus
from quizapp.core.execution.snippet import Snippet
from quizapp.core.execution.worker.lab_training import StepLines, train


def test_lab_messages_survive_the_protocol() -> None:
    settings = PRESETS["rnn-tiny-max-norm"]
    request = decode_to_worker(encode(RunRequest(7, "", lab=settings)))
    assert isinstance(request, RunRequest)
    assert request.lab == settings
    step = LabStep(2, loss=math.inf, norm_before=3.5, norm_after=1.0, clipped=True, returned=3.5)
    progress = decode_from_worker(encode(LabProgress(7, step)))
    assert progress == LabProgress(7, step)


def test_step_lines_join_pieces_and_drop_garbage() -> None:
    steps: list[LabStep] = []
    lines = StepLines(steps.append)
    line = b'{"step": 1, "loss": 0.5, "norm_before": 2.0, "norm_after": 1.0, "clipped": true}\n'
    lines.feed(line[:10])
    assert steps == []
    lines.feed(line[10:] + b"not json\n" + b'{"step": "x"}\n' + line[:5])
    assert steps == [LabStep(1, 0.5, 2.0, 1.0, True)]


def test_a_lab_run_streams_every_step_as_training_measured_it(shared_runner: SnippetRunner) -> None:
    settings = LabSettings(model="shallow_mlp", clipping="norm", max_norm=0.5, steps=30)
    steps: list[LabStep] = []
    result = submit_lab(shared_runner, settings, steps.append).result(timeout=120)
    assert result.status is RunStatus.OK, result
    assert result.stdout == ""  # the steps never travel on the run's output
    assert steps == list(train(settings))  # the same seeded run as in this process
    assert [step.step for step in steps] == list(range(1, 31))


def test_a_lab_run_can_be_cancelled_mid_run(shared_runner: SnippetRunner) -> None:
    settings = replace(PRESETS["rnn-clipped"], steps=2000)
    arrived = threading.Event()
    steps: list[LabStep] = []

    def on_step(step: LabStep) -> None:
        steps.append(step)
        if len(steps) >= 3:
            arrived.set()

    future = submit_lab(shared_runner, settings, on_step)
    assert arrived.wait(120)
    assert shared_runner.cancel(future)
    assert future.result().status is RunStatus.CANCELLED
    assert len(steps) < 2000
    # The slot is free again: the next run gets a fresh child.
    assert shared_runner.submit(Snippet("print(1)")).result(timeout=60).stdout == "1\n"
