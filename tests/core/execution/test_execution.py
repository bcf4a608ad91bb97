"""Snippets run with real torch in sandboxed children of a warm worker."""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.run_result import RunResult, RunStatus
from quizapp.core.execution.snippet import ExecutionError, Snippet
from quizapp.core.execution.worker.sandbox_uids import FIRST_SANDBOX_UID, SANDBOX_UID_COUNT
from quizapp.core.grading.code_judge import _reason
from tests.paths import ROOT

SEEDS_EXAMPLE = """import torch
from torch.nn.utils import clip_grad_norm_
model_params = [torch.nn.Parameter(torch.tensor([3.0, 4.0]))]
for p in model_params:
    p.grad = torch.tensor([6.0, 8.0])
clipped_norm = clip_grad_norm_(model_params, max_norm=5.0)
print(round(clipped_norm.item(), 2))
"""
SLOTS = 2
AS_ROOT = os.geteuid() == 0
SEEN_BY_RUNS = "/run" if AS_ROOT else None
"""Where a test makes directories a run can reach: as root, runs have /tmp to themselves."""


@pytest.fixture(scope="module")
def runner() -> Iterator[SnippetRunner]:
    os.environ["QUIZAPP_TEST_SECRET"] = "hunter2"  # set before the worker starts
    with SnippetRunner(slots=SLOTS) as started:
        started.wait_ready()
        yield started
    del os.environ["QUIZAPP_TEST_SECRET"]


