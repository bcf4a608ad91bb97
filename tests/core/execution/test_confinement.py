"""Each promise of the run sandbox (README, "How snippets run"), shown through the real runner as root."""

import ast
import fcntl
import os
import shutil
import signal
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.limits import SandboxLimits
from quizapp.core.execution.run_result import RunStatus
from quizapp.core.execution.snippet import Snippet
from quizapp.core.execution.worker.confinement import remove_workdir
from quizapp.core.execution.worker.memory_cap import memory_cap_for
from quizapp.core.execution.worker.sandbox_uids import FIRST_SANDBOX_UID, SANDBOX_UID_COUNT

AS_ROOT = os.geteuid() == 0
pytestmark = pytest.mark.skipif(not AS_ROOT, reason="the sandbox's mounts, uids and cgroups need root")
SEEN_BY_RUNS = "/run"
"""Where the tests make directories on the host that runs could reach if nothing hid them."""
SECRET = "the reference solution"


@pytest.fixture(scope="module")
def places() -> Iterator[dict[str, Path]]:
    """A bank directory the runner is told to hide, and a sibling it is not told about."""
    top = Path(tempfile.mkdtemp(prefix="quizapp-test-confinement-", dir=SEEN_BY_RUNS))
    top.chmod(0o755)
    found = {"bank": top / "bank", "open": top / "open", "history": top / ".git"}
    for directory in found.values():  # the bank sits in a repository, whose history holds it too
        directory.mkdir(mode=0o755)
        (directory / "solution.txt").write_text(SECRET)
        (directory / "solution.txt").chmod(0o644)
    yield found
    shutil.rmtree(top)


@pytest.fixture(scope="module")
def runner(places: dict[str, Path]) -> Iterator[SnippetRunner]:
    with SnippetRunner(slots=2, hidden_paths=[places["bank"]]) as started:
        started.wait_ready()
        yield started


def test_torch_still_works_in_a_confined_run(runner: SnippetRunner) -> None:
    code = (
        "import torch\nfrom torch.nn.utils import clip_grad_norm_\n"
        "p = torch.nn.Parameter(torch.ones(4))\np.grad = torch.full((4,), 3.0)\n"
        "print(round(float(clip_grad_norm_([p], max_norm=1.0)), 3), round(float(p.grad.norm()), 3))"
    )
    result = runner.run(code)

    assert result.status is RunStatus.OK, result.stderr
    assert result.stdout == "6.0 1.0\n"


def test_each_run_has_a_private_empty_tmp_dev_shm_and_var_tmp(runner: SnippetRunner) -> None:
    name = f"quizapp-test-{uuid.uuid4().hex}"
    dirs = ("/tmp", "/dev/shm", "/var/tmp")
    write = "".join(f"open('{d}/{name}', 'w').write('x')\n" for d in dirs)
    listing = "import os\nprint([sorted(os.listdir(d)) for d in ('/tmp', '/dev/shm', '/var/tmp')])\n"

    first = runner.run(listing + write)
    second = runner.run(listing + f"print([os.path.exists(d + '/{name}') for d in {dirs!r}])")

    assert first.status is RunStatus.OK, first.stderr
    assert second.status is RunStatus.OK, second.stderr
    seen_first = ast.literal_eval(first.stdout.splitlines()[0])
    seen_second, left_over = (ast.literal_eval(line) for line in second.stdout.splitlines())
    # Only the run's own working directory, and what Python needs if it lives under a temp dir
    # (a venv or checkout in /tmp, as in a CI clone), bound back read-only.
    for seen in (seen_first, seen_second):
        assert "quizapp-run" in seen[0]
        for directory, names in zip(dirs, seen, strict=True):
            assert set(names) - {"quizapp-run"} <= needed_under(directory), (directory, names)
    assert left_over == [False, False, False]
    assert not any(Path(d, name).exists() for d in dirs)


