"""``quizapp take --plain``: a print whose key spans lines is typed line by line, ending with '.'."""

import subprocess
from pathlib import Path

import pytest

from quizapp.cli.plain_answers import ask_text
from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.code_questions import CodeOutputQuestion
from quizapp.core.records.attempt_store import AttemptStore
from tests.cli.command_line import run_quizapp
from tests.paths import BANK

QUESTIONS = {question.id: question for question in load_bank([BANK]).bank.questions}
DTYPES, LIMITS = "total-norm-dtype", "limit-equal-to-norm-vs-larger"
SEVERAL_LINES = (
    "What does it print? (several lines; end with a line holding only '.'; ? for a hint, Enter to skip):"
)


def key_lines(question_id: str) -> list[str]:
    """The lines of a shipped question's written key."""
    question = QUESTIONS[question_id]
    assert isinstance(question, CodeOutputQuestion)
    assert question.answer is not None
    return question.answer.strip().splitlines()


def typed(*lines: str) -> str:
    """What a script pipes in: one line each."""
    return "".join(f"{line}\n" for line in lines)


def quizapp(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m quizapp ARGS`` in a bare environment, its database and files in ``tmp_path``."""
    return run_quizapp(*args, cwd=tmp_path, stdin=stdin)


def take(tmp_path: Path, stdin: str, *rules: str) -> subprocess.CompletedProcess[str]:
    """Assign the two questions of the report (with ``rules``), then take the assignment from a pipe."""
    questions = ("--question", DTYPES, "--question", LIMITS)
    made = quizapp(tmp_path, "assign", "-o", "ml.json", "--title", "ML", *questions, "--seed", "1", *rules)
    assert made.returncode == 0, made.stderr
    return quizapp(tmp_path, "take", "--plain", "--assignment", "ml.json", "--learner", "atk", stdin=stdin)


def stored(tmp_path: Path) -> list[tuple[object, float]]:
    """The answers stored for the learner's one session, with their scores."""
    with AttemptStore(tmp_path / "attempts.sqlite3") as store:
        [session] = store.sessions("atk")
        return [(response.answer, response.score) for response in store.responses(session.id)]


def test_exactly_the_keys_that_span_lines_are_asked_for_on_several_lines() -> None:
    several = {id_ for id_, question in QUESTIONS.items() if ask_text(question) == SEVERAL_LINES}
    one_line = {id_ for id_, question in QUESTIONS.items() if "(one line;" in ask_text(question)}

    assert several == {
        "clipped-grad-prints-rounded",
        "limit-equal-to-norm-vs-larger",
        "total-norm-dtype",
        "param-groups-vs-global",
        "clipping-stops-divergence",
        "same-limit-three-norms",
    }
    assert (
        one_line
        == {id_ for id_, question in QUESTIONS.items() if isinstance(question, CodeOutputQuestion)} - several
    )


def test_right_answers_typed_line_by_line_score_full(tmp_path: Path) -> None:
    result = take(tmp_path, typed(*key_lines(DTYPES), ".", *key_lines(LIMITS), "."))

    assert result.returncode == 0, result.stderr
    assert f"{SEVERAL_LINES}\n> torch.bfloat16\n> torch.float32\n> .\nAnswer recorded." in result.stdout
    assert "Score: 2 / 2 (100%)" in result.stdout
    assert stored(tmp_path) == [("torch.bfloat16\ntorch.float32", 1.0), ("10.0 False\n20.0 True", 1.0)]


def test_wrong_answers_of_several_lines_score_nothing(tmp_path: Path) -> None:
    # the report's answers on one line each, then the right lines in the wrong order
    result = take(tmp_path, typed("torch.bfloat16 torch.float32", ".", *reversed(key_lines(LIMITS)), "."))

    assert result.returncode == 0, result.stderr
    assert "Score: 0 / 2 (0%)" in result.stdout
    assert stored(tmp_path) == [("torch.bfloat16 torch.float32", 0.0), ("20.0 True\n10.0 False", 0.0)]


def test_a_blank_line_inside_an_answer_is_part_of_it(tmp_path: Path) -> None:
    """As in the full-screen box: an empty print() is a line of output, so it counts."""
    result = take(tmp_path, typed(*key_lines(DTYPES), ".", "10.0 False", "   ", "20.0 True", "."))

    assert result.returncode == 0, result.stderr
    assert stored(tmp_path) == [("torch.bfloat16\ntorch.float32", 1.0), ("10.0 False\n\n20.0 True", 0.0)]


def test_the_end_line_may_have_spaces_and_lines_may_end_in_crlf(tmp_path: Path) -> None:
    stdin = "torch.bfloat16  \r\ntorch.float32\r\n .\t\r\n10.0 False\n20.0 True\n  .  \n"

    result = take(tmp_path, stdin)

    assert result.returncode == 0, result.stderr
    assert "Score: 2 / 2 (100%)" in result.stdout
    assert stored(tmp_path)[0] == ("torch.bfloat16\ntorch.float32", 1.0)


def test_end_of_input_inside_an_answer_keeps_it_and_the_session_to_resume(tmp_path: Path) -> None:
    result = take(tmp_path, typed(*key_lines(DTYPES)))  # no '.': the input ends inside the answer

    assert result.returncode == 3, result.stderr
    assert "> torch.float32\n(end of input)\nAnswer recorded." in result.stdout
    assert "End of input: 1 question not answered." in result.stdout
    assert stored(tmp_path) == [("torch.bfloat16\ntorch.float32", 1.0)]

    resumed = quizapp(
        tmp_path, "take", "--plain", "--resume", "--learner", "atk", stdin=typed(*key_lines(LIMITS))
    )

    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming session 1: 1 answered so far." in resumed.stdout
    assert "Score: 2 / 2 (100%)" in resumed.stdout


def test_hints_skips_and_retries_work_as_for_one_line_answers(tmp_path: Path) -> None:
    lines = key_lines(DTYPES)
    stdin = typed("?", *reversed(lines), ".", "retry", *lines, ".", "")

    result = take(tmp_path, stdin, "--mode", "practice", "--hints", "--attempts", "2")

    assert result.returncode == 0, result.stderr
    assert f"{SEVERAL_LINES}\n> ?\nHint: {QUESTIONS[DTYPES].hints[0]}\n{SEVERAL_LINES}\n" in result.stdout
    assert "Not quite: 0 of 1 point." in result.stdout
    assert "> retry\n" in result.stdout
    assert "Correct: 0.9 of 1 point (a retry: practice, not scored)." in result.stdout
    assert f"{SEVERAL_LINES}\n> \nSkipped." in result.stdout
    assert [answer for answer, _ in stored(tmp_path)] == ["torch.float32\ntorch.bfloat16", "\n".join(lines)]


def test_hints_stay_off_when_the_assignment_turns_them_off(tmp_path: Path) -> None:
    result = take(tmp_path, typed("?", *key_lines(DTYPES), ".", "."))

    assert result.returncode == 0, result.stderr
    assert "No hints: they are off in this assignment." in result.stdout
    assert f"{SEVERAL_LINES}\n> .\nSkipped." in result.stdout  # '.' at once: nothing typed
    assert "Score: 1 / 2 (50%)" in result.stdout


@pytest.mark.parametrize("line_chars", [10_000, 100])
def test_an_answer_longer_than_any_is_refused_and_asked_for_again(tmp_path: Path, line_chars: int) -> None:
    count = 30_000 // line_chars
    flood = ["x" * line_chars] * count

    result = take(tmp_path, typed(*flood, ".", *key_lines(DTYPES), ".", *key_lines(LIMITS), "."))

    assert result.returncode == 0, result.stderr
    length = count * line_chars + count - 1
    assert f"This answer is {length:,} characters long; an answer may be at most 20,000." in result.stdout
    assert "Score: 2 / 2 (100%)" in result.stdout  # refused, not graded: the exam's one attempt is left
    assert len(result.stdout) < 200 * count + 10_000  # each long line is echoed cut