def no_sandbox_process_left(runner: SnippetRunner, within_s: float = 5.0) -> bool:
    """Whether every sandbox process of ``runner`` is gone (cleanup runs just after a result)."""
    deadline = time.monotonic() + within_s
    while sandbox_processes(runner):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def sandbox_processes(runner: SnippetRunner) -> list[int]:
    """Processes of ``runner``'s worker running as a sandbox user: snippets and what they started.

    Only this runner's: other quizapp processes on the machine (another test run) have
    sandbox processes of their own. An orphan of a run re-parents to its slot, so every
    process of a run stays under the worker.
    """
    parents: dict[int, int] = {}
    sandboxed = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                uid = entry.stat().st_uid
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if FIRST_SANDBOX_UID <= uid < FIRST_SANDBOX_UID + SANDBOX_UID_COUNT:
                sandboxed.append(int(entry.name))
    worker = int(runner.wait_ready()["pid"])

    def under_worker(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == worker:
                return True
        return False

    return [pid for pid in sandboxed if under_worker(pid)]


def test_the_seeds_example_prints_ten(runner: SnippetRunner) -> None:
    result = runner.run(SEEDS_EXAMPLE)

    assert result.status is RunStatus.OK
    assert result.stdout == "10.0\n"
    assert result.device == "cpu"
    assert result.torch_version.startswith("2.")
    assert 0 < result.duration_s < 5


def test_a_nan_gradient_with_error_if_nonfinite_raises_runtime_error(runner: SnippetRunner) -> None:
    code = (
        "import torch\np = torch.nn.Parameter(torch.ones(2))\np.grad = torch.tensor([float('nan'), 1.0])\n"
        "torch.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)\n"
    )
    result = runner.run(code)

    assert result.status is RunStatus.RAISED
    assert result.exception_type == "RuntimeError"
    assert "non-finite" in (result.exception_message or "")
    assert "Traceback" in result.stderr
    assert result.outcome == "RuntimeError"


def test_warnings_go_to_stderr_not_stdout(runner: SnippetRunner) -> None:
    result = runner.run("import warnings\nwarnings.warn('careful')\nprint('out')")

    assert result.stdout == "out\n"
    assert "UserWarning: careful" in result.stderr


def test_each_snippet_starts_from_a_fresh_process(runner: SnippetRunner) -> None:
    first = runner.run("import builtins, torch\nbuiltins.LEAKED = 1\nx = 5\ntorch.manual_seed(123)")
    second = runner.run("import builtins\nprint(hasattr(builtins, 'LEAKED'), 'x' in globals())")

    assert first.status is RunStatus.OK
    assert second.stdout == "False False\n"


EARLIER = "print('ada wrote this')\n"
"""Another learner's run, whose code and output later runs must not find."""
LOOK_FOR_EARLIER = (
    "import gc, sys\n"
    "marker = ''.join(['ada', ' wrote', ' this'])\n"
    "mine = {id(marker), id(globals())}\n"
    "found = []\n"
    "frame = sys._getframe().f_back\n"
    "while frame:\n"
    "    for name, value in list(frame.f_locals.items()):\n"
    "        if id(value) not in mine and marker in repr(value):\n"
    "            found.append((frame.f_code.co_name, name))\n"
    "    frame = frame.f_back\n"
    "for thing in gc.get_objects():\n"
    "    kind = type(thing).__name__\n"
    "    if id(thing) not in mine and kind in ('RunRequest', 'RunResult', 'dict', 'list'):\n"
    "        try:\n"
    "            if marker in repr(thing)[:100000] and 'found' not in repr(thing)[:200]:\n"
    "                found.append(kind)\n"
    "        except Exception:\n"
    "            pass\n"
    "print(found)\n"
)
"""Print where, in the frames and objects a run inherits, ``EARLIER``'s code or output is."""


def test_a_run_finds_nothing_of_earlier_runs_in_the_objects_it_inherits() -> None:
    # Each run's child is forked from its slot, which ran other learners' code before. The
    # child once found the previous request (its code) and result (its output) in the slot's
    # frame, a few f_back away: in a grading batch, one learner's code could take another's.
    with SnippetRunner(slots=1) as one_slot:
        for _ in range(3):  # the third child is forked after the first run ended
            assert one_slot.run(EARLIER).stdout == "ada wrote this\n"
        result = one_slot.run(LOOK_FOR_EARLIER)

    assert result.status is RunStatus.OK, result.stderr
    assert result.stdout == "[]\n"


SCAN_MEMORY = (
    "import ctypes, re\n"
    "marker = ''.join(['ada', ' wrote', ' this']).encode()\n"
    "copies = 0\n"
    "with open('/proc/self/maps') as maps:\n"
    "    for line in maps:\n"
    "        fields = line.split()\n"
    "        if fields[1].startswith('rw') and (len(fields) == 5 or fields[5].startswith('[')):\n"
    "            low, high = (int(end, 16) for end in fields[0].split('-'))\n"
    "            copies += ctypes.string_at(low, high - low).count(marker)\n"
    "print(copies)\n"
)
"""Count the copies of ``EARLIER``'s text in the run's own memory (its own ``marker`` among them)."""


NO_PIDFDS = "no zygote without pidfds (Linux 5.3): the slot forks runs itself"


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason=NO_PIDFDS)
def test_a_run_finds_no_earlier_run_in_the_memory_it_inherits() -> None:
    # Freed, the bytes of a request stay in the memory of the process that read it: the
    # children come from the slot's zygote, which never reads one.
    with SnippetRunner(slots=1) as one_slot:
        for _ in range(3):
            assert one_slot.run(EARLIER * 20).stdout == "ada wrote this\n" * 20
        result = one_slot.run(SCAN_MEMORY)

    assert result.status is RunStatus.OK, result.stderr
    assert result.stdout == "1\n"  # the marker the scan itself made


def test_a_slot_started_again_inherits_none_of_the_requests_queued_in_the_worker() -> None:
    with SnippetRunner(slots=1) as one_slot:
        worker = int(one_slot.wait_ready()["pid"])
        [slot] = [pid for pid in descendants(worker) if _parent(pid) == worker]
        stuck = one_slot.submit(Snippet(code="import time\ntime.sleep(60)"))
        queued = one_slot.submit(Snippet(code=EARLIER))
        look = one_slot.submit(Snippet(code=LOOK_FOR_EARLIER))
        time.sleep(0.5)  # both wait in the worker's queue behind the run in the slot

        os.kill(slot, 9)  # the worker starts a new slot, forked from itself, queue and all

        assert stuck.result(timeout=60).status is RunStatus.WORKER_ERROR
        assert queued.result(timeout=60).stdout == "ada wrote this\n"
        result = look.result(timeout=60)
    assert result.status is RunStatus.OK, result.stderr
    assert result.stdout == "[]\n"


