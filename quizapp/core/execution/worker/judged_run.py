"""Run one request in a prepared child; for a code task, have the slot's checker decide the verdict.

A plain snippet's result is what supervision saw. A code task's check runs in three parts:
the checker's ``setup`` draws the ``cases``; the child runs the learner's code, then the
``probe``, which hands over its ``result`` as data; the checker's ``verify`` judges that data
against its own copy of the cases. The learner's code can end the run, forge its own report
or write anything on any descriptor it holds: none of that reaches the checker as more than
data, and only a result that ``verify`` accepts passes.
"""

from collections.abc import Callable
from dataclasses import replace

from quizapp.core.execution.lab import LabStep
from quizapp.core.execution.protocol import EXITED_EARLY, RunRequest
from quizapp.core.execution.run_result import OutputCallback, RunResult, RunStatus
from quizapp.core.execution.worker.call_rules import locate, refusal
from quizapp.core.execution.worker.checker import Checker, CheckerError
from quizapp.core.execution.worker.child import PreparedChild
from quizapp.core.execution.worker.lab_training import StepLines
from quizapp.core.execution.worker.supervision import CancelCheck, ExitWaiter, run_prepared

_STOPPED = frozenset({RunStatus.TIMED_OUT, RunStatus.KILLED, RunStatus.CANCELLED})
CALL_RULE_REPORTS = frozenset({"ForbiddenCall", "MissingCall"})
"""What the child reports when a call rule ended the run (``snippet_harness``): its message
says which function, in words for the learner. Only the learner is harmed by forging one."""


def run_request(
    child: PreparedChild,
    request: RunRequest,
    checker: Checker,
    *,
    torch_version: str,
    cancel: CancelCheck,
    on_output: OutputCallback | None,
    on_lab_step: Callable[[LabStep], None] | None = None,
    wait_for_exit: ExitWaiter | None = None,
) -> RunResult:
    """Run ``request`` in ``child`` and return its result, judged by ``checker`` if it has a check.

    Args:
        child: The prepared child to run in.
        request: What to run; its ``check``, if any, decides ``check_passed``.
        checker: The slot's checker process.
        torch_version: Recorded in the result.
        cancel: Where a cancel of this run may come from.
        on_output: Called with the run's output as it comes, if streamed.
        on_lab_step: Called with each step of a lab run as the child reports it.
        wait_for_exit: How to wait for the child's end (``run_prepared``).
    """
    if request.lab is not None:  # our own training code: no check, its steps on a channel of their own
        lines = StepLines(on_lab_step or (lambda _: None))
        result, _ = run_prepared(
            child,
            "",
            device=request.device,
            limits=request.limits,
            torch_version=torch_version,
            cancel=cancel,
            on_output=on_output,
            lab=request.lab.to_json(),
            on_data=lines.feed,
            wait_for_exit=wait_for_exit,
        )
        return result
    if request.places is None:  # call rules the server did not vet (it always does): vet them here
        vetted = vet_call_rules(request)
        if isinstance(vetted, RunResult):
            return vetted
        request = vetted
    check = request.check
    cases = b""
    calls = None
    if check is not None:
        if request.places is not None:
            calls = {"forbid": list(check.forbid), "require": list(check.require), "places": request.places}
        try:
            cases = checker.set_up(check.setup)
        except CheckerError as error:
            return RunResult.worker_error(str(error), request.device)
    result, handed_over = run_prepared(
        child,
        request.code,
        device=request.device,
        limits=request.limits,
        torch_version=torch_version,
        cancel=cancel,
        on_output=on_output,
        probe=None if check is None else check.probe,
        cases=cases,
        calls=calls,
        wait_for_exit=wait_for_exit,
    )
    if check is None:
        return result
    return _judged(result, handed_over, checker, check.verify)


def vet_call_rules(request: RunRequest) -> RunRequest | RunResult:
    """Refuse code that breaks its check's call rules, or add where the watched functions are held.

    The worker's server calls this before a slot gets ``request``. Parsing the code and
    scanning every loaded module touch memory, and where a slot forks each run's child from
    its own (``zygote.OwnChildren``) every page it touches, each later fork copies and each
    child's exit tears down again (on a 2-core machine, 7 ms of CPU a run when the slot did it).

    Returns:
        The refused run's result (``RefusedCode``, the check failed, saying why), or the
        request with its ``places`` (unchanged when it has no call rules).
    """
    check = request.check
    if check is None or not (check.forbid or check.require):
        return request
    if (why := refusal(request.code, check.forbid, check.require)) is not None:
        refused = RunResult(RunStatus.RAISED, exception_type="RefusedCode", exception_message=why)
        return replace(refused, device=request.device, check_passed=False, check_message=why)
    return replace(request, places=locate((*check.forbid, *check.require)))


def _judged(result: RunResult, handed_over: bytes, checker: Checker, verify: str) -> RunResult:
    """The verdict on a code task's run: only data ``verify`` accepts passes."""
    if result.status in _STOPPED:
        return replace(result, check_passed=False)
    if result.status is RunStatus.RAISED and result.exception_type in CALL_RULE_REPORTS:
        # Whatever was handed over: code that wrote its own result before the rule was checked
        # does not skip the rule.
        return replace(result, check_passed=False, check_message=result.exception_message or "")
    if not handed_over:
        if result.status is RunStatus.RAISED and result.exception_type != "SystemExit":
            return replace(result, check_passed=False)  # it raised: that says why
        return replace(result, check_passed=False, check_message=EXITED_EARLY)
    try:
        passed, why = checker.verify(verify, handed_over)
    except CheckerError as error:
        stderr = f"{result.stderr}\n[{error}]".lstrip("\n")
        return replace(result, status=RunStatus.WORKER_ERROR, stderr=stderr, check_passed=False)
    return replace(result, check_passed=passed, check_message="" if passed else why)
