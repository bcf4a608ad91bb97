"""Judge code by running it: a learner's code_task answer, and the key of a question's variant."""

import hashlib
import json
import threading
from dataclasses import dataclass

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.protocol import EXITED_EARLY, HANDED_DATA_ERROR, CodeCheck
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.snippet import Device, ExecutionError, Snippet
from quizapp.core.grading.answer_rules import Grade
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.parameters import Value, fill

WORKER_ERROR_REASON = "The code could not be run (a problem on our side, not in your code); try again."
CANCELLED_REASON = "The run was cancelled before your code finished, so it was not checked."
NOT_JUDGED_REASONS = frozenset({WORKER_ERROR_REASON, CANCELLED_REASON})
"""Feedback of a code task that was never judged: a wrong grade, but no review (issue 13)."""


@dataclass(frozen=True, slots=True)
class CodeTaskVerdict:
    """Whether a learner's code passed the hidden check, and why not, in words for them."""

    passed: bool
    reason: str
    result: RunResult


class VerdictCache:
    """Verdicts of code-task runs, by everything that decides one; safe to share across threads.

    Grading a class re-runs the same answer many times (the starter handed in unchanged,
    the reference solution copied). A verdict is keyed by a hash of the code, the whole
    check, the device, the time limit and the worker's torch version, so only a run that
    would be asked the very same question is answered from here. Runs that were never
    judged (a worker error, a cancel) are not kept.
    """

    def __init__(self) -> None:
        """An empty cache."""
        self._verdicts: dict[str, CodeTaskVerdict] = {}
        self._lock = threading.Lock()
        self.hits = 0
        """Verdicts served from the cache."""
        self.runs = 0
        """Verdicts that needed a run."""

    @staticmethod
    def key(snippet: Snippet, torch_version: str) -> str:
        """The hash of what decides a run's verdict."""
        check = snippet.check
        parts: list[object] = [snippet.code, snippet.device, snippet.timeout_s, torch_version]
        parts += (
            [None, None, None, None, None]
            if check is None
            else [check.setup, check.probe, check.verify, list(check.forbid), list(check.require)]
        )
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def get(self, key: str) -> CodeTaskVerdict | None:
        """The verdict kept under ``key``, counting a hit, or None."""
        with self._lock:
            verdict = self._verdicts.get(key)
            if verdict is not None:
                self.hits += 1
            return verdict

    def put(self, key: str, verdict: CodeTaskVerdict) -> None:
        """Keep ``verdict`` (one that was judged) under ``key``, counting the run."""
        with self._lock:
            self.runs += 1
            if verdict.reason not in NOT_JUDGED_REASONS:
                self._verdicts[key] = verdict


def grade_code_task(
    question: CodeTaskQuestion,
    learner_code: str,
    runner: SnippetRunner,
    *,
    device: Device = "cpu",
    cache: VerdictCache | None = None,
) -> CodeTaskVerdict:
    """Run the learner's code in the sandbox and have the question's check judge it.

    The learner's code runs in a sandboxed child, then the check's probe hands over data;
    the slot's checker, a process that never runs learner code, runs ``verify`` on it. The
    answer passes only when the checker accepts that data (``RunResult.check_passed``).
    With ``cache``, a run identical to one already judged gets that verdict without running.
    """
    snippet = code_task_snippet(question, learner_code, device)
    key = None
    if cache is not None:
        key = VerdictCache.key(snippet, str(runner.wait_ready().get("torch_version", "")))
        if (kept := cache.get(key)) is not None:
            return kept
    result = runner.submit(snippet).result()
    verdict = CodeTaskVerdict(result.check_passed is True, _reason(result), result)
    if cache is not None and key is not None:
        cache.put(key, verdict)
    return verdict


def code_task_snippet(question: CodeTaskQuestion, code: str, device: Device = "cpu") -> Snippet:
    """The run that checks ``code`` as an answer to ``question``."""
    check = question.check
    rules = CodeCheck(check.setup, check.probe, check.verify, check.forbid, check.require)
    return Snippet(code, device, question.timeout, rules)


def _reason(result: RunResult) -> str:
    if result.check_passed:
        return "Your code passes the check."
    if result.status is RunStatus.TIMED_OUT:
        return f"Your code did not finish within {result.duration_s:.0f} s, so it was stopped."
    if result.status is RunStatus.KILLED:
        return f"Your code was stopped: {result.stopped_because}."
    if result.status is RunStatus.CANCELLED:
        return CANCELLED_REASON
    if result.check_message == EXITED_EARLY:
        return "Your code exited before the check could run, so it was not checked."
    if result.check_message.startswith("check failed: "):
        return f"A check failed: {result.check_message.removeprefix('check failed: ')}"
    if result.check_message:
        return f"Your code did not pass: {result.check_message}."
    if result.status is RunStatus.WORKER_ERROR:
        return WORKER_ERROR_REASON
    if result.exception_type == HANDED_DATA_ERROR:  # what the probe took from the code is not data
        return f"The check could not read what your code gave it: {result.exception_message}."
    return f"Your code raised {result.exception_type}: {result.exception_message}"


class RunnerJudge:
    """The session engine's ``CodeJudge``, backed by the real execution backend."""

    def __init__(
        self, runner: SnippetRunner, device: Device = "cpu", cache: VerdictCache | None = None
    ) -> None:
        """Judge code with ``runner`` on ``device``; with ``cache``, identical runs run once."""
        self.runner = runner
        self.device: Device = device
        self.cache = cache

    def grade_code_task(self, question: CodeTaskQuestion, code: str) -> Grade:
        """Full credit when the learner's code passes the hidden check; the reason as feedback."""
        verdict = grade_code_task(question, code, self.runner, device=self.device, cache=self.cache)
        return Grade(1.0 if verdict.passed else 0.0, verdict.reason)

    def variant_key(self, question: CodeOutputQuestion, values: dict[str, Value]) -> str:
        """What this variant's snippet prints on the real backend."""
        result = self.runner.run(fill(question.code, values), device=self.device, timeout_s=question.timeout)
        if result.status is not RunStatus.OK:
            raise ExecutionError(f"{question.id}: the variant {values} did not run: {result.outcome}")
        return result.stdout

    def environment(self) -> tuple[str, str]:
        """The device runs use here, and the worker's torch version."""
        info = self.runner.wait_ready()
        return self.runner.resolve_device(self.device), str(info.get("torch_version", ""))