def _parent(pid: int) -> int:
    """The parent of ``pid``; 0 for a process that has exited since it was listed."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[1])
    except OSError:
        return 0


def test_seeds_are_deterministic(runner: SnippetRunner) -> None:
    code = "import torch, random\nprint(torch.rand(2), random.random())"
    first, second = runner.run(code), runner.run(code)
    assert first.status is RunStatus.OK
    assert first.stdout.startswith("tensor([")  # a real print: two failed runs would agree too
    assert second.stdout == first.stdout
    # What a fresh process prints after torch.manual_seed(0) and random.seed(0):
    assert first.stdout == "tensor([0.4963, 0.7682]) 0.8444218515250481\n"


def test_the_snippet_sees_its_device(runner: SnippetRunner) -> None:
    assert runner.run("print(DEVICE)").stdout == "cpu\n"


def gone(pid: int, within_s: float = 2.0) -> bool:
    """Whether process ``pid`` has ended (cleanup runs just after a result is sent)."""
    deadline = time.monotonic() + within_s
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def running(pid: int) -> bool:
    """Whether ``pid`` is alive; a zombie (dead, waiting to be reaped by its parent) is not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


CLOSE_EVERY_PIPE = "for fd in range(5):\n    os.close(fd)\n"
"""Closes the snippet's output, report and data pipes: the slot then has nothing left to read."""


@pytest.mark.parametrize(
    "loop",
    ["while True: pass", "import time\ntime.sleep(1000)", f"import time\n{CLOSE_EVERY_PIPE}time.sleep(1000)"],
    ids=["busy", "asleep", "asleep-with-every-pipe-closed"],
)
def test_runaway_snippets_stop_within_the_timeout_and_leave_nothing(runner: SnippetRunner, loop: str) -> None:
    started = time.monotonic()
    result = runner.run(f"import os\nprint(os.getpid(), flush=True)\n{loop}", timeout_s=2)
    elapsed = time.monotonic() - started

    assert result.status is RunStatus.TIMED_OUT
    assert elapsed < 2 + 1
    assert gone(int(result.stdout))
    assert no_sandbox_process_left(runner)


def test_a_process_escaping_into_its_own_session_is_killed_too(runner: SnippetRunner) -> None:
    code = """import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open("escapee.pid", "w") as out:
            out.write(str(os.getpid()))
        time.sleep(1000)
    os._exit(0)
while not (os.path.exists("escapee.pid") and open("escapee.pid").read()):
    time.sleep(0.01)
print(open("escapee.pid").read())
"""
    result = runner.run(code)

    assert result.status is RunStatus.OK
    assert gone(int(result.stdout))


def test_a_ten_gigabyte_allocation_fails_cleanly_as_a_memory_error(runner: SnippetRunner) -> None:
    result = runner.run("import torch\nx = torch.empty(10 * 1024**3, dtype=torch.uint8)\nx.fill_(1)")

    assert result.status is RunStatus.KILLED
    assert result.killed_for == "memory"


def test_a_hundred_megabytes_of_printing_is_truncated(runner: SnippetRunner) -> None:
    started = time.monotonic()
    result = runner.run(
        "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(100 * 1024):\n    sys.stdout.write(line)"
    )

    assert result.status is RunStatus.KILLED
    assert result.killed_for == "output"
    assert result.stdout_truncated
    assert len(result.stdout) == SandboxLimits().output_bytes
    assert time.monotonic() - started < 10


def test_the_parents_environment_is_not_visible(runner: SnippetRunner) -> None:
    result = runner.run("import os\nprint(os.environ.get('QUIZAPP_TEST_SECRET'), sorted(os.environ))")

    assert result.stdout.startswith("None ")
    assert "hunter2" not in result.stdout


def test_the_working_directory_and_home_are_throwaway(runner: SnippetRunner) -> None:
    result = runner.run(
        "import os\nopen('scratch.txt', 'w').write('x')\nprint(os.getcwd() == os.environ['HOME'])"
    )
    again = runner.run("import os\nprint(os.path.exists('scratch.txt'))")

    assert result.stdout == "True\n"
    assert again.stdout == "False\n"


