"""Verify the answer keys of executable questions by running them with real PyTorch."""

from collections.abc import Callable
from dataclasses import dataclass

from quizapp.core.bank import Bank
from quizapp.core.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.execution.outcome import RunResult, RunStatus
from quizapp.core.execution.runner import Device, Snippet, SnippetRunner
from quizapp.core.output_compare import normalize_output, outputs_match, same_exception
from quizapp.core.problems import Problem
from quizapp.core.quiz_loading import LoadedQuiz

_Executable = CodeOutputQuestion | CodeErrorQuestion | CodeTaskQuestion


@dataclass(frozen=True, slots=True)
class _Job:
    """One snippet to run for one question, and the field a failure is reported at."""

    loaded: LoadedQuiz
    index: int
    question: _Executable
    role: str
    """``code``, ``solution`` (must pass its check) or ``starter`` (must fail it)."""
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class KeyReport:
    """What verifying a bank's keys found."""

    questions: int
    """Executable questions run."""
    runs: int
    problems: tuple[Problem, ...]


def verify_answer_keys(
    bank: Bank,
    runner: SnippetRunner,
    *,
    device: Device = "cpu",
    progress: Callable[[int, int], None] | None = None,
) -> KeyReport:
    """Run every executable question and report each key that disagrees with PyTorch.

    Args:
        bank: The loaded bank.
        runner: Where snippets run.
        device: ``cpu``, ``cuda`` or ``auto``.
        progress: Called with (runs done, runs in all) as runs finish.
    """
    jobs = [job for loaded in bank.quizzes for job in _jobs(loaded, device)]
    results = runner.run_many([job.snippet for job in jobs], progress)
    problems = [
        problem for job, result in zip(jobs, results, strict=True) if (problem := _check(job, result))
    ]
    questions = len({(job.loaded.path, job.index) for job in jobs})
    return KeyReport(questions, len(jobs), tuple(sorted(problems)))


def _jobs(loaded: LoadedQuiz, device: Device) -> list[_Job]:
    jobs = []
    for index, question in enumerate(loaded.quiz.questions):
        if isinstance(question, (CodeOutputQuestion, CodeErrorQuestion)):
            jobs.append(
                _Job(loaded, index, question, "code", Snippet(question.code, device, question.timeout))
            )
        elif isinstance(question, CodeTaskQuestion):
            for role, code in (("solution", question.solution), ("starter", question.starter)):
                snippet = Snippet(f"{code}\n{question.check}", device, question.timeout)
                jobs.append(_Job(loaded, index, question, role, snippet))
    return jobs


def _check(job: _Job, result: RunResult) -> Problem | None:
    question = job.question
    message = None
    if result.status in {RunStatus.TIMED_OUT, RunStatus.KILLED, RunStatus.WORKER_ERROR}:
        message = f"the {job.role} did not run to an end: {_describe_failure(result)}"
    elif isinstance(question, CodeOutputQuestion):
        if result.status is RunStatus.RAISED:
            message = f"the snippet raised {result.exception_type}: {result.exception_message}"
        elif not outputs_match(
            question.answer,
            result.stdout,
            mode=question.compare,
            abs_tol=question.abs_tol,
            rel_tol=question.rel_tol,
        ):
            message = (
                f"the key says {normalize_output(question.answer)!r} but PyTorch printed "
                f"{normalize_output(result.stdout)!r}"
            )
    elif isinstance(question, CodeErrorQuestion):
        if not same_exception(question.answer, result.outcome):
            message = f"the key says {question.answer!r} but the snippet gave {_outcome(result)}"
        elif question.message_contains and question.message_contains not in (result.exception_message or ""):
            message = (
                f"the exception message {result.exception_message!r} does not contain "
                f"{question.message_contains!r}"
            )
    elif job.role == "solution" and result.status is not RunStatus.OK:
        message = f"the reference solution fails its check: {_outcome(result)}"
    elif job.role == "starter" and result.status is RunStatus.OK:
        message = "the starter code already passes the check, so the task asks nothing"
    if message is None:
        return None
    field = "answer" if job.role == "code" else job.role
    line, column = job.loaded.locate("questions", job.index, field)
    return Problem(
        job.loaded.path, line, column, f"questions[{job.index}].{field}", f"{question.id}: {message}"
    )


def _outcome(result: RunResult) -> str:
    if result.status is RunStatus.OK:
        return "no error"
    return f"{result.exception_type}: {result.exception_message}"


def _describe_failure(result: RunResult) -> str:
    if result.status is RunStatus.TIMED_OUT:
        return f"it timed out after {result.duration_s:.1f} s"
    if result.status is RunStatus.KILLED:
        return f"it was stopped for using too much {result.killed_for}"
    return result.stderr.strip() or "the worker failed"
