"""A code task's call rules (forbid, require) hold against the ways around them a learner tried.

Everything runs through the real runner, sandbox, checker and torch, with the shipped bank's
two tasks that have such rules and with small checks of our own.
"""

import subprocess
import sys
import textwrap

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.exchange.coderunner_check import coderunner_test_code
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.execution.protocol import CodeCheck, RunRequest, decode_to_worker, encode
from quizapp.core.execution.run_result import RunResult
from quizapp.core.execution.snippet import Snippet
from quizapp.core.execution.worker.call_rules import locate, refusal
from quizapp.core.execution.worker.judged_run import vet_call_rules
from quizapp.core.grading.code_judge import grade_code_task
from quizapp.core.model.code_questions import CodeTaskQuestion
from quizapp.locations import default_bank_path
from tests.paths import ROOT


@pytest.fixture
def runner(shared_runner: SnippetRunner) -> SnippetRunner:
    """The test session's warm runner (two slots): a worker of its own costs a torch warm-up."""
    return shared_runner


@pytest.fixture(scope="module")
def tasks() -> dict[str, CodeTaskQuestion]:
    questions = load_bank([default_bank_path()]).bank.questions
    return {q.id: q for q in questions if isinstance(q, CodeTaskQuestion) and q.id.startswith("task-")}


MANUAL = "task-manual-clip-norm"
TWO_STEP = "task-two-step-clip"

# What the review's learner handed in, and variants of it: each must earn nothing.
BYPASSES = {
    "the forbidden function as a default argument": (
        MANUAL,
        "import torch\n"
        "def clip_by_total_norm(params, max_norm, _f=torch.nn.utils.clip_grad_norm_):\n"
        "    return _f(params, max_norm)\n",
        "names clip_grad_norm_",
    ),
    "the forbidden function found by a computed name": (
        MANUAL,
        "import torch\n"
        "_f = getattr(torch.nn.utils, 'clip_grad' + '_norm_')\n"
        "def clip_by_total_norm(params, max_norm):\n"
        "    return _f(params, max_norm)\n",
        "uses getattr",
    ),
    "a fresh copy of the module, reloaded": (
        MANUAL,
        "import importlib, torch.nn.utils.clip_grad as c\n"
        "fresh = importlib.reload(c)\n"
        "def clip_by_total_norm(params, max_norm):\n"
        "    return fresh.clip_grads_with_norm_(params, max_norm, fresh.get_total_norm(params))\n",
        "uses importlib",
    ),
    "the forbidden name inside a string": (
        MANUAL,
        "TARGET = 'torch.nn.utils.clip_grad_norm_'\n"
        "import torch.nn.utils as u\n"
        "def clip_by_total_norm(params, max_norm):\n"
        "    return u.__dict__[TARGET.rsplit('.', 1)[1]](params, max_norm)\n",
        "names clip_grad_norm_",
    ),
    "the whole function, under the two-step task's name": (
        TWO_STEP,
        "import torch\n"
        "def clip_in_two_steps(params, max_norm, _c=torch.nn.utils.clip_grad_norm_):\n"
        "    return _c(params, max_norm)\n",
        "names clip_grad_norm_",
    ),
}


@pytest.mark.parametrize("attack", sorted(BYPASSES))
def test_ways_around_a_forbidden_call_earn_nothing_and_say_why(
    attack: str, tasks: dict[str, CodeTaskQuestion], runner: SnippetRunner
) -> None:
    task, code, why = BYPASSES[attack]

    verdict = grade_code_task(tasks[task], code, runner)

    assert not verdict.passed
    assert why in verdict.reason
    assert grade_code_task(tasks[task], tasks[task].solution, runner).passed  # the rule is not the problem


BY_HAND = textwrap.dedent(
    """
    def clip_in_two_steps(params, max_norm):
        grads = [p.grad for p in params]
        total = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
        for g in grads:
            g.mul_(torch.clamp(max_norm / (total + 1e-6), max=1.0))
        return total
    """
)
"""The two-step task done by hand, without the two functions it asks for."""
NEVER_CALLED = "never called torch.nn.utils.get_total_norm, torch.nn.utils.clip_grads_with_norm_"