@pytest.mark.skipif(not AS_ROOT, reason="the per-run user and network namespace need root")
def test_a_fork_bomb_is_contained(runner: SnippetRunner) -> None:
    result = runner.run("import os\nwhile True:\n    os.fork()", timeout_s=5)

    assert result.status in {RunStatus.RAISED, RunStatus.TIMED_OUT}
    assert no_sandbox_process_left(runner)
    assert runner.run("print('still fine')").stdout == "still fine\n"


@pytest.mark.skipif(not AS_ROOT, reason="a new network namespace needs root here")
def test_the_network_is_cut(runner: SnippetRunner) -> None:
    result = runner.run("import socket\nsocket.create_connection(('127.0.0.1', 22), timeout=2)")

    assert result.status is RunStatus.RAISED
    assert result.exception_type in {"OSError", "ConnectionRefusedError"}


@pytest.mark.skipif(not AS_ROOT, reason="the per-run user needs root")
def test_the_snippet_cannot_write_outside_its_directory(runner: SnippetRunner) -> None:
    with tempfile.TemporaryDirectory(dir=SEEN_BY_RUNS) as visible_to_runs:
        target = Path(visible_to_runs) / "written-by-snippet"

        result = runner.run(f"open({str(target)!r}, 'w').write('x')")

        assert result.exception_type == "PermissionError"
        assert not target.exists()


def test_attacking_its_supervisor_harms_at_most_that_run(runner: SnippetRunner) -> None:
    result = runner.run(
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nimport time\ntime.sleep(5)"
    )

    if AS_ROOT:  # the run's own user may not signal the supervisor at all
        assert result.exception_type == "PermissionError"
    else:  # the supervisor dies; the worker reports the run as failed and goes on
        assert result.status in {RunStatus.WORKER_ERROR, RunStatus.TIMED_OUT}
    assert runner.run(SEEDS_EXAMPLE).stdout == "10.0\n"


def test_a_syntax_error_is_reported_as_raised(runner: SnippetRunner) -> None:
    result = runner.run("print(")
    assert result.status is RunStatus.RAISED
    assert result.exception_type == "SyntaxError"


def test_run_many_keeps_the_order_and_reports_progress(runner: SnippetRunner) -> None:
    seen: list[tuple[int, int]] = []

    results = runner.run_many([Snippet(f"print({n})") for n in range(6)], progress=lambda *p: seen.append(p))

    assert [r.stdout for r in results] == [f"{n}\n" for n in range(6)]
    assert sorted(seen)[-1] == (6, 6)


def test_cuda_when_absent_is_a_clear_error(runner: SnippetRunner) -> None:
    if runner.cuda_available:
        pytest.skip("this machine has CUDA; the CUDA run itself is tested below")
    with pytest.raises(ExecutionError, match="no CUDA device"):
        runner.run(SEEDS_EXAMPLE, device="cuda")
    assert runner.resolve_device("auto") == "cpu"


@pytest.mark.cuda
def test_the_seeds_example_on_cuda(runner: SnippetRunner) -> None:
    if not runner.cuda_available:
        pytest.skip("no CUDA device: torch here sees none")
    code = SEEDS_EXAMPLE.replace("torch.tensor([3.0, 4.0])", "torch.tensor([3.0, 4.0], device=DEVICE)")
    code = code.replace("torch.tensor([6.0, 8.0])", "torch.tensor([6.0, 8.0], device=DEVICE)")

    result = runner.run(code, device="cuda")

    assert result.status is RunStatus.OK
    assert result.device == "cuda"
    assert float(result.stdout) == pytest.approx(10.0)


def test_a_file_over_the_size_limit_is_an_error_not_a_crash(runner: SnippetRunner) -> None:
    result = runner.run("with open('big.bin', 'wb') as out:\n    out.write(b'x' * (64 * 1024 * 1024))")

    assert result.status is RunStatus.RAISED
    assert result.exception_type == "OSError"
    assert "File too large" in (result.exception_message or "")


