"""The bank loaded in a forked child comes back whole, or not at all (and the app then loads it)."""

import os
import pickle
from pathlib import Path

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.bank_preload import BankPreload
from quizapp.core.errors import BankError
from quizapp.services import make_services
from tests.paths import BANK, BROKEN


def test_the_child_hands_over_the_bank_the_app_would_load() -> None:
    preload = BankPreload.start([BANK])
    assert preload is not None

    taken = preload.take([BANK])

    assert taken is not None
    here = load_bank([BANK], check_snippet_syntax=False)
    assert [q.id for q in taken.bank.questions] == [q.id for q in here.bank.questions]
    assert taken.bank.questions == here.bank.questions
    assert taken.problems == here.problems


def test_a_broken_bank_comes_back_with_its_problems() -> None:
    preload = BankPreload.start([BROKEN])
    assert preload is not None
    taken = preload.take([BROKEN])
    assert taken is not None
    assert taken.problems == load_bank([BROKEN], check_snippet_syntax=False).problems


def test_a_preload_of_other_paths_is_not_used(tmp_path: Path) -> None:
    preload = BankPreload.start([BROKEN])
    assert preload is not None
    services = make_services(
        bank_paths=[BANK], db_path=tmp_path / "a.sqlite3", learner="ada", preload=preload
    )
    try:
        assert not services.bank.problems  # the shipped bank, loaded here, not the broken one
        assert services.bank.bank.questions
    finally:
        services.close()


def test_a_missing_bank_is_reported_by_the_app_as_without_a_preload(tmp_path: Path) -> None:
    missing = tmp_path / "no-bank"
    preload = BankPreload.start([missing])
    assert preload is not None
    with pytest.raises(BankError, match="no-bank"):
        make_services(bank_paths=[missing], db_path=tmp_path / "a.sqlite3", learner="ada", preload=preload)


def test_a_child_that_died_mid_write_leaves_the_loading_to_the_app() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, pickle.dumps(load_bank([BANK], check_snippet_syntax=False))[:1000])
    os.close(write_end)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - a stand-in child that is already gone
        os._exit(1)
    assert BankPreload((BANK,), pid, read_end).take([BANK]) is None