def test_the_required_steps_must_really_be_called(
    tasks: dict[str, CodeTaskQuestion], runner: SnippetRunner
) -> None:
    verdict = grade_code_task(tasks[TWO_STEP], f"import torch\n{BY_HAND}", runner)

    assert not verdict.passed
    assert NEVER_CALLED in verdict.reason


def test_steps_called_under_other_names_count(
    tasks: dict[str, CodeTaskQuestion], runner: SnippetRunner
) -> None:
    aliased = textwrap.dedent(
        """
        import torch.nn.utils as u
        from torch.nn.utils import get_total_norm as measure
        def clip_in_two_steps(params, max_norm, clip=u.clip_grads_with_norm_):
            '''Like clip_grad_norm_, in two steps.'''
            total = measure([p.grad for p in params])
            clip(params, max_norm, total)
            return total
        """
    )

    assert grade_code_task(tasks[TWO_STEP], aliased, runner).passed  # a docstring may name it


RULED = CodeCheck(
    setup="cases = [[3.0, 4.0]]",
    probe="import torch\nresult['norm'] = float(norm_of(torch.tensor(cases[0])))",
    verify="assert abs(result['norm'] - 5.0) < 1e-6, 'wrong norm'",
    forbid=("torch.linalg.vector_norm",),
)


def ruled_run(runner: SnippetRunner, code: str, check: CodeCheck = RULED) -> tuple[bool | None, str]:
    result = runner.submit(Snippet(code, check=check)).result()
    return result.check_passed, result.check_message


def test_a_forbidden_function_called_from_inside_a_library_ends_the_run(runner: SnippetRunner) -> None:
    # torch.norm computes with torch.linalg.vector_norm: the stand-in is found there too.
    through_torch = "import torch\ndef norm_of(x):\n    return torch.norm(x)\n"
    by_hand = "def norm_of(x):\n    return (x * x).sum().sqrt()\n"

    assert ruled_run(runner, through_torch) == (
        False,
        "it called torch.linalg.vector_norm, which this task does not allow",
    )
    assert ruled_run(runner, by_hand) == (True, "")


def test_catching_the_forbidden_call_does_not_help(runner: SnippetRunner) -> None:
    code = (
        "import torch\ndef norm_of(x):\n    try:\n        return torch.norm(x)\n"
        "    except BaseException:\n        return (x * x).sum().sqrt()\n"
    )

    passed, message = ruled_run(runner, code)

    assert passed is False
    assert "does not allow" in message


def test_a_required_function_is_noted_wherever_it_is_called_from(runner: SnippetRunner) -> None:
    check = CodeCheck(RULED.setup, RULED.probe, RULED.verify, require=("torch.linalg.vector_norm",))

    assert ruled_run(runner, "import torch\ndef norm_of(x):\n    return torch.norm(x)\n", check) == (True, "")
    assert ruled_run(runner, "def norm_of(x):\n    return (x * x).sum().sqrt()\n", check) == (
        False,
        "it never called torch.linalg.vector_norm, which this task asks for",
    )


def test_tasks_without_rules_are_not_scanned() -> None:
    assert refusal("import gc, importlib\nf = getattr(gc, 'collect')", forbid=()) is None


@pytest.mark.parametrize(
    "code",
    [
        "import gc\n",
        "x = eval('1')\n",
        "import torch\nf = torch.norm.__globals__\n",
        "import sys\nframe = sys._getframe()\n",
        "import pickle\n",
        "from operator import attrgetter\n",
        "data = b'clip_grad_norm_'\n",
        "import runpy\n",
        "from pydoc import locate\n",
        "import pkgutil\n",
        "import subprocess\n",
        "import multiprocessing\n",
        "import os\nos.system('python -c 1')\n",
        "import sys\nframes = sys._current_frames()\n",
        "from quizapp.core.execution.worker import handed_data\n",
        "import string\nfield = string.Formatter().get_field('0.x', [1], {})\n",
    ],
)
def test_tools_that_could_get_around_the_rules_are_refused_before_running(code: str) -> None:
    assert refusal(code, forbid=("torch.nn.utils.clip_grad_norm_",)) is not None


