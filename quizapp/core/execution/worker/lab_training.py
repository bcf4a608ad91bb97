"""The clipping lab's training, worker side: real torch on seeded synthetic data, one ``LabStep`` a step.

``train`` builds the model a ``LabSettings`` names, draws its data from a generator seeded
with the settings' seed (so the same settings give the same run), and trains it with plain
SGD, clipping as asked between ``backward`` and ``step``. It measures the total gradient
norm before and after clipping with ``get_total_norm`` and, for ``clip_grad_norm_``, keeps
what the call returned. A run whose loss turns ``inf`` or ``nan`` stops after that step:
its weights are then ``nan`` and every later step would only repeat it.

torch is imported inside the functions: this module runs only in the worker's processes.
"""

import json
import math
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from quizapp.core.execution.lab import LabSettings, LabStep

if TYPE_CHECKING:
    import torch

RNN_SEQUENCE = 50
"""Time steps in each sequence: the gradient is a product of 50 recurrent Jacobians."""
RNN_LAYERS = 2
RNN_HIDDEN = 16
RNN_TARGET_STEPS = 3
"""The target is a fixed linear function of the sum of the sequence's last inputs."""
MLP_DEPTH = 12
"""Linear layers in the deep MLP (no normalisation between them)."""
NICENESS = 10
"""How much a lab run lowers its own CPU priority (the app that draws it keeps its own)."""
WIDTH = 32
BATCH = 16
INPUTS = 8


def train(settings: LabSettings) -> Iterator[LabStep]:
    """Train the model ``settings`` describes and yield what each optimizer step measured.

    Args:
        settings: The model, clipping, learning rate, number of steps, device and seed.

    Yields:
        One ``LabStep`` per step, in order, the first numbered 1.
    """
    import torch
    from torch.nn.utils import clip_grad_norm_, clip_grad_value_, get_total_norm

    generator = torch.Generator().manual_seed(settings.seed)
    device = torch.device(settings.device)
    model, batch = _model_and_data(settings, generator)
    model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=settings.lr)
    parameters = list(model.parameters())
    for number in range(1, settings.steps + 1):
        inputs, targets = (tensor.to(device) for tensor in batch(number))
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(inputs), targets)
        loss.backward()  # type: ignore[no-untyped-call]
        grads = [parameter.grad for parameter in parameters if parameter.grad is not None]
        before = float(get_total_norm(grads, settings.norm_type))
        returned: float | None = None
        match settings.clipping:
            case "norm":
                returned = float(clip_grad_norm_(parameters, settings.max_norm, settings.norm_type))
            case "value":
                clip_grad_value_(parameters, settings.clip_value)
        after = before if settings.clipping == "none" else float(get_total_norm(grads, settings.norm_type))
        optimizer.step()
        loss_value = float(loss.detach())
        yield LabStep(
            step=number,
            loss=loss_value,
            norm_before=before,
            norm_after=after,
            clipped=_was_clipped(settings, before, grads),
            returned=returned,
        )
        if not math.isfinite(loss_value):
            return


def _was_clipped(settings: LabSettings, before: float, grads: "list[torch.Tensor]") -> bool:
    """Whether this step's clipping changed the gradients (``grads`` as clipping left them)."""
    match settings.clipping:
        case "norm":  # clip_grad_norm_ scales by max_norm / (total + 1e-6) when that is below 1
            return not before + 1e-6 <= settings.max_norm
        case "value":  # clamping changed something iff some element now sits on the bound
            return any(bool((grad.abs() >= settings.clip_value).any()) for grad in grads)
        case _:
            return False


def _model_and_data(
    settings: LabSettings, generator: "torch.Generator"
) -> "tuple[torch.nn.Module, Callable[[int], tuple[torch.Tensor, torch.Tensor]]]":
    """The model the settings name, with its initial weights, and its batches by step number."""
    import torch
    from torch import nn

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(settings.seed)  # the layers' own initialisation draws from the global RNG
        match settings.model:
            case "deep_rnn":
                model: nn.Module = _deep_rnn()
            case "shallow_mlp":
                model = nn.Sequential(nn.Linear(INPUTS, WIDTH), nn.Tanh(), nn.Linear(WIDTH, 1))
            case _:
                linears = [nn.Linear(INPUTS, WIDTH)]
                linears += [nn.Linear(WIDTH, WIDTH) for _ in range(MLP_DEPTH - 2)]
                linears.append(nn.Linear(WIDTH, 1))
                layers: list[nn.Module] = []
                for linear in linears:
                    nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")  # He: no shrinking
                    layers += [linear, nn.ReLU()]
                model = nn.Sequential(*layers[:-1])
    teacher = torch.randn(INPUTS, 1, generator=generator)
    teacher /= teacher.norm()  # targets of variance 1, whatever the seed

    def batch(number: int) -> "tuple[torch.Tensor, torch.Tensor]":
        if settings.model == "deep_rnn":
            inputs = torch.randn(BATCH, RNN_SEQUENCE, INPUTS, generator=generator)
            recent = inputs[:, -RNN_TARGET_STEPS:, :].sum(dim=1) / RNN_TARGET_STEPS**0.5
            return inputs, recent @ teacher
        inputs = torch.randn(BATCH, INPUTS, generator=generator)
        return inputs, torch.sin(inputs @ teacher)

    return model, batch


def _deep_rnn() -> "torch.nn.Module":
    """Two stacked ReLU RNN layers over the sequence, read out from the last hidden state."""
    from torch import nn

    class DeepRnn(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = nn.RNN(
                INPUTS, RNN_HIDDEN, num_layers=RNN_LAYERS, nonlinearity="relu", batch_first=True
            )
            for layer in range(RNN_LAYERS):  # a norm-preserving start: neither vanishing nor shrinking
                nn.init.orthogonal_(getattr(self.rnn, f"weight_hh_l{layer}"))
            self.read_out = nn.Linear(RNN_HIDDEN, 1)

        def forward(self, inputs: "torch.Tensor") -> "torch.Tensor":
            outputs, _ = self.rnn(inputs)
            return self.read_out(outputs[:, -1, :])  # type: ignore[no-any-return]

    return DeepRnn()


def stream_settings(settings: dict[str, Any], fd: int) -> None:
    """Train the run ``settings`` (``LabSettings.to_json``) describes and write each step on ``fd``.

    Each step is one JSON line, written as soon as it is measured, on the lab's own
    channel (the child's data pipe, never its stdout).

    The run trains at a lower CPU priority (``NICENESS``): the app drawing its steps and
    taking the learner's keys must win the CPU whenever both want it.

    Args:
        settings: The run, as JSON.
        fd: Where the steps go.
    """
    os.nice(NICENESS)
    for step in train(LabSettings.from_json(settings)):
        view = memoryview((json.dumps(step.to_json()) + "\n").encode())
        while view:
            view = view[os.write(fd, view) :]


class StepLines:
    """The slot's reader of a lab run's data pipe: whole JSON lines become ``LabStep`` calls."""

    def __init__(self, on_step: Callable[[LabStep], None]) -> None:
        """Pass each step read to ``on_step``."""
        self.on_step = on_step
        self.buffer = b""

    def feed(self, chunk: bytes) -> None:
        """Take what the pipe gave; pass on every line it completes (a garbled line is dropped)."""
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            try:
                step = LabStep.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            self.on_step(step)