def test_no_world_writable_place_of_the_host_carries_anything_from_one_run_to_the_next(
    runner: SnippetRunner,
) -> None:
    # A shared scratch dir anyone may write to, as /run/lock or /var/lock are on many hosts.
    shared = Path(tempfile.mkdtemp(prefix="quizapp-test-shared-", dir=SEEN_BY_RUNS))
    shared.chmod(0o1777)
    name = f"note-{uuid.uuid4().hex}"
    places = [str(shared), *(d for d in ("/run/lock", "/var/lock") if Path(d).is_dir())]
    try:
        leave = (
            "import os\n"
            f"for place in {places!r}:\n"
            "    try:\n"
            f"        open(os.path.join(place, {name!r}), 'w').write('answer: 42')\n"
            "        print(place, 'written')\n"
            "    except OSError as error:\n"
            "        print(place, error.strerror)\n"
        )
        find = f"import os\nprint([os.path.exists(os.path.join(p, {name!r})) for p in {places!r}])"
        left = runner.run(leave)
        found = runner.run(find)

        assert left.status is RunStatus.OK, left.stderr
        assert left.stdout.splitlines() == [f"{place} Read-only file system" for place in places]
        assert found.stdout.strip() == str([False] * len(places))
        assert not any(Path(place, name).exists() for place in places)  # nor on the host
    finally:
        shutil.rmtree(shared)


def needed_under(temp: str) -> set[str]:
    """The names in ``temp`` of what this Python needs there: its prefixes and import paths."""
    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *sys.path}
    return {
        Path(real).relative_to(temp).parts[0]
        for place in places
        if place and (real := os.path.realpath(place)).startswith(temp + "/")
    }


def test_a_run_cannot_read_hidden_paths_their_repository_shadow_or_root(
    runner: SnippetRunner, places: dict[str, Path]
) -> None:
    canary = Path(f"/root/.quizapp-test-canary-{os.getpid()}")
    canary.write_text(SECRET)
    try:
        reads = [str(places["bank"] / "solution.txt"), "/etc/shadow", str(canary)]
        reads.append(str(places["history"] / "solution.txt"))
        code = (
            "for path in {reads!r}:\n"
            "    try:\n        print(repr(open(path).read()))\n"
            "    except OSError as error:\n        print(type(error).__name__)\n"
            "print(open({control!r}).read())\n"
        ).format(reads=reads, control=str(places["open"] / "solution.txt"))

        result = runner.run(code)
    finally:
        canary.unlink()

    lines = result.stdout.splitlines()
    assert lines[0] == "FileNotFoundError"  # the bank is an empty directory to the run
    assert lines[1] in {"''", "PermissionError"}  # /etc/shadow is /dev/null there
    assert lines[2] == "FileNotFoundError"
    assert lines[3] == "FileNotFoundError"  # the .git of the repository holding the bank
    assert lines[4] == SECRET  # the same file in a directory nobody hid stays readable


def test_a_run_has_no_capabilities_and_no_new_privileges(runner: SnippetRunner) -> None:
    result = runner.run("import os\nprint(os.getuid())\nprint(open('/proc/self/status').read())")

    uid, *status = result.stdout.splitlines()
    fields = dict(line.split(":\t", 1) for line in status if ":\t" in line)
    assert FIRST_SANDBOX_UID <= int(uid) < FIRST_SANDBOX_UID + SANDBOX_UID_COUNT
    assert fields["NoNewPrivs"] == "1"
    for capabilities in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        assert int(fields[capabilities], 16) == 0, capabilities


def test_a_run_sees_no_other_process(runner: SnippetRunner) -> None:
    worker = runner.wait_ready()["pid"]
    code = (
        f"import os\nprint(os.path.exists('/proc/{worker}'), os.path.exists('/proc/{os.getpid()}/cmdline'))"
    )

    assert runner.run(code).stdout == "False False\n"


def uids_of(runner: SnippetRunner) -> set[int]:
    """The uids of every slot of ``runner``: one run per slot at once, each reporting its uid."""
    snippet = Snippet("import os, time\ntime.sleep(0.5)\nprint(os.getuid())")
    return {int(result.stdout) for result in runner.run_many([snippet] * runner.slots)}


