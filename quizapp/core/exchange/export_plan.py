"""Turn a loaded bank into LMS-neutral items, with every executable key taken from a real run.

The key of a "what does it print" or "what does it raise" question is what PyTorch did when
the export ran, a code task's test expects what its reference solution printed, and each
parameterized question becomes fixed variants, each with the key its own snippet printed.
All snippets go through the real ``SnippetRunner``; nothing here imports torch.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from quizapp import __version__
from quizapp.core.bank.loaded_bank import Bank
from quizapp.core.exchange.coderunner_check import coderunner_test_code
from quizapp.core.exchange.items import (
    ChoiceItem,
    ChoiceOption,
    CodeRunnerItem,
    CodeTest,
    Concept,
    EssayItem,
    ExportPlan,
    Item,
    ItemHead,
    LeftOut,
    NumericItem,
    Provenance,
    Sample,
    ShortAnswerItem,
    TrueFalseItem,
)
from quizapp.core.exchange.lab_items import lab_prediction_item
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.snippet import ConcreteDevice, Device, Snippet
from quizapp.core.grading.answer_rules import select_weights
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import (
    ExplainQuestion,
    FlashcardQuestion,
    LabPredictionQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    Question,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.model.variant import Variant, make_variant

EXPORT_LEARNER = "lms-export"
"""The learner name the fixed variants of an export are drawn for (with seeds 0, 1, 2, ...)."""

_ONE_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

Outcome = Item | LeftOut | str
"""What a question's run gives: an item, a question left out, or a note for the author."""


@dataclass(frozen=True, slots=True)
class _Job:
    """A snippet to run, and what to make of its result."""

    snippet: Snippet
    finish: Callable[[RunResult], list[Outcome]]


def plan_export(
    bank: Bank, runner: SnippetRunner, *, device: Device = "cpu", variants: int = 3
) -> ExportPlan:
    """Every question of ``bank`` as items, their executable keys run on ``device`` with ``runner``.

    Args:
        bank: The loaded bank.
        runner: The real snippet runner (its worker starts here if it has not).
        device: Where the snippets run: cpu, cuda or auto.
        variants: How many fixed variants each parameterized question becomes.

    Returns:
        The items in bank order, the questions left out with the reason, and the provenance.
    """
    _, torch_version = RunnerJudge(runner, device).environment()  # waits for the worker
    resolved = runner.resolve_device(device)
    outcomes: list[list[Outcome]] = []
    jobs: list[tuple[int, _Job]] = []
    for loaded in bank.quizzes:
        for question in loaded.quiz.questions:
            outcomes.append([])
            for made in _outcomes(question, loaded.quiz.title, resolved, variants):
                if isinstance(made, _Job):
                    jobs.append((len(outcomes) - 1, made))
                else:
                    outcomes[-1].append(made)
    results = runner.run_many([job.snippet for _, job in jobs])
    for (index, job), result in zip(jobs, results, strict=True):
        outcomes[index].extend(job.finish(result))
    flat = [outcome for group in outcomes for outcome in group]
    provenance = Provenance(
        quizapp_version=__version__,
        torch_version=torch_version,
        device=resolved,
        bank_fingerprint=bank_fingerprint(bank.questions),
        exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        variants=variants,
    )
    return ExportPlan(
        items=tuple(o for o in flat if not isinstance(o, (LeftOut, str))),
        left_out=tuple(o for o in flat if isinstance(o, LeftOut)),
        provenance=provenance,
        notes=tuple(o for o in flat if isinstance(o, str)),
    )


def _head(question: Question, category: str, variant: Variant, *, suffix: str = "") -> ItemHead:
    prompt = variant.prompt
    if variant.code is not None:
        prompt = f"{prompt}\n\n```python\n{variant.code.rstrip()}\n```"
    return ItemHead(
        id=question.id + suffix,
        category=category,
        prompt=prompt.strip(),
        explanation=variant.explanation.strip(),
        hints=variant.hints,
        points=question.points,
        tags=(f"topic-{question.topic}", f"difficulty-{question.difficulty.value}", *question.tags),
    )


def _outcomes(
    question: Question, category: str, device: ConcreteDevice, variants: int
) -> Iterator[Outcome | _Job]:
    variant = make_variant(question, learner=EXPORT_LEARNER, seed=0)
    match question:
        case SingleChoiceQuestion() | MultipleSelectQuestion():
            yield _choice_item(question, _head(question, category, variant))
        case TrueFalseQuestion():
            yield TrueFalseItem(_head(question, category, variant), question.answer)
        case NumericQuestion():
            tolerance = max(question.abs_tol, question.rel_tol * abs(question.answer))
            yield NumericItem(_head(question, category, variant), question.answer, tolerance)
        case ShortTextQuestion():
            head = _head(question, category, variant)
            yield ShortAnswerItem(head, question.accepted, question.case_sensitive)
            if question.pattern:
                yield f"{question.id}: its pattern is not exported (LMS short answers have none)"
        case ExplainQuestion():
            concepts = tuple(
                Concept(c.name, c.phrases, c.id or "", c.order, c.about) for c in question.concepts
            )
            samples = tuple(Sample(sample.answer, sample.hits) for sample in question.samples)
            yield EssayItem(_head(question, category, variant), question.model_answer, concepts, samples)
        case LabPredictionQuestion():  # its key, proved by validate --run; an LMS cannot train
            yield lab_prediction_item(question, _head(question, category, variant))
        case FlashcardQuestion():
            yield LeftOut(
                question.id, "a flashcard is rated by the learner, not graded; no LMS type holds it"
            )
        case CodeOutputQuestion() | CodeErrorQuestion() | CodeTaskQuestion() if (
            device not in question.devices
        ):
            yield LeftOut(
                question.id, f"its key holds only on {', '.join(question.devices)}, not on {device}"
            )
        case CodeOutputQuestion():
            yield from _printed_jobs(question, category, device, variants)
        case CodeErrorQuestion():
            yield _Job(Snippet(question.code, device, question.timeout), _raised(question, category, variant))
        case CodeTaskQuestion():
            test = coderunner_test_code(question.check)
            snippet = Snippet(f"{question.solution.rstrip()}\n\n{test}\n", device, question.timeout)
            yield _Job(snippet, _coderunner(question, _head(question, category, variant), test))


