"""``quizapp validate --run`` reports every key that disagrees with real PyTorch, at its line."""

import subprocess
import sys

from tests.cli.validate_runs import problems_by_place, validate_run
from tests.paths import WRONG_KEYS

FIXTURE = WRONG_KEYS / "wrong.yaml"


def test_wrong_keys_are_reported_at_their_line_with_what_torch_did() -> None:
    result, report = validate_run(FIXTURE)

    found = problems_by_place(report)
    assert result.returncode == 1
    assert sorted(found) == [
        (13, "questions[0].answer"),
        (38, "questions[2].answer"),
        (48, "questions[3].answer"),
        (54, "questions[4].starter"),
        (78, "questions[5].solution"),
        (92, "questions[6].answer"),
        (98, "questions[7].code"),
    ]
    assert found[(13, "questions[0].answer")] == (
        "wrong-printed-norm: the key says '5.0' but PyTorch printed '10.0'"
    )
    assert (
        "the key says 'ValueError' but the snippet gave RuntimeError: The total norm"
        in found[(38, "questions[2].answer")]
    )
    assert "gave no error" in found[(48, "questions[3].answer")]
    assert "already passes the check" in found[(54, "questions[4].starter")]
    assert "fails its check: check failed: the norm is not 1" in found[(78, "questions[5].solution")]
    assert "timed out" in found[(92, "questions[6].answer")]
    assert (
        "with g='None', the snippet raised RuntimeError: Could not infer dtype"
        in found[(98, "questions[7].code")]
    )
    assert report["keys"] == {**report["keys"], "device": "cpu", "questions": 8, "runs": 12, "wrong": 7}


def test_the_shipped_bank_verifies_on_cpu() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", "--run"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=FIXTURE.parents[3],
    )

    assert result.returncode == 0, result.stdout
    assert "keys verified, 0 wrong." in result.stdout
