"""``quizapp grade --format canvas|moodle --roster``: real submission files in, the LMS's CSV out."""

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from quizapp.core.model.questions import TrueFalseQuestion
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
TRUE_FALSE = [q for q in QUESTIONS if isinstance(q, TrueFalseQuestion)][:2]


def quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "QUIZAPP_DB": str(cwd / "attempts.sqlite3")},
    )


def submit(folder: Path, learner: str, rights: list[bool]) -> str:
    responses = [
        {
            "question_id": q.id,
            "question_hash": question_hash(q),
            "answer": q.answer == right,
            "answered_at": "2026-01-05T09:59:00+00:00",
        }
        for q, right in zip(TRUE_FALSE, rights, strict=True)
    ]
    document = {
        "format": "quizapp-submission",
        "version": 1,
        "app_version": "0.1.0",
        "learner": learner,
        "quiz": "Week 1",
        "mode": "exam",
        "seed": 1,
        "bank_fingerprint": bank_fingerprint(QUESTIONS),
        "responses": responses,
        "questions": [q.id for q in TRUE_FALSE],
        "submitted_at": "2026-01-05T10:00:00+00:00",
    }
    (folder / f"{learner}.json").write_text(json.dumps(document))
    return f"{learner}.json"


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def test_grade_writes_canvas_and_moodle_gradebooks_and_lists_who_is_missing(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(
        "learner,name,email,sis_id,canvas_id,section\n"
        'ada,"Lovelace, Ada",ada@example.org,S1,101,A\n'
        'bob,"Bob ""B"" Smith",bob@example.org,S2,102,B\n'
        "carol,Carol,carol@example.org,S3,103,B\n",
        encoding="utf-8",
    )
    files = [submit(tmp_path, "ada", [True, True]), submit(tmp_path, "bob", [True, False])]
    files.append(submit(tmp_path, "dave", [False, False]))
    points = [q.points for q in TRUE_FALSE]

    common = ["grade", *files, "--bank", str(BANK), "--roster", "roster.csv"]
    ids = ["--canvas-id", "Week 1=4711", "--canvas-id", "Week 9=12"]
    canvas = quizapp(*common, "--format", "canvas", *ids, "--out", "c.csv", cwd=tmp_path)
    moodle = quizapp(*common, "--format", "moodle", "--out", "m.csv", "--missing-as-zero", cwd=tmp_path)

    # dave is graded but not on the roster: listed, not in the file, exit 1 so a script notices.
    for result in (canvas, moodle):
        assert result.returncode == 1, result.stderr
        assert "not on the roster, so not in" in result.stderr
        assert "dave" in result.stderr
        assert "quiz Week 1: no submission from 1 on the roster" in result.stderr
        assert "carol" in result.stderr
        assert "Traceback" not in result.stderr
    assert "(an empty cell): carol" in canvas.stderr
    assert "--canvas-id: no graded quiz is titled 'Week 9'" in canvas.stderr
    assert "(0 points (--missing-as-zero)): carol" in moodle.stderr
    assert "quiz Week 1: out of " in moodle.stdout
    assert "Moodle: map users from 'ID number' or 'Email address'" in moodle.stdout

    assert read(tmp_path / "c.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 1 (4711)"],
        ["Points Possible", "", "", "", "", f"{sum(points):g}"],
        ["Lovelace, Ada", "101", "S1", "", "A", f"{sum(points):g}"],
        ['Bob "B" Smith', "102", "S2", "", "B", f"{points[0]:g}"],
    ]
    assert read(tmp_path / "m.csv") == [
        ["Full name", "ID number", "Email address", "Week 1"],
        ["Lovelace, Ada", "S1", "ada@example.org", f"{sum(points):g}"],
        ['Bob "B" Smith', "S2", "bob@example.org", f"{points[0]:g}"],
        ["Carol", "S3", "carol@example.org", "0"],
    ]


MOODLE = ["--format", "moodle", "--roster", "r.csv", "--out", "g.csv"]
ONE = "learner\nada\n"


