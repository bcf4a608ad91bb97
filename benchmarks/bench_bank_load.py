"""Benchmark: load and validate generated banks of 1,000 and 10,000 questions.

Run: ``python benchmarks/bench_bank_load.py [--sizes 1000 10000] [--repeat 3]``

For each size it writes a bank of quiz files (100 questions a file, every question type in
turn, shaped like the shipped bank, every snippet different), then times, in this process:

* ``load``: ``load_bank(..., check_snippet_syntax=False)``, reading and validating every file
  (what a caller that only shows questions pays);
* ``validate``: ``load_bank(...)``, which also compiles every snippet (what
  ``quizapp validate`` pays).

As a baseline measured in the same run it times PyYAML/libyaml merely tokenising the same
files into events (``yaml.parse``), the floor the exact reader pays before building anything.
It prints each time, the time per question, the ratio to the baseline and the growth from
the smallest size to the largest.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.core.bank.bank_loader import load_bank  # noqa: E402
from quizapp.core.bank.loaded_bank import find_quiz_files  # noqa: E402

PER_FILE = 100

TEMPLATES = [
    """  - id: q{n}-single
    type: single_choice
    difficulty: beginner
    tags: [clip-grad-norm, placement]
    prompt: Where in a training step does `clip_grad_norm_` belong (variant {n})?
    hints: ["Gradients must exist first.", "The optimizer must not have used them yet."]
    explanation: |
      Clip after `loss.backward()` fills the gradients and before `optimizer.step()`
      consumes them; anywhere else the clip has nothing to act on or comes too late.
    choices:
      - {{id: before-backward, text: "Before `loss.backward()`", feedback: "No gradients exist yet."}}
      - {{id: between, text: "After `loss.backward()`, before `optimizer.step()`"}}
      - {{id: after-step, text: "After `optimizer.step()`", feedback: "The update already happened."}}
    answer: between
""",
    """  - id: q{n}-multi
    type: multiple_select
    difficulty: intermediate
    prompt: Which calls change gradients in place (variant {n})?
    hints: ["Look for the trailing underscore."]
    explanation: Both clipping functions end in an underscore and modify `.grad` in place.
    choices:
      - {{id: norm, text: "`clip_grad_norm_`"}}
      - {{id: value, text: "`clip_grad_value_`"}}
      - {{id: total, text: "`get_total_norm`", feedback: It only measures.}}
    answer: [norm, value]
""",
    """  - id: q{n}-tf
    type: true_false
    difficulty: beginner
    prompt: "`clip_grad_value_` returns the total norm (variant {n})."
    answer: false
    hints: ["What would a clamp have to report?"]
    explanation: It clamps every element in place and returns `None`.
""",
    """  - id: q{n}-numeric
    type: numeric
    difficulty: beginner
    prompt: What is the L2 norm of the gradient [6, 8] (variant {n})?
    answer: 10
    abs_tol: 0.001
    hints: ["sqrt(36 + 64)"]
    explanation: The square root of 36 + 64 is 10.
""",
    """  - id: q{n}-short
    type: short_text
    difficulty: beginner
    prompt: Name the function that clips by norm (variant {n}).
    accepted: [clip_grad_norm_, torch.nn.utils.clip_grad_norm_]
    hints: ["It ends in an underscore."]
    explanation: "`torch.nn.utils.clip_grad_norm_` rescales all gradients together."
""",
    """  - id: q{n}-output
    type: code_output
    difficulty: beginner
    prompt: What does this print (variant {n})?
    code: |
      import torch
      from torch.nn.utils import clip_grad_norm_
      p = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
      p.grad = torch.tensor([6.0, 8.0])
      print(round(clip_grad_norm_([p], max_norm=5.0).item(), 2))  # variant {n}
    answer: "10.0"
    hints: ["The return value is measured before clipping."]
    explanation: The total norm before clipping is sqrt(36 + 64) = 10.
""",
    """  - id: q{n}-error
    type: code_error
    difficulty: intermediate
    prompt: What does this raise (variant {n})?
    code: |
      import torch
      p = torch.nn.Parameter(torch.ones(2))
      p.grad = torch.tensor([float("nan"), 1.0])
      torch.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)  # variant {n}
    answer: RuntimeError
    options: [RuntimeError, ValueError, no error]
    hints: ["NaN poisons the total norm."]
    explanation: With error_if_nonfinite=True a NaN or inf total norm raises RuntimeError.
