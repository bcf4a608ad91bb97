"""Verify the answer keys of executable questions by running them with real PyTorch."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from quizapp.core.bank.loaded_bank import Bank, LoadedQuiz
from quizapp.core.bank.problems import Problem
from quizapp.core.bank.question_salvage import written_index
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.protocol import HANDED_DATA, HANDED_DATA_ERROR
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.snippet import ConcreteDevice, Device, Snippet
from quizapp.core.grading.code_judge import code_task_snippet
from quizapp.core.grading.lab_outcomes import start_lab_key_checks
from quizapp.core.grading.printed_output import normalize_output, outputs_match, same_exception
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value, draw, fill

_Executable = CodeOutputQuestion | CodeErrorQuestion | CodeTaskQuestion
VARIANTS_CHECKED = 3
"""Variants of each parameterized question run by ``validate --run`` (seeds 0, 1, 2)."""
_TRACEBACK_FRAME = re.compile(r'^ *File "(<snippet>|<check\.probe>)", line (\d+)', re.MULTILINE)
"""A frame of the code run or of its check's probe, in the traceback a run prints on stderr."""


@dataclass(frozen=True, slots=True)
class _Job:
    """One snippet to run for one question, and the field a failure is reported at."""

    loaded: LoadedQuiz
    index: int
    question: _Executable
    role: str
    """``code``, ``solution`` (must pass its check) or ``starter`` (must fail it)."""
    snippet: Snippet
    values: dict[str, Value]
    """The drawn parameters of a variant; empty for a question without parameters."""


@dataclass(frozen=True, slots=True)
class KeyReport:
    """What verifying a bank's keys found."""

    questions: int
    """Executable questions run."""
    runs: int
    problems: tuple[Problem, ...]
    skipped: int = 0
    """Executable questions that do not list the device among theirs."""

    @property
    def wrong_questions(self) -> int:
        """Questions with at least one problem."""
        return len({(problem.path, problem.field.split(".", 1)[0]) for problem in self.problems})


def verify_answer_keys(
    bank: Bank,
    runner: SnippetRunner,
    *,
    device: Device = "cpu",
    progress: Callable[[int, int], None] | None = None,
) -> KeyReport:
    """Run every executable question and report each key that disagrees with PyTorch.

    The experiments of lab_prediction questions train alongside (each distinct run once)
    and count among the questions and runs.

    Args:
        bank: The loaded bank.
        runner: Where snippets run.
        device: ``cpu``, ``cuda`` or ``auto``.
        progress: Called with (runs done, runs in all) as runs finish.
    """
    resolved = runner.resolve_device(device)
    executable = [
        (loaded, index, question)
        for loaded in bank.quizzes
        for index, question in enumerate(loaded.quiz.questions)
        if isinstance(question, (CodeOutputQuestion, CodeErrorQuestion, CodeTaskQuestion))
    ]
    chosen = [entry for entry in executable if resolved in entry[2].devices]
    jobs = [job for loaded, index, question in chosen for job in _jobs(loaded, index, question, resolved)]
    lab_questions, lab_runs, lab_problems = start_lab_key_checks(bank, runner, resolved)
    results = runner.run_many([job.snippet for job in jobs], progress)
    problems = {
        problem for job, result in zip(jobs, results, strict=True) if (problem := _check(job, result))
    }
    problems.update(lab_problems())
    return KeyReport(
        len(chosen) + lab_questions,
        len(jobs) + lab_runs,
        tuple(sorted(problems)),
        len(executable) - len(chosen),
    )


def _jobs(loaded: LoadedQuiz, index: int, question: _Executable, device: ConcreteDevice) -> list[_Job]:
    timeout = question.timeout
    if isinstance(question, CodeTaskQuestion):
        return [
            _Job(loaded, index, question, role, code_task_snippet(question, code, device), {})
            for role, code in (("solution", question.solution), ("starter", question.starter))
        ]
    if isinstance(question, CodeOutputQuestion) and question.parameters:
        variants = [draw(question.parameters, question.id, seed) for seed in range(VARIANTS_CHECKED)]
        return [
            _Job(
                loaded, index, question, "code", Snippet(fill(question.code, values), device, timeout), values
            )
            for values in variants
        ]
    return [_Job(loaded, index, question, "code", Snippet(question.code, device, timeout), {})]