@pytest.mark.parametrize(
    ("args", "roster", "message"),
    [
        (["--format", "canvas", "--out", "g.csv"], None, "--format canvas needs --roster FILE and --out"),
        (["--roster", "r.csv"], ONE, "--roster, --canvas-id and --missing-as-zero go with --format"),
        ([*MOODLE, "--canvas-id", "Week 1=1"], ONE, "--canvas-id goes with --format canvas"),
        (
            ["--format", "canvas", "--roster", "r.csv", "--out", "g.csv", "--canvas-id", "Week 1"],
            ONE,
            "write QUIZ=ID",
        ),
        ([*MOODLE, "--wide"], ONE, "drop --wide"),
        (MOODLE, "learner,email\nada,a@x\nada,b@x\n", "r.csv:3: learner 'ada' is on line 2 too"),
        (MOODLE, "learner,email\nada,a@x\nbob,\n", "r.csv:3: bob has no email"),
        (MOODLE, "", "r.csv: the roster is empty"),
    ],
)
def test_bad_options_or_rosters_stop_before_any_grading(
    args: list[str], roster: str | None, message: str, tmp_path: Path
) -> None:
    if roster is not None:
        (tmp_path / "r.csv").write_text(roster, encoding="utf-8")
    result = quizapp("grade", "never-read.json", *args, cwd=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="runs hide paths only where the worker runs as root")
def test_a_code_answer_cannot_read_the_roster_or_the_scores_file(tmp_path: Path) -> None:
    # The grader's files in a place runs could otherwise read (a run's /tmp is its own).
    grader = Path(tempfile.mkdtemp(prefix="quizapp-test-grader-", dir="/run"))
    grader.chmod(0o755)
    try:
        roster_text = "learner,name,email\nalice,SECRET-ROSTER,alice@example.org\n"
        (grader / "roster.csv").write_text(roster_text, encoding="utf-8")
        (grader / "g.csv").write_text("SECRET-SCORES\n", encoding="utf-8")
        for path in grader.iterdir():
            path.chmod(0o644)
        task = next(q for q in QUESTIONS if q.id == "task-clip-by-value")
        peek = (
            "texts = []\n"
            f"for path in {[str(grader / 'roster.csv'), str(grader / 'g.csv')]!r}:\n"
            "    try:\n        texts.append(open(path).read())\n"
            "    except OSError as error:\n        texts.append(type(error).__name__)\n"
            "raise ValueError(' | '.join(texts))\n"
        )
        response = {
            "question_id": task.id,
            "question_hash": question_hash(task),
            "answer": peek,
            "answered_at": "2026-01-05T09:59:00+00:00",
        }
        document = {
            "format": "quizapp-submission",
            "version": 1,
            "app_version": "0.1.0",
            "learner": "alice",
            "quiz": "Week 1",
            "mode": "exam",
            "seed": 1,
            "bank_fingerprint": bank_fingerprint(QUESTIONS),
            "responses": [response],
            "questions": [task.id],
            "submitted_at": "2026-01-05T10:00:00+00:00",
        }
        (tmp_path / "alice.json").write_text(json.dumps(document))
        roster, scores = str(grader / "roster.csv"), str(grader / "g.csv")

        result = quizapp(
            "grade", "alice.json", "--bank", str(BANK), *["--format", "moodle", "--roster", roster],
            *["--out", scores], cwd=tmp_path,
        )  # fmt: skip

        reason = next(line for line in result.stdout.splitlines() if task.id in line)
        # Both files read as empty in the run (hidden files are blanked), so the reason the
        # grader exports carries neither the roster nor the earlier scores.
        assert reason.endswith("Your code raised ValueError:  | "), result.stdout
        assert "SECRET" not in result.stdout.replace(
            "SECRET-ROSTER,,alice@example.org", ""
        )  # only the gradebook line itself names alice
    finally:
        shutil.rmtree(grader)