def test_undecodable_output_is_shown_not_fatal(runner: SnippetRunner) -> None:
    result = runner.run("import sys\nsys.stdout.buffer.write(b'\\xff\\xfeok\\n')")

    assert result.status is RunStatus.OK
    assert result.stdout.endswith("ok\n")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``."""
    found: list[int] = []
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return found
    for child in children:
        found += [child, *descendants(child)]
    return found


def process_names(pids: list[int]) -> list[str] | None:
    """The sorted names of ``pids``, or None when one of them has exited meanwhile."""
    try:
        return sorted(Path(f"/proc/{pid}/comm").read_text().strip() for pid in pids)
    except FileNotFoundError:
        return None


def test_a_killed_worker_takes_its_slots_and_children_with_it() -> None:
    runner = SnippetRunner(slots=2)
    worker = int(runner.wait_ready()["pid"])
    assert runner.run("print(1)").stdout == "1\n"
    expected = [  # what ps and top show an administrator: two slots, each with its checker, its
        "quizapp-check",  # zygote and two children prepared
        "quizapp-check",
        *["quizapp-run"] * 4,
        "quizapp-slot0",
        "quizapp-slot1",
        "quizapp-worker",
        "quizapp-zygote",
        "quizapp-zygote",
    ]
    deadline = time.monotonic() + 5
    # The slot that ran reaps its used child and prepares the one after next just after
    # answering, and a child just forked names itself first thing: look again until it settles.
    while (names := process_names([worker, *(below := descendants(worker))])) != expected:
        assert time.monotonic() < deadline, names
        time.sleep(0.02)

    os.kill(worker, 9)

    assert all(gone(pid) for pid in below)
    assert runner.run("print(2)").stdout == "2\n"  # a new worker takes over
    runner.close()


def test_the_snippet_holds_no_descriptor_of_the_worker_or_the_app(runner: SnippetRunner) -> None:
    code = "import os\nprint(sorted(int(fd) for fd in os.listdir('/proc/self/fd')))"
    forged = """import os
for fd in range(5, 64):
    try:
        os.write(fd, b'{"id": 0}\\n')
    except OSError:
        pass
