"""Installing quizapp: the bank ships inside the package and is found with no environment variable."""

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from quizapp import locations
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.loaded_bank import find_quiz_files
from quizapp.core.model.code_questions import CodeOutputQuestion
from quizapp.core.session.question_selection import select_questions
from tests.paths import BANK, ROOT

_SOURCES = ("pyproject.toml", "setup.py", "README.md", "quizapp", "question_bank")
"""What a build reads from the checkout (copied, so that the build writes nothing there)."""


def test_the_environment_variable_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(locations.BANK_ENV, str(tmp_path / "mine"))
    (tmp_path / "question_bank").mkdir()
    monkeypatch.chdir(tmp_path)

    assert locations.default_bank_path() == tmp_path / "mine"


def test_a_question_bank_folder_in_the_current_directory_comes_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(locations.BANK_ENV, raising=False)
    (tmp_path / "question_bank").mkdir()
    monkeypatch.chdir(tmp_path)

    assert locations.default_bank_path().resolve() == tmp_path / "question_bank"


def test_a_checkout_elsewhere_finds_the_bank_beside_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(locations.BANK_ENV, raising=False)
    monkeypatch.chdir(tmp_path)

    # In a checkout (an editable install) the package holds no bank of its own.
    assert locations.installed_bank_path() is None
    assert locations.default_bank_path() == BANK


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist")
    for name in _SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    # Without isolation when this environment's setuptools can build the project: no download.
    setuptools_major = int(importlib.metadata.version("setuptools").split(".")[0])
    isolation = ["--no-build-isolation"] if setuptools_major >= 77 else []
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", *isolation, "-w", str(dist)])
    [wheel] = dist.glob("quizapp-*.whl")
    return wheel


_LEFT_TO_PIP = {"setuptools", "pip"}
"""Distributions a fresh venv has a version of its own: pip settles them as for any install."""


def _link_torch(site_packages: Path) -> None:
    """Link torch and what it requires from this environment into ``site_packages``.

    What is under test is quizapp's wheel, not torch's: a copy of torch (some 750 MB to unpack
    and byte-compile) would add a minute to the suite. pip then finds torch installed, as on a
    machine that installed it first as README says, and installs the rest of quizapp's needs.
    """
    seen: set[str] = set()
    wanted = ["torch"]
    while wanted:
        distribution = importlib.metadata.distribution(wanted.pop())
        name = canonicalize_name(distribution.metadata["Name"])
        if name in seen or name in _LEFT_TO_PIP:
            continue
        seen.add(name)
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)
        located = Path(str(distribution.locate_file("")))
        for top in {
            file.parts[0] for file in distribution.files or [] if file.parts[0] not in ("..", "__pycache__")
        }:
            if not (site_packages / top).exists():
                (site_packages / top).symlink_to(located / top)


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=540, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result  # type: ignore[no-any-return]


def _single_line_code_question(bank: Path) -> tuple[int, CodeOutputQuestion]:
    """A seed whose one drawn code_output question has a written one-line key."""
    questions = load_bank([bank]).bank.questions
    for seed in range(200):
        [question] = select_questions(questions, seed=seed, count=1, types=["code_output"])
        assert isinstance(question, CodeOutputQuestion)
        if question.answer and "\n" not in question.answer.strip():
            return seed, question
    raise AssertionError("the bank has no code_output question with a one-line key")


@pytest.fixture
def own_tmp() -> Iterator[Path]:
    """A directory of this test's own, under the checkout's (ignored) build/.

    Not pytest's tmp_path: other pytest runs on a shared machine prune that base directory.
    Not under /tmp: as root, every snippet run gets a private /tmp, which would hide the venv.
    """
    (ROOT / "build").mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="quizapp-install-", dir=ROOT / "build"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_runs_from_the_root_directory(own_tmp: Path) -> None:
    tmp_path = own_tmp
    wheel = _build_wheel(tmp_path)
    # The bank as it was copied for the build (authors may add files to the checkout meanwhile).
    bank = tmp_path / "source" / "question_bank"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {name for name in names if name.startswith("quizapp/question_bank/")}
    assert "quizapp/core/grading/known_words.txt" in names  # explain answers are read with it
    assert {f"quizapp/question_bank/{path.name}" for path in find_quiz_files([bank])} <= shipped
    assert "quizapp/question_bank/README.md" in shipped

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    _link_torch(site_packages)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel)])

    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QUIZAPP_", "VIRTUAL_ENV"))}
    env |= {"HOME": str(home), "PYTHONPATH": ""}
    quizapp = str(venv / "bin" / "quizapp")

    report = json.loads(_run([quizapp, "validate", "--format", "json"], cwd="/", env=env).stdout)
    assert report["ok"] is True
    assert report["questions"] == len(load_bank([bank]).bank.questions)
    assert all(
        Path(name).is_relative_to(site_packages / "quizapp" / "question_bank") for name in report["files"]
    )

    # The worker starts from the installed package and imports the venv's own torch.
    first_file = site_packages / "quizapp" / "question_bank" / "01-exploding-gradients.yaml"
    checked = _run([quizapp, "validate", "--run", str(first_file)], cwd="/", env=env).stdout
    assert "0 wrong" in checked, checked

    seed, question = _single_line_code_question(bank)
    db = tmp_path / "attempts.sqlite3"
    take = [quizapp, "take", "--plain", "--mode", "exam", "--type", "code_output", "--count", "1"]
    taken = _run(
        [*take, "--seed", str(seed), "--db", str(db), "--learner", "ada"],
        cwd="/",
        env=env,
        input=f"{question.answer}\n",
    )
    assert "Answer recorded." in taken.stdout
    assert "Score: 1 / 1 (100%)" in taken.stdout, taken.stdout
    assert db.is_file()