def _choice_item(question: SingleChoiceQuestion | MultipleSelectQuestion, head: ItemHead) -> ChoiceItem:
    if isinstance(question, SingleChoiceQuestion):
        right, credit, penalty = {question.answer}, 1.0, 0.0
    else:  # the LMS adds up the picks' fractions (floored at 0): quizapp's own rule
        right, (credit, penalty) = set(question.answer), select_weights(question)
    options = tuple(
        ChoiceOption(
            text=choice.text,
            fraction=credit if choice.id in right else 0.0 - penalty,  # never -0.0, written "-0"
            feedback=choice.feedback or "",
            key=choice.id,
        )
        for choice in question.choices
    )
    single = isinstance(question, SingleChoiceQuestion)
    return ChoiceItem(head, options, single=single, shuffle=question.shuffle)


def _failed(question_id: str, result: RunResult, what: str) -> LeftOut:
    detail = result.outcome if result.status is RunStatus.RAISED else result.status.value
    return LeftOut(question_id, f"{what} did not run to its end when the export ran it ({detail})")


def _printed_jobs(
    question: CodeOutputQuestion, category: str, device: ConcreteDevice, variants: int
) -> Iterator[_Job]:
    if not question.parameters:
        variant = make_variant(question, learner=EXPORT_LEARNER, seed=0)
        yield _Job(
            Snippet(variant.code or "", device, question.timeout), _printed(question, category, variant, "")
        )
        return
    drawn: list[Variant] = []
    for seed in range(variants * 20):  # draws repeat in a small space; stop at `variants` distinct
        variant = make_variant(question, learner=EXPORT_LEARNER, seed=seed)
        if all(variant.values != other.values for other in drawn):
            drawn.append(variant)
        if len(drawn) == variants:
            break
    for number, variant in enumerate(drawn, start=1):
        yield _Job(
            Snippet(variant.code or "", device, question.timeout),
            _printed(question, category, variant, f"-v{number}"),
        )


def printed_key(stdout: str) -> str:
    """Printed output as one line to type in a short answer: its lines joined by single spaces."""
    return " ".join(line.strip() for line in stdout.strip().splitlines())


def _printed(
    question: CodeOutputQuestion, category: str, variant: Variant, suffix: str
) -> Callable[[RunResult], list[Outcome]]:
    def finish(result: RunResult) -> list[Outcome]:
        if result.status is not RunStatus.OK or not result.stdout.strip():
            return [_failed(question.id + suffix, result, "its snippet")]
        head = _head(question, category, variant, suffix=suffix)
        made: list[Outcome] = []
        if question.answer is not None and printed_key(question.answer) != printed_key(result.stdout):
            made.append(
                f"{question.id}: the bank's key is {question.answer!r}; PyTorch printed {result.stdout!r}"
            )
        key = printed_key(result.stdout)
        if question.compare == "numbers" and _ONE_NUMBER.fullmatch(key):
            number = float(key)
            tolerance = max(question.abs_tol, question.rel_tol * abs(number))
            made.append(NumericItem(head, number, tolerance))
        else:
            if "\n" in result.stdout.strip():
                head = _with_prompt(head, "Write the printed lines on one line, separated by single spaces.")
            made.append(ShortAnswerItem(head, (key,), case_sensitive=True))
        return made

    return finish


def _with_prompt(head: ItemHead, line: str) -> ItemHead:
    return replace(head, prompt=f"{head.prompt}\n\n{line}")


def _raised(
    question: CodeErrorQuestion, category: str, variant: Variant
) -> Callable[[RunResult], list[Outcome]]:
    def finish(result: RunResult) -> list[Outcome]:
        if result.status not in (RunStatus.OK, RunStatus.RAISED):
            return [_failed(question.id, result, "its snippet")]
        head = _head(question, category, variant)
        if question.options:
            head = _with_prompt(head, f"Answer with one of: {', '.join(question.options)}.")
        else:
            head = _with_prompt(head, "Answer with the exception's class name, or: no error.")
        made: list[Outcome] = []
        if result.outcome != question.answer:
            made.append(
                f"{question.id}: the bank's key is {question.answer!r}; PyTorch gave {result.outcome!r}"
            )
        made.append(ShortAnswerItem(head, (result.outcome,)))
        return made

    return finish


def _coderunner(
    question: CodeTaskQuestion, head: ItemHead, test: str
) -> Callable[[RunResult], list[Outcome]]:
    def finish(result: RunResult) -> list[Outcome]:
        if result.status is not RunStatus.OK:
            return [_failed(question.id, result, "its reference solution with the check")]
        return [CodeRunnerItem(head, question.starter, question.solution, (CodeTest(test, result.stdout),))]

    return finish
