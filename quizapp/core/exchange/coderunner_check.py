"""A code task's hidden check as one CodeRunner test: Python run after the learner's answer.

quizapp runs a check in three parts (``setup`` and ``verify`` in a checker process, ``probe``
after the learner's code; see ``CodeTaskCheck``). CodeRunner runs the answer and the test
in one program, so the test keeps the parts apart as well as one process allows: ``setup``
and ``verify`` run in a namespace of their own, and only ``cases`` (a copy) and ``result``
cross over. It is the LMS's sandbox that isolates the learner's code from the grader there.
A check's call rules (``forbid``, ``require``) need stand-ins in place before the answer
runs, which a test appended after it cannot do: the test says so in a comment, and the
rules hold only when quizapp grades.
"""

from quizapp.core.model.code_questions import CodeTaskCheck

PASSED = "All checks passed."
"""What the test prints when the check accepts the answer."""


def coderunner_test_code(check: CodeTaskCheck) -> str:
    """The test code that runs ``check`` after the learner's answer and prints ``PASSED``.

    Args:
        check: The code task's hidden check.

    Returns:
        Python source to append to the learner's answer.
    """
    rules = [
        f"{name}: {', '.join(paths)}"
        for name, paths in (("forbid", check.forbid), ("require", check.require))
        if paths
    ]
    unenforced = [f"# Not enforced here (quizapp enforces them): {'; '.join(rules)}."] if rules else []
    return "\n".join(
        (
            "# quizapp's check: setup and verify in a namespace of their own; the probe after the answer.",
            *unenforced,
            "import copy as _quizapp_copy",
            "import random as _quizapp_random",
            "import torch as _quizapp_torch",
            "",
            "_quizapp_checker = {}",
            "_quizapp_torch.manual_seed(0)",
            "_quizapp_random.seed(0)",
            f"exec(compile({check.setup!r}, 'setup', 'exec'), _quizapp_checker)",
            "cases = _quizapp_copy.deepcopy(_quizapp_checker.get('cases'))",
            "result = {}",
            f"exec(compile({check.probe!r}, 'probe', 'exec'), globals())",
            "_quizapp_checker['result'] = _quizapp_copy.deepcopy(result)",
            f"exec(compile({check.verify!r}, 'verify', 'exec'), _quizapp_checker)",
            f"print({PASSED!r})",
        )
    )