def _check(job: _Job, result: RunResult) -> Problem | None:
    question = job.question
    message = None
    at = None  # the field a wrong key is reported at, when not the answer
    if result.status in {RunStatus.TIMED_OUT, RunStatus.KILLED, RunStatus.WORKER_ERROR}:
        message = f"the {job.role} did not run to an end: {_describe_failure(result)}"
    elif isinstance(question, CodeOutputQuestion):
        # Output from another device prints differently (device='cuda:0'), so compare numbers.
        mode = question.compare if result.device == "cpu" else "numbers"
        if result.status is RunStatus.RAISED:
            message = f"the snippet raised {result.exception_type}: {result.exception_message}"
        elif question.answer is None:
            if not result.stdout.strip():
                message = "the snippet prints nothing, so the variant has no key"
        elif not outputs_match(
            question.answer, result.stdout, mode=mode, abs_tol=question.abs_tol, rel_tol=question.rel_tol
        ):
            message = (
                f"the key says {normalize_output(question.answer)!r} but PyTorch printed "
                f"{normalize_output(result.stdout)!r}"
            )
    elif isinstance(question, CodeErrorQuestion):
        if not same_exception(question.answer, result.outcome):
            message = f"the key says {question.answer!r} but the snippet gave {_outcome(result)}"
        elif question.message_contains and question.message_contains not in (result.exception_message or ""):
            at = "message_contains"
            message = (
                f"the exception message {result.exception_message!r} does not contain "
                f"{question.message_contains!r}"
            )
    elif job.role == "solution" and not result.check_passed:
        if (fault := _fault_of_the_probe(result)) is not None:  # the check's own, not the solution's
            at, message = "check.probe", fault
        else:
            message = f"the reference solution fails its check: {result.check_message or _outcome(result)}"
    elif job.role == "starter" and result.check_passed:
        message = "the starter code already passes the check, so the task asks nothing"
    if message is None:
        return None
    if job.values:
        message = f"with {', '.join(f'{name}={value!r}' for name, value in job.values.items())}, {message}"
        field = "code"
    else:
        field = at or ("answer" if job.role == "code" else job.role)
    line, column = job.loaded.locate("questions", job.index, *field.split("."))
    where = f"questions[{written_index(job.loaded, job.index)}].{field}"  # a salvaged question's own index
    return Problem(job.loaded.path, line, column, where, f"{question.id}: {message}")


def _fault_of_the_probe(result: RunResult) -> str | None:
    """Why a solution's run failed through its check's probe alone, for the author; None if it did not.

    That is when the probe's ``result`` cannot be handed over to the check, or when the probe
    raised in its own lines (the traceback's last frame of code we ran is the probe's) after
    the solution ran to its end. A probe that calls the solution's code, which raises, is the
    solution's failure.
    """
    if result.status is not RunStatus.RAISED:
        return None
    if result.exception_type == HANDED_DATA_ERROR:
        return (
            f"the check's probe cannot hand over its result: {result.exception_message}; "
            f"result may hold only {HANDED_DATA}"
        )
    traceback = result.stderr.rsplit("Traceback (most recent call last):", 1)
    frames = _TRACEBACK_FRAME.findall(traceback[1]) if len(traceback) == 2 else []
    if not frames or frames[-1][0] != "<check.probe>":
        return None
    return (
        f"the check's probe raised {result.outcome}: {result.exception_message} (line {frames[-1][1]} "
        "of the probe), after the reference solution ran without error"
    )


def _outcome(result: RunResult) -> str:
    if result.status is RunStatus.OK:
        return "no error"
    return f"{result.exception_type}: {result.exception_message}"


def _describe_failure(result: RunResult) -> str:
    if result.status is RunStatus.TIMED_OUT:
        return f"it timed out after {result.duration_s:.1f} s"
    if result.status is RunStatus.KILLED:
        return f"it was stopped: {result.stopped_because}"
    return result.stderr.strip() or "the worker failed"