RULES = CodeCheck(
    "cases = None",
    "pass",
    "passed = True",
    forbid=("torch.nn.utils.clip_grad_norm_",),
    require=("torch.nn.utils.get_total_norm",),
)


def test_the_worker_vets_call_rules_before_a_slot_and_hands_it_where_the_functions_are() -> None:
    vetted = vet_call_rules(RunRequest(1, "total = 1.0\n", check=RULES))
    forbidden = "import torch\ntorch.nn.utils.clip_grad_norm_([], 1.0)\n"
    refused = vet_call_rules(RunRequest(2, forbidden, check=RULES))
    no_rules = RunRequest(3, "x = 1\n", check=CodeCheck("cases = None", "pass", "passed = True"))

    assert isinstance(vetted, RunRequest)
    assert vetted.places == locate((*RULES.forbid, *RULES.require))
    assert ("torch.nn.utils", "clip_grad_norm_") in vetted.places["torch.nn.utils.clip_grad_norm_"]
    assert decode_to_worker(encode(vetted)) == vetted  # as the slot reads it
    assert isinstance(refused, RunResult)
    assert refused.exception_type == "RefusedCode"
    assert refused.check_passed is False
    assert "clip_grad_norm_" in refused.check_message
    assert vet_call_rules(no_rules) is no_rules


@pytest.mark.parametrize(
    "places",
    ['"torch"', '{"torch.norm": "torch"}', '{"torch.norm": [["torch"]]}', '{"torch.norm": [["torch", 1]]}'],
)
def test_a_request_with_malformed_places_is_not_a_request(places: str) -> None:
    line = b'{"id": 1, "code": "", "places": ' + places.encode() + b"}"

    with pytest.raises(ValueError, match="place"):
        decode_to_worker(line)


def test_once_armed_the_originals_are_gone_and_their_module_cannot_be_loaded_again() -> None:
    # In a process of its own: arming replaces functions in every loaded module.
    script = textwrap.dedent(
        """
        import gc, importlib, sys
        import torch
        from quizapp.core.execution.worker import call_rules

        def ended(path):
            raise SystemExit(f"ended: {path}")

        call_rules.arm(["torch.nn.utils.clip_grad_norm_"], [], ended)
        import torch.nn.utils.clip_grad as module
        originals = [
            f for f in gc.get_objects()
            if callable(f) and getattr(f, "__qualname__", "") == "clip_grad_norm_"
            and getattr(f, "__module__", "") == "torch.nn.utils.clip_grad"
        ]
        print("originals left:", len(originals))
        for attempt in (lambda: importlib.reload(module), lambda: (sys.modules.pop(module.__name__),
                        importlib.import_module("torch.nn.utils.clip_grad"))):
            try:
                attempt()
                print("loaded again")
            except ImportError as error:
                print("refused:", error)
        torch.nn.utils.clip_grad_norm_([], 1.0)
        """
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, text=True, cwd=ROOT, timeout=120
    )

    assert shown.stdout.splitlines() == [
        "originals left: 0",
        "refused: torch.nn.utils.clip_grad may not be loaded again in this task",
        "refused: torch.nn.utils.clip_grad may not be loaded again in this task",
    ]
    assert "ended: torch.nn.utils.clip_grad_norm_" in shown.stderr


def test_an_lms_export_says_where_the_call_rules_do_not_hold(tasks: dict[str, CodeTaskQuestion]) -> None:
    test_code = coderunner_test_code(tasks[TWO_STEP].check)

    assert (
        "# Not enforced here (quizapp enforces them): forbid: torch.nn.utils.clip_grad_norm_, "
        "torch.nn.utils.clip_grad_norm; require: torch.nn.utils.get_total_norm, "
        "torch.nn.utils.clip_grads_with_norm_." in test_code.splitlines()
    )