"""

    result = runner.run(code)
    runner.run(forged)

    # stdin, stdout, stderr, its verdict pipe (3), its data pipe to the checker (4), and the
    # descriptor of the listing itself
    assert max(json.loads(result.stdout)) <= 5
    assert runner.run(SEEDS_EXAMPLE).stdout == "10.0\n"


def test_a_crashing_interpreter_is_reported_as_a_crash(runner: SnippetRunner) -> None:
    result = runner.run("import ctypes\nctypes.string_at(0)")

    assert result.status is RunStatus.KILLED
    assert result.killed_for == "crash"
    assert result.stopped_because == "it crashed the interpreter (a segmentation fault)"


def test_a_snippet_that_kills_itself_is_not_blamed_on_memory(runner: SnippetRunner) -> None:
    result = runner.run("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")

    assert result.status is RunStatus.KILLED
    assert result.killed_for == "signal"
    assert "memory" not in result.stopped_because


class PidNotes:
    """An ``on_output`` callback that collects the pids a snippet prints as ``name pid`` lines.

    Streamed output is how a run tells the test its pids: no place on the host is writable
    from inside a run.
    """

    def __init__(self) -> None:
        self.text = ""
        self.changed = threading.Condition()

    def __call__(self, _stream: str, text: str) -> None:
        with self.changed:
            self.text += text
            self.changed.notify_all()

    def found(self) -> dict[str, int]:
        """The pids noted so far, by name."""
        pairs = (line.split() for line in self.text.splitlines())
        return {pair[0]: int(pair[1]) for pair in pairs if len(pair) == 2 and pair[1].isdigit()}

    def wait_for(self, *names: str, within_s: float = 10.0) -> list[int]:
        """The pids of ``names``, once the snippet has printed them all."""
        with self.changed:
            arrived = self.changed.wait_for(lambda: set(names) <= self.found().keys(), timeout=within_s)
        assert arrived, f"the snippet never told {names}: {self.text!r}"
        return [self.found()[name] for name in names]


def tell_pid(name: str) -> str:
    """Snippet code that prints ``name`` and its own pid as one write.

    One ``os.write`` of a short line is atomic on a pipe, so the lines of two processes that
    print at once cannot interleave (``print`` writes its parts one by one to an unbuffered
    stdout, and under load another process's line landed between them).
    """
    return f"os.write(1, f'{name} {{os.getpid()}}\\n'.encode())\n"


def test_cancelling_a_running_snippet_kills_its_whole_tree_at_once(runner: SnippetRunner) -> None:
    code = (
        "import os\nif os.fork() == 0:\n    os.setsid()\n    "
        + tell_pid("escapee")
        + "    while True: pass\n"
        + tell_pid("snippet")
        + "while True: pass\n"
    )
    notes = PidNotes()
    future = runner.submit(Snippet(code, timeout_s=60), on_output=notes)
    pids = notes.wait_for("snippet", "escapee")

    started = time.monotonic()
    cancelled = runner.cancel(future)
    result = future.result(timeout=5)
    elapsed = time.monotonic() - started

    assert cancelled
    assert result.status is RunStatus.CANCELLED
    assert result.outcome == "cancelled"
    assert elapsed < 2
    assert all(gone(pid) for pid in pids)
    assert no_sandbox_process_left(runner)
    assert runner.run(SEEDS_EXAMPLE).stdout == "10.0\n"


def test_cancelling_a_snippet_that_closed_every_pipe_ends_it_at_once(runner: SnippetRunner) -> None:
    code = "import os, time\n" + tell_pid("snippet") + CLOSE_EVERY_PIPE + "time.sleep(1000)\n"
    notes = PidNotes()
    future = runner.submit(Snippet(code, timeout_s=60), on_output=notes)
    (pid,) = notes.wait_for("snippet")
    time.sleep(0.3)  # the slot has seen every pipe close by now, and waits for the process

    started = time.monotonic()
    runner.cancel(future)
    result = future.result(timeout=5)

    assert result.status is RunStatus.CANCELLED
    assert time.monotonic() - started < 2
    assert gone(pid)
    assert runner.run(SEEDS_EXAMPLE).stdout == "10.0\n"


def test_cancelling_a_queued_snippet_drops_it_and_leaves_the_others_alone(runner: SnippetRunner) -> None:
    busy = [runner.submit(Snippet(f"import time\ntime.sleep(1)\nprint({n})")) for n in range(SLOTS)]
    notes = PidNotes()
    queued = runner.submit(Snippet("import os\n" + tell_pid("queued") + "print('ran')"), on_output=notes)

    assert runner.cancel(queued)
    assert queued.result(timeout=1).status is RunStatus.CANCELLED
    assert [future.result().stdout for future in busy] == [f"{n}\n" for n in range(SLOTS)]
    # Had the worker still run it, it would have started before these, which queue behind it.
    assert runner.run_many([Snippet("print('after')")] * SLOTS)[0].stdout == "after\n"
    assert notes.text == ""  # it never ran


def test_cancelling_a_finished_or_foreign_future_does_nothing(runner: SnippetRunner) -> None:
    future = runner.submit(Snippet("print('done')"))
    result = future.result()

    assert not runner.cancel(future)
    assert future.result() is result
    assert not runner.cancel(Future())


def test_cancels_racing_results_are_harmless(runner: SnippetRunner) -> None:
    futures = [runner.submit(Snippet(f"print({n})")) for n in range(20)]
    cancelled = [runner.cancel(future) for future in futures[::2]]

    results = [future.result(timeout=30) for future in futures]

    for said, result in zip(cancelled, results[::2], strict=True):
        assert (result.status is RunStatus.CANCELLED) == said
        assert result.status in {RunStatus.CANCELLED, RunStatus.OK}
    assert [r.stdout for r in results[1::2]] == [f"{n}\n" for n in range(1, 20, 2)]
    assert runner.run("print('fine')").stdout == "fine\n"


def test_future_cancel_cannot_break_the_runner(runner: SnippetRunner) -> None:
    future = runner.submit(Snippet("print('mine')"))

    assert not future.cancel()  # the runner settles its futures; runner.cancel stops a run
    assert future.result().stdout == "mine\n"


def read_message(worker: "subprocess.Popen[bytes]") -> dict[str, Any]:
    """The worker's next protocol line."""
    assert worker.stdout is not None
    message: dict[str, Any] = json.loads(worker.stdout.readline())
    return message


def test_the_worker_protocol_cancels_queued_and_running_requests_and_streams_on_request() -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "quizapp.core.execution.worker", "--slots", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.stdin is not None
    limits = SandboxLimits(timeout_s=60).to_json()

    def send(message: dict[str, Any]) -> None:
        assert worker.stdin is not None
        worker.stdin.write(json.dumps(message).encode() + b"\n")
        worker.stdin.flush()

    try:
        assert "ready" in read_message(worker)
        running_code = "import os\n" + tell_pid("running") + "while True: pass"
        send({"id": 1, "code": running_code, "device": "cpu", "limits": limits, "stream": True})
        send({"id": 2, "code": "print('queued')", "device": "cpu", "limits": limits})
        told = read_message(worker)  # the running request's pid, streamed
        assert told["id"] == 1
        pid = int(told["output"]["text"].split()[1])
        send({"cancel": 2})
        queued = read_message(worker)
        send({"cancel": 1})
        running = read_message(worker)
        send({"cancel": 1})  # late: the run is over; nothing answers it
        send({"id": 3, "code": "print('next')", "device": "cpu", "limits": limits})
        following = read_message(worker)  # no output lines: this request did not ask for them
        send({"id": 4, "code": "print('streamed')", "device": "cpu", "limits": limits, "stream": True})
        streamed = [read_message(worker)]
        while "result" not in streamed[-1]:
            streamed.append(read_message(worker))
    finally:
        worker.stdin.close()
        worker.wait(timeout=10)

    assert (queued["id"], queued["result"]["status"]) == (2, "cancelled")
    assert (running["id"], running["result"]["status"]) == (1, "cancelled")
    assert gone(pid)
    assert (following["id"], following["result"]["stdout"]) == (3, "next\n")
    *pieces, last = streamed
    assert {(piece["id"], piece["output"]["stream"]) for piece in pieces} == {(4, "stdout")}
    assert "".join(piece["output"]["text"] for piece in pieces) == last["result"]["stdout"] == "streamed\n"


def test_a_cancelled_code_task_says_so() -> None:
    reason = _reason(RunResult(RunStatus.CANCELLED))

    assert reason == "The run was cancelled before your code finished, so it was not checked."


class Recorder:
    """An ``on_output`` callback that notes each piece and when it came."""

    def __init__(self) -> None:
        self.pieces: list[tuple[float, str, str]] = []

    def __call__(self, stream: str, text: str) -> None:
        self.pieces.append((time.monotonic(), stream, text))

    def joined(self, stream: str) -> str:
        return "".join(text for _, name, text in self.pieces if name == stream)


def finished_at(future: "Future[RunResult]") -> list[float]:
    """A list that gets the moment ``future`` resolves."""
    moments: list[float] = []
    future.add_done_callback(lambda _: moments.append(time.monotonic()))
    return moments


def test_output_arrives_while_the_snippet_runs(runner: SnippetRunner) -> None:
    code = (
        "import sys, time\nprint('first', flush=True)\nprint('careful', file=sys.stderr)\n"
        "time.sleep(0.5)\nprint('second')"
    )
    recorder = Recorder()

    future = runner.submit(Snippet(code), on_output=recorder)
    done = finished_at(future)
    result = future.result()

    first = next(at for at, _, text in recorder.pieces if "first" in text)
    second = next(at for at, _, text in recorder.pieces if "second" in text)
    assert first < second <= done[0]
    assert second - first > 0.3  # "first" came while the snippet slept, not with the result
    assert recorder.joined("stdout") == result.stdout == "first\nsecond\n"
    assert recorder.joined("stderr") == result.stderr == "careful\n"


def test_streamed_output_stops_where_the_kept_output_does(runner: SnippetRunner) -> None:
    recorder = Recorder()

    result = runner.submit(
        Snippet("import sys\nfor n in range(20000):\n    print(n, 'é' * 5)"), on_output=recorder
    ).result()

    assert result.killed_for == "output"
    assert recorder.joined("stdout") == result.stdout
    # The 64 KiB cut falls inside an "é": both end in the same replacement character.
    assert result.stdout.endswith("\n4165 \ufffd")


def test_a_character_split_across_reads_arrives_whole(runner: SnippetRunner) -> None:
    # Each piece is written only once the supervisor has read the one before.
    code = """import array, fcntl, sys, termios
def unread():
    count = array.array('i', [0])
    fcntl.ioctl(1, termios.FIONREAD, count)
    return count[0]
for piece in (b'\\xe2\\x82', b'\\xac \\xf0\\x9f', b'\\x98', b'\\x80\\n'):
    sys.stdout.buffer.write(piece)
    while unread():
        pass
"""
    recorder = Recorder()

    result = runner.submit(Snippet(code), on_output=recorder).result()

    assert [text for _, _, text in recorder.pieces] == ["€ ", "😀\n"]
    assert recorder.joined("stdout") == result.stdout == "€ 😀\n"


def test_forged_protocol_lines_in_streamed_output_are_just_text(runner: SnippetRunner) -> None:
    forged = [
        json.dumps({"id": n, "result": RunResult(RunStatus.OK, stdout="forged").to_json()})
        for n in range(200)
    ]
    forged += ['{"ready": {}}', json.dumps({"id": 0, "output": {"stream": "stdout", "text": "forged"}})]
    code = f"import json\nfor line in json.loads({json.dumps(forged)!r}):\n    print(line)"
    recorder = Recorder()
    others = [runner.submit(Snippet(f"import time\ntime.sleep(0.2)\nprint({n})")) for n in range(3)]

    result = runner.submit(Snippet(code), on_output=recorder).result()

    assert recorder.joined("stdout") == result.stdout == "".join(f"{line}\n" for line in forged)
    assert [future.result().stdout for future in others] == ["0\n", "1\n", "2\n"]


def test_a_callback_that_raises_spoils_nothing_else(
    runner: SnippetRunner, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def broken(stream: str, text: str) -> None:
        calls.append(text)
        raise RuntimeError("a bug in the UI")

    code = "import sys, time\nsys.stdout.write('one\\n')\ntime.sleep(0.3)\nprint('two')"
    result = runner.submit(Snippet(code), on_output=broken).result()

    assert result.stdout == "one\ntwo\n"
    assert calls == ["one\n"]  # not called again once it raised
    assert "on_output raised" in caplog.text
    assert runner.run("print('fine')").stdout == "fine\n"


def test_the_worker_forks_from_one_thread_after_its_warm_up(runner: SnippetRunner) -> None:
    # The warm-up runs torch operations so that children need not; a thread pool started by
    # them would not survive a fork (a run would hang or crash), so there must be none.
    status = Path(f"/proc/{runner.wait_ready()['pid']}/status").read_text()
    assert "Threads:\t1\n" in status
    printed = runner.run("import torch\nprint(torch.get_num_threads(), torch.ones(4).sum().item())").stdout
    assert printed == "1 4.0\n"


def test_the_warm_up_warns_nothing_a_snippet_could_then_miss() -> None:
    code = (
        "from quizapp.core.execution.worker import server\n"
        "server._warm_up()\n"
        "print(server.WARM_UP_WARNINGS)\n"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    assert done.stdout.strip() == "[]"


def test_a_traceback_shows_the_learners_code_and_none_of_ours(runner: SnippetRunner) -> None:
    result = runner.run("def f():\n    raise ValueError('boom')\nf()")

    assert result.stderr.splitlines() == [
        "Traceback (most recent call last):",
        '  File "<snippet>", line 3, in <module>',
        '  File "<snippet>", line 2, in f',
        "ValueError: boom",
    ]
