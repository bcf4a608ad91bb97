"""The typed messages between the app and the worker (and its slots), and their JSON-lines encoding.

App → worker: ``RunRequest`` and ``CancelRequest``. Worker → app: ``WorkerReady`` once,
then ``RunOutput`` (streamed runs only), ``LabProgress`` (lab runs: one per training step,
read from the child's data pipe, never from its output) and one ``RunFinished`` per request. A slot speaks
the same ``RunOutput`` / ``RunFinished`` lines to the worker, plus ``SlotReady`` whenever
it can take the next request. Every message is one line of JSON; nothing else is written
on these pipes, and a run's own output only ever travels JSON-encoded inside ``RunOutput``.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.execution.lab import LabSettings, LabStep
from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.run_result import RunResult

EXITED_EARLY = "exited before the check"
"""``RunResult.check_message`` of a checked run that handed over no result and raised nothing."""
HANDED_DATA_ERROR = "quizapp.core.execution.worker.handed_data.HandedDataError"
"""The exception a run reports when its probe's ``result`` holds what cannot be handed over
(named, not imported: the worker's modules stay in the worker)."""
HANDED_DATA = "None, booleans, numbers, strings, lists, tuples, dicts, dense CPU tensors and torch dtypes"
"""What a probe's ``result`` may hold, in the words of ``handed_data``'s docstring."""


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """A code task's hidden check, in three parts (see ``CodeTaskCheck`` in the question model).

    ``setup`` and ``verify`` run only in the slot's checker process, which never runs a
    learner's code; only ``probe`` runs in the learner's process, after the learner's code.
    """

    setup: str
    probe: str
    verify: str
    forbid: tuple[str, ...] = ()
    """Dotted paths of functions the learner's code must not call (``call_rules``)."""
    require: tuple[str, ...] = ()
    """Dotted paths of functions the learner's code must call (``call_rules``)."""


Places = dict[str, list[tuple[str, str]]]
"""Where each function a code task watches is held: its dotted path to (module name, name in
it) pairs, among the worker's loaded modules (``call_rules.locate``)."""


@dataclass(frozen=True, slots=True)
class RunRequest:
    """Run ``code`` on ``device`` under ``limits``; with ``check``, judge it by that check."""

    id: int
    code: str
    device: str = "cpu"
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    stream: bool = False
    """Whether the run's output is sent as it comes (``RunOutput``), not only in the result."""
    check: CodeCheck | None = None
    lab: LabSettings | None = None
    """A lab run: the child trains with these settings (our code; ``code`` is ignored)."""
    places: Places | None = None
    """For a check with call rules: where the watched functions are held. The worker's
    server finds them and hands them to the slot (``judged_run.vet_call_rules``); the app
    never sets them."""


@dataclass(frozen=True, slots=True)
class CancelRequest:
    """Stop run ``id``: drop it if queued, kill its process tree if running."""

    id: int


@dataclass(frozen=True, slots=True)
class WorkerReady:
    """The worker imported torch and started its slots."""

    torch_version: str
    cuda: bool
    pid: int


@dataclass(frozen=True, slots=True)
class SlotReady:
    """A slot has a child prepared and can take a request."""

    slot: int


@dataclass(frozen=True, slots=True)
class RunOutput:
    """A piece of a streamed run's output, as it was written."""

    id: int
    stream: str
    """``stdout`` or ``stderr``."""
    text: str


@dataclass(frozen=True, slots=True)
class LabProgress:
    """One training step of lab run ``id``, as the child measured it."""

    id: int
    step: LabStep


@dataclass(frozen=True, slots=True)
class RunFinished:
    """The result of run ``id``, as its slot decided it."""

    id: int
    result: RunResult


ToWorker = RunRequest | CancelRequest
FromWorker = WorkerReady | SlotReady | RunOutput | LabProgress | RunFinished


def encode(message: ToWorker | FromWorker) -> bytes:
    """One protocol line (JSON and a newline) for ``message``."""
    payload: dict[str, Any]
    match message:
        case RunRequest():
            payload = {
                "id": message.id,
                "code": message.code,
                "device": message.device,
                "limits": message.limits.to_json(),
                "stream": message.stream,
            }
            if message.check is not None:
                check = message.check
                payload["check"] = {"setup": check.setup, "probe": check.probe, "verify": check.verify}
                if check.forbid or check.require:
                    payload["check"] |= {"forbid": list(check.forbid), "require": list(check.require)}
            if message.lab is not None:
                payload["lab"] = message.lab.to_json()
            if message.places is not None:
                payload["places"] = message.places
        case CancelRequest():
            payload = {"cancel": message.id}
        case WorkerReady():
            payload = {
                "ready": {"torch_version": message.torch_version, "cuda": message.cuda, "pid": message.pid}
            }
        case SlotReady():
            payload = {"slot_ready": message.slot}
        case RunOutput():
            payload = {"id": message.id, "output": {"stream": message.stream, "text": message.text}}
        case LabProgress():
            payload = {"id": message.id, "lab_step": message.step.to_json()}
        case RunFinished():
            payload = {"id": message.id, "result": message.result.to_json()}
    return json.dumps(payload).encode() + b"\n"


def decode_to_worker(line: bytes) -> ToWorker:
    """Read a line the app sent to the worker.

    Raises:
        ValueError: The line is not a request or a cancel.
    """
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("a protocol line must be a JSON object")
    if "cancel" in data:
        return CancelRequest(int(data["cancel"]))
    check, lab = data.get("check"), data.get("lab")
    return RunRequest(
        id=int(data["id"]),
        code=str(data["code"]),
        device=str(data.get("device", "cpu")),
        limits=SandboxLimits(**data.get("limits", {})),
        stream=bool(data.get("stream", False)),
        check=None
        if check is None
        else CodeCheck(
            str(check["setup"]),
            str(check["probe"]),
            str(check["verify"]),
            tuple(str(path) for path in check.get("forbid", ())),
            tuple(str(path) for path in check.get("require", ())),
        ),
        lab=None if lab is None else LabSettings.from_json(lab),
        places=None if data.get("places") is None else _places(data["places"]),
    )


def _places(data: Any) -> Places:
    """``RunRequest.places`` read back from its JSON form.

    Raises:
        ValueError: It is not a mapping of paths to lists of (module, name) pairs.
    """
    if not isinstance(data, dict):
        raise ValueError("places must be a JSON object")
    places: Places = {}
    for path, held in data.items():
        if not isinstance(held, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
            for pair in held
        ):
            raise ValueError("each place must be a [module, name] pair")
        places[str(path)] = [(module, name) for module, name in held]
    return places


def decode_from_worker(line: bytes) -> FromWorker | None:
    """Read a line the worker (or a slot) sent; None for a line that is none of its messages."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        if "ready" in data:
            ready = data["ready"]
            return WorkerReady(str(ready["torch_version"]), bool(ready["cuda"]), int(ready["pid"]))
        if "slot_ready" in data:
            return SlotReady(int(data["slot_ready"]))
        request_id = data["id"]
        if not isinstance(request_id, int):
            return None
        if "output" in data:
            output = data["output"]
            if output.get("stream") not in ("stdout", "stderr") or not isinstance(output.get("text"), str):
                return None
            return RunOutput(request_id, output["stream"], output["text"])
        if "lab_step" in data:
            return LabProgress(request_id, LabStep.from_json(data["lab_step"]))
        return RunFinished(request_id, RunResult.from_json(data["result"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