""",
    """  - id: q{n}-explain
    type: explain
    difficulty: intermediate
    prompt: Explain why clipping helps when the loss spikes (variant {n}).
    hints: ["Think about the size of one update."]
    explanation: Clipping bounds the update size.
    model_answer: Huge gradients make huge updates; clipping caps their size so training stays stable.
    concepts:
      - {{name: large gradients, phrases: [exploding, large gradient, huge gradient]}}
      - {{name: bounded update, phrases: [cap, limit, bound, scale down]}}
      - {{name: stability, phrases: [stable, stability, diverge]}}
""",
    """  - id: q{n}-card
    type: flashcard
    difficulty: beginner
    front: What does `clip_grad_norm_` return (variant {n})?
    back: The total norm of the gradients before clipping.
    hints: ["Before or after?"]
    explanation: Useful for logging how large gradients really were.
""",
    """  - id: q{n}-task
    type: code_task
    difficulty: advanced
    prompt: Add clipping with max_norm 1.0 at the right place (variant {n}).
    starter: |
      import torch
      model = torch.nn.Linear(2, 1)
      opt = torch.optim.SGD(model.parameters(), lr=0.1)
      loss = model(torch.ones(1, 2)).sum()
      loss.backward()
      # TODO: clip here
      opt.step()
    check:
      probe: |
        result["total"] = float(clipped)
      verify: |
        assert result["total"] > 0, "clip_grad_norm_ was never called (variant {n})"
      require: [torch.nn.utils.clip_grad_norm_]
    solution: |
      import torch
      model = torch.nn.Linear(2, 1)
      opt = torch.optim.SGD(model.parameters(), lr=0.1)
      loss = model(torch.ones(1, 2)).sum()
      loss.backward()
      clipped = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # variant {n}
      opt.step()
    hints: ["After backward, before step."]
    explanation: The clip goes between backward and step.
""",
]


def write_bank(folder: Path, size: int) -> None:
    """Write ``size`` questions into ``folder`` as quiz files of PER_FILE questions."""
    for start in range(0, size, PER_FILE):
        body = "".join(
            TEMPLATES[n % len(TEMPLATES)].format(n=n) for n in range(start, min(start + PER_FILE, size))
        )
        header = f"title: Generated quiz {start // PER_FILE}\ntopic: generated\nquestions:\n"
        (folder / f"quiz-{start // PER_FILE:04d}.yaml").write_text(header + body, encoding="utf-8")


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs of ``action``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def tokenise_only(folder: Path) -> None:
    """The baseline: libyaml turns every file into events, nothing more."""
    for path in find_quiz_files([folder]):
        for _ in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            pass


def measure(folder: Path, size: int, repeat: int) -> tuple[float, float, float]:
    """Write a bank of ``size`` questions into ``folder``; time load, validate and the baseline."""
    write_bank(folder, size)
    result = load_bank([folder])
    if not result.ok or len(result.bank.questions) != size:
        raise SystemExit(f"the generated bank does not load cleanly: {result.problems[:3]}")
    load = median_seconds(lambda: load_bank([folder], check_snippet_syntax=False), repeat)
    validate = median_seconds(lambda: load_bank([folder]), repeat)
    baseline = median_seconds(lambda: tokenise_only(folder), repeat)
    return load, validate, baseline


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(
        f"{'questions':>9}  {'load':>8}  {'validate':>8}  {'per question':>12}  {'baseline':>8}  {'ratio':>5}"
    )
    first: tuple[int, float, float] | None = None
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as name:
            load, validate, baseline = measure(Path(name), size, args.repeat)
        print(
            f"{size:>9}  {load:>7.3f}s  {validate:>7.3f}s  {validate / size * 1e6:>10.0f}us  "
            f"{baseline:>7.3f}s  {validate / baseline:>4.2f}x"
        )
        if first is None:
            first = (size, load, validate)
        else:
            print(
                f"growth {first[0]} -> {size} questions ({size / first[0]:.0f}x): "
                f"load {load / first[1]:.1f}x, validate {validate / first[2]:.1f}x"
            )
    print("ratio = validate / baseline (libyaml tokenising the same files), same run")


if __name__ == "__main__":
    main()