def test_two_runners_never_share_a_uid_and_one_cannot_kill_the_others_runs(runner: SnippetRunner) -> None:
    with SnippetRunner(slots=2) as other:
        other.wait_ready()
        ours, theirs = uids_of(runner), uids_of(other)
        assert len(ours) == 2
        assert len(theirs) == 2
        assert not ours & theirs

        started = threading.Event()
        waiting = other.submit(
            Snippet("import time\nprint('started', flush=True)\ntime.sleep(3)\nprint('alive')"),
            on_output=lambda _stream, text: started.set() if "started" in text else None,
        )
        assert started.wait(timeout=10), "the other runner's run never started"
        killer = runner.run(
            "import os, signal, time\nchild = os.fork()\n"
            "if child == 0:\n    time.sleep(30)\n    os._exit(0)\n"
            "os.kill(-1, signal.SIGKILL)  # every process of this run's uid but itself\n"
            "print(os.waitpid(child, 0)[1] == signal.SIGKILL)"
        )
        survivor = waiting.result(timeout=20)

    assert killer.stdout == "True\n"  # the kill reached its own uid's processes
    assert survivor.status is RunStatus.OK
    assert survivor.stdout == "started\nalive\n"


def test_renaming_the_workdir_and_leaving_a_symlink_deletes_nothing_and_leaves_nothing(
    runner: SnippetRunner, places: dict[str, Path]
) -> None:
    target = places["open"]
    code = (
        "import os\nhere = os.getcwd()\nopen('left-behind', 'w').write('x')\nos.chdir('/')\n"
        f"os.rename(here, here + '-moved')\nos.symlink({str(target)!r}, here)\nprint('done')"
    )
    result = runner.run(code)
    after = runner.run("import os\nprint(os.getcwd(), os.listdir('.'), os.path.islink(os.getcwd()))")

    assert result.stdout == "done\n"
    assert (target / "solution.txt").read_text() == SECRET
    assert after.stdout == "/tmp/quizapp-run [] False\n"  # the next run starts clean
    assert not Path("/tmp/quizapp-run").exists()
    assert not Path("/tmp/quizapp-run-moved").exists()