SOURCE_READER = textwrap.dedent(
    """
    import os, shutil, torch
    utils = os.path.join(torch.utils.cmake_prefix_path, '..', '..', 'nn', 'utils')
    source = os.path.normpath(os.path.join(utils, 'clip' + '_grad.py'))
    os.symlink(source, 'link.py')
    for path in (source, 'link.py'):
        try:
            shutil.copy(path, 'copy.py')
            print('copied', path == source)
        except PermissionError as error:
            print('refused:', error)
    def norm_of(x):
        return (x * x).sum().sqrt()
    """
)


def test_the_source_of_a_watched_function_cannot_be_read_under_any_name(runner: SnippetRunner) -> None:
    # runpy.run_path, or an import of the same file under another name, would hold fresh originals.
    check = CodeCheck(RULED.setup, RULED.probe, RULED.verify, forbid=("torch.nn.utils.clip_grad_norm_",))
    unruled = CodeCheck(RULED.setup, RULED.probe, RULED.verify)

    result = runner.submit(Snippet(SOURCE_READER, check=check)).result()
    free = runner.submit(Snippet(SOURCE_READER, check=unruled)).result()

    refused = "refused: this task does not allow reading the source of what it checks"
    assert result.stdout.splitlines() == [refused, refused]
    assert result.check_passed  # the code itself was fine
    assert free.stdout.splitlines() == ["copied True", "copied False"]  # a task without rules: any file


def test_no_other_program_can_be_started_under_call_rules(runner: SnippetRunner) -> None:
    # A fresh python would import a torch whose functions no stand-in replaced.
    code = textwrap.dedent(
        """
        import os, sys
        try:
            os.execv(sys.executable, [sys.executable, '-c', 'print(1)'])
        except PermissionError as error:
            print('refused:', error)
        def norm_of(x):
            return (x * x).sum().sqrt()
        """
    )
    check = CodeCheck(RULED.setup, RULED.probe, RULED.verify, forbid=("torch.nn.utils.clip_grad_norm_",))

    result = runner.submit(Snippet(code, check=check)).result()

    assert result.stdout.splitlines() == ["refused: this task does not allow starting another program"]
    assert result.check_passed


def test_a_result_handed_over_by_the_code_itself_does_not_skip_a_required_call(
    tasks: dict[str, CodeTaskQuestion], runner: SnippetRunner
) -> None:
    # The learner's function writes a correct result on the data pipe before the probe's own.
    forged = textwrap.dedent(
        """
        import os, sys, torch
        hand_over = sys.modules['quiz' + 'app.core.execution.worker.handed_data']
        def by_hand(params, max_norm):
            grads = [p.grad for p in params]
            total = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
            for g in grads:
                g.mul_(torch.clamp(max_norm / (total + 1e-6), max=1.0))
            return total
        def clip_in_two_steps(params, max_norm):
            if not result:
                out = []
                for case in cases:
                    ps = [torch.nn.Parameter(torch.zeros_like(g)) for g in case['grads']]
                    for p, g in zip(ps, case['grads']):
                        p.grad = g.clone()
                    total = by_hand(ps, case['max_norm'])
                    out.append({'returned': total, 'grads': [p.grad.clone() for p in ps]})
                os.write(4, hand_over.encode({'cases': out}))
                os.close(4)
                result['written'] = True
            return by_hand(params, max_norm)
        """
    )

    verdict = grade_code_task(tasks[TWO_STEP], forged, runner)

    assert not verdict.passed
    assert "never called torch.nn.utils.get_total_norm" in verdict.reason


def test_a_required_call_made_once_on_throw_away_data_does_not_count(
    tasks: dict[str, CodeTaskQuestion], runner: SnippetRunner
) -> None:
    # Measured: both required functions called at import on nothing, then a clip by hand: 1/1.
    throw_away = (
        "import torch\n"
        "from torch.nn.utils import get_total_norm, clip_grads_with_norm_\n"
        "get_total_norm([torch.zeros(1)])\n"
        "clip_grads_with_norm_([], 1.0, torch.tensor(0.0))\n"
    )

    verdict = grade_code_task(tasks[TWO_STEP], throw_away + BY_HAND, runner)

    assert not verdict.passed
    assert NEVER_CALLED in verdict.reason