def test_the_slots_cleanup_never_follows_a_symlink_out_of_the_workdir(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep").write_text("x")
    workdir = tmp_path / "quizapp-run-1"
    (workdir / "inner").mkdir(parents=True)
    (workdir / "inner" / "link").symlink_to(outside)
    (workdir / "link").symlink_to(outside)
    remove_workdir(str(workdir))
    assert not workdir.exists()
    assert (outside / "keep").exists()

    workdir.mkdir()
    workdir.rename(tmp_path / "moved")
    workdir.symlink_to(outside)
    remove_workdir(str(workdir))
    assert not workdir.is_symlink()
    assert (outside / "keep").exists()


def test_a_closed_runner_leaves_nothing_in_tmp_even_after_its_worker_was_killed() -> None:
    runner = SnippetRunner(slots=1)
    worker = runner.wait_ready()["pid"]
    home = str(Path(f"/proc/{worker}/cwd").readlink())
    assert runner.run("print(1)").stdout == "1\n"
    os.kill(worker, signal.SIGKILL)
    runner.close()
    assert home.startswith(tempfile.gettempdir())
    assert not Path(home).exists()

    with SnippetRunner(slots=1) as second:
        home = str(Path(f"/proc/{second.wait_ready()['pid']}/cwd").readlink())
        assert second.run("print(2)").stdout == "2\n"
    assert not Path(home).exists()


def memory_cap_here() -> bool:
    """Whether this machine gives a usable memory cgroup (probed with an unleasable uid)."""
    cap = memory_cap_for(FIRST_SANDBOX_UID + SANDBOX_UID_COUNT)
    if cap is None:
        return False
    cap.remove()
    return True


def test_a_tree_of_processes_is_stopped_for_memory_as_a_whole() -> None:
    if not memory_cap_here():
        pytest.skip("no writable cgroup memory controller (v2 or v1) on this machine")
    code = (
        "import os, time\nchildren = []\nfor _ in range(4):\n    pid = os.fork()\n"
        "    if pid == 0:\n        block = b'x' * (100 << 20)\n        time.sleep(3)\n        os._exit(0)\n"
        "    children.append(pid)\n"
        "print([os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children])"
    )
    with SnippetRunner(slots=1, limits=SandboxLimits(memory_bytes=256 << 20)) as runner:
        result = runner.run(code)
        alone = runner.run("block = b'x' * (100 << 20)\nprint('fits')")

    assert result.status is RunStatus.KILLED
    assert result.killed_for == "memory"
    assert alone.stdout == "fits\n"  # one process of the same size fits under the cap


def test_hidden_paths_in_tmp_neither_break_runs_nor_show(tmp_path: Path) -> None:
    """A bank, submission or database under /tmp (a checkout there, as on many CI machines)."""
    bank = Path(tempfile.mkdtemp(prefix="quizapp-test-bank-", dir="/tmp"))
    submission = Path(tempfile.mkstemp(prefix="quizapp-test-sub-", dir="/tmp")[1])
    try:
        (bank / "solution.txt").write_text(SECRET)
        submission.write_text(SECRET)
        with SnippetRunner(slots=1, hidden_paths=[bank, submission]) as runner:
            result = runner.run(
                "import os, torch\n"
                f"print(os.path.exists({str(bank / 'solution.txt')!r}), os.path.exists({str(submission)!r}))"
            )
        assert result.status is RunStatus.OK, result.stderr
        assert result.stdout == "False False\n"
    finally:
        shutil.rmtree(bank)
        submission.unlink()


def test_a_database_kept_in_tmp_itself_leaves_runs_working_and_hidden() -> None:
    """``QUIZAPP_DB=/tmp/attempts.sqlite3`` hides /tmp (the database's folder): runs still work."""
    secret = Path(f"/tmp/quizapp-test-attempts-{uuid.uuid4().hex}.sqlite3")
    secret.write_text(SECRET)
    try:
        with SnippetRunner(slots=1, hidden_paths=[secret, secret.parent]) as hiding_tmp:
            result = hiding_tmp.run(
                "import os\n"
                f"print(os.path.exists({str(secret)!r}))\n"
                "open('/tmp/scratch', 'w').write('x')\n"
                "print(open('/tmp/scratch').read())\n"
            )
    finally:
        secret.unlink()

    assert result.status is RunStatus.OK, result.stderr
    assert result.stdout == "False\nx\n"


def run_cgroups(runner: SnippetRunner) -> tuple[int, list[Path]]:
    """The sandbox uid of ``runner``'s one slot, and the memory cgroups its two lanes use."""
    shown = runner.run(
        "import os\nprint(os.getuid())\n"
        "lines = open('/proc/self/cgroup').read().splitlines()\n"  # v1's memory line comes before v2's 0::
        "print(next(l.split(':', 2)[2] for l in lines if ':memory:' in l or l.startswith('0::')))"
    ).stdout.split()
    uid, inside = int(shown[0]), shown[1].strip()
    root = Path("/sys/fs/cgroup/memory") if Path("/sys/fs/cgroup/memory").is_dir() else Path("/sys/fs/cgroup")
    lane = root / inside.lstrip("/")
    stem = lane.name.rsplit("-", 1)[0]
    return uid, [lane.with_name(f"{stem}-{number}") for number in (0, 1)]


def leased_by_someone(uid: int) -> bool:
    """Whether a live quizapp slot holds ``uid`` now (its lease file is locked)."""
    for parent in ("/run", "/var/run", "/dev/shm"):
        path = Path(parent) / "quizapp-sandbox-uids" / str(uid)
        if path.exists():
            with path.open("rb") as lease:
                try:
                    fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                fcntl.flock(lease, fcntl.LOCK_UN)
    return False


def test_a_closed_runner_leaves_no_memory_cgroup_behind() -> None:
    if not memory_cap_here():
        pytest.skip("no writable cgroup memory controller (v2 or v1) on this machine")
    with SnippetRunner(slots=1) as runner:
        uid, lanes = run_cgroups(runner)
        assert all(lane.is_dir() for lane in lanes), lanes
        assert "quizapp" in str(lanes[0])
    left = [lane for lane in lanes if lane.exists()]
    if left and leased_by_someone(uid):  # another runner of the suite took the uid at once: its own
        return
    assert left == []
