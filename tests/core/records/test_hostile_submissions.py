"""Submission and assignment files a hostile learner (or a careless editor) could hand a grader."""

import codecs
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.fingerprints import bank_fingerprint, question_hash
from quizapp.core.model.questions import CodeTaskQuestion, SingleChoiceQuestion, TrueFalseQuestion
from quizapp.core.records.assignments import Assignment, AssignmentError, read_assignment, write_assignment
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.gradebook import counted_rows, set_aside_duplicates
from quizapp.core.records.submissions import (
    RETRIES_RUN,
    GradedSubmission,
    NotGradable,
    read_submission,
    regrade_files,
    regrade_source,
    write_submission,
)
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.session_starter import SessionStarter
from tests.fakes import ScriptedJudge
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions
SINGLE = next(
    q for q in QUESTIONS if isinstance(q, SingleChoiceQuestion) and not getattr(q, "parameters", None)
)
TRUE_FALSE = next(
    q for q in QUESTIONS if isinstance(q, TrueFalseQuestion) and not getattr(q, "parameters", None)
)
EXAM = Assignment(title="Week 1", mode="exam", seed=41, questions=(SINGLE.id, TRUE_FALSE.id))


def handed_in(tmp_path: Path, assignment: Assignment = EXAM, name: str = "ada") -> Path:
    """Ada takes ``assignment`` and answers every question rightly; her submission file."""
    with AttemptStore(tmp_path / f"{name}.sqlite3") as store:
        session = SessionStarter(QUESTIONS, learner="ada", store=store).start(
            QuizRequest.for_assignment(assignment), seed=0
        )
        session.answer(SINGLE.answer)
        session.next()
        session.answer(TRUE_FALSE.answer)
        session.finish()
        assert session.session_id is not None
        path = tmp_path / f"{name}.json"
        write_submission(store, session.session_id, path)
    return path


def test_a_byte_order_mark_before_a_submission_or_an_assignment_is_skipped(tmp_path: Path) -> None:
    # Measured: either file saved by a Windows editor gave "Invalid JSON: expected value at line 1 column 1".
    write_assignment(EXAM, tmp_path / "week1.json")
    marked_assignment = tmp_path / "week1-bom.json"
    marked_assignment.write_bytes(codecs.BOM_UTF8 + (tmp_path / "week1.json").read_bytes())
    path = handed_in(tmp_path)
    marked = tmp_path / "ada-bom.json"
    marked.write_bytes(codecs.BOM_UTF8 + path.read_bytes())

    assignment = read_assignment(marked_assignment)
    [graded] = regrade_files([marked], QUESTIONS, judge=None, assignment=assignment)

    assert assignment == EXAM
    assert isinstance(graded, GradedSubmission)
    assert sum(row.score for row in graded.rows) == 2.0


def edited(path: Path, change: Callable[[dict[str, Any]], object], name: str = "edited") -> Path:
    """A copy of the submission at ``path`` with ``change`` applied to its JSON."""
    data = json.loads(path.read_text())
    change(data)
    out = path.with_name(f"{name}-{path.name}")
    out.write_text(json.dumps(data))
    return out


def test_a_seed_no_session_could_have_is_not_gradable(tmp_path: Path) -> None:
    huge = edited(handed_in(tmp_path), lambda data: data.update(seed=2**70))

    [result] = regrade_files([huge], QUESTIONS, judge=None)

    assert isinstance(result, NotGradable)
    assert result.reason == "not a quizapp submission (seed: Input should be less than 9223372036854775808)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hints": "yes"}, "(hints: Input should be a valid boolean)"),
        ({"hints": 1}, "(hints: Input should be a valid boolean)"),
        ({"attempts": "3"}, "(attempts: Input should be a valid integer)"),
        ({"seed": "41"}, "(seed: Input should be a valid integer)"),
        ({"time_limit_s": "600"}, "(time_limit_s: Input should be a valid number)"),
        ({"rule": {"count": "3"}}, "(rule.count: Input should be a valid integer)"),
        (
            {"questions": [TRUE_FALSE.id] * 3},
            f"(questions: a question may be assigned once; named more than once: {TRUE_FALSE.id})",
        ),
    ],
)
def test_an_assignment_file_is_read_strictly(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    # Measured: "hints": "yes" turned hints on, and one question listed three times was asked three times.
    write_assignment(EXAM, tmp_path / "week1.json")
    data = json.loads((tmp_path / "week1.json").read_text())
    (tmp_path / "week1.json").write_text(json.dumps({**data, **change}))

    with pytest.raises(AssignmentError) as refused:
        read_assignment(tmp_path / "week1.json")

    assert str(refused.value) == f"{tmp_path / 'week1.json'} is not a quizapp assignment {message}"


def test_a_submission_is_read_strictly_too(tmp_path: Path) -> None:
    path = handed_in(tmp_path)
    texts = edited(path, lambda data: data["responses"][0].update(hints_used="0"), "texts")

    [result] = regrade_files([texts], QUESTIONS, judge=None)

    assert isinstance(result, NotGradable)
    assert (
        result.reason == "not a quizapp submission (responses.0.hints_used: Input should be a valid integer)"
    )


def test_an_assignment_submission_graded_without_the_assignment_is_refused(tmp_path: Path) -> None:
    # Measured: graded as self-study against its own question list, a file with the wrong
    # answers and their questions deleted scored 100% under the assignment's title.
    path = handed_in(tmp_path)
    trimmed = edited(
        path,
        lambda data: data.update(
            questions=[SINGLE.id], responses=[r for r in data["responses"] if r["question_id"] == SINGLE.id]
        ),
    )

    results = regrade_files([path, trimmed], QUESTIONS, judge=None)

    expected = (
        f"it was taken from assignment {EXAM.fingerprint}: grade it against that assignment "
        "(quizapp grade --assignment FILE), not as self-study"
    )
    assert [(type(r), getattr(r, "reason", "")) for r in results] == [(NotGradable, expected)] * 2


GRADED_AT = datetime(2026, 1, 6, 12, 0, tzinfo=UTC)


def timed(
    tmp_path: Path,
    name: str = "timed",
    *,
    submitted: str = "2026-01-05T10:00:00+00:00",
    assignment: Assignment = EXAM,
) -> Path:
    """Ada's file with the times of a session started 09:00, answered 09:01 and 09:02, handed in at 10:00."""

    def retime(data: dict[str, Any]) -> None:
        data.update(started_at="2026-01-05T09:00:00.000+00:00", submitted_at=submitted)
        for n, response in enumerate(data["responses"], start=1):
            response["answered_at"] = f"2026-01-05T09:0{n}:00.000+00:00"

    return edited(handed_in(tmp_path, assignment, name), retime)


def regraded(path: Path, assignment: Assignment | None = EXAM) -> GradedSubmission | NotGradable:
    """``path`` graded against ``assignment`` on 2026-01-06 at noon, as ``quizapp grade`` grades a file."""
    load = lambda: read_submission(path)  # noqa: E731
    return regrade_source(path.name, load, QUESTIONS, judge=None, assignment=assignment, now=GRADED_AT)


def first_answer(**change: object) -> Callable[[dict[str, Any]], object]:
    return lambda data: data["responses"][0].update(change)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda data: data.update(submitted_at="9999-12-31T23:59:59+00:00"),
            "it was submitted at 9999-12-31T23:59:59+00:00, in the future "
            "(graded at 2026-01-06T12:00:00+00:00)",
        ),
        (lambda data: data.update(submitted_at=""), "(submitted_at: '' is not an ISO 8601 date and time)"),
        (lambda data: data.pop("submitted_at"), "(submitted_at: Field required)"),
        (
            lambda data: data.update(submitted_at="2026-01-05T10:00:00"),
            "(submitted_at: '2026-01-05T10:00:00' has no time zone (such as +00:00))",
        ),
        (
            lambda data: data.update(started_at="2026-01-06T12:06:00+00:00"),
            "it started at 2026-01-06T12:06:00+00:00, in the future",
        ),
        (
            lambda data: data.update(started_at="2026-01-05T11:00:00+00:00"),
            "it started at 2026-01-05T11:00:00+00:00, after it was submitted (2026-01-05T10:00:00+00:00)",
        ),
        (
            first_answer(answered_at="zzzz"),
            "(responses.0.answered_at: 'zzzz' is not an ISO 8601 date and time)",
        ),
        (first_answer(answered_at=""), "(responses.0.answered_at: '' is not an ISO 8601 date and time)"),
        (
            first_answer(answered_at="2026-01-05T08:59:59+00:00"),
            f"its answer to {SINGLE.id} is dated 2026-01-05T08:59:59+00:00, before its session started "
            "(2026-01-05T09:00:00.000+00:00)",
        ),
        (
            first_answer(answered_at="2026-01-05T10:00:02+00:00"),
            f"its answer to {SINGLE.id} is dated 2026-01-05T10:00:02+00:00, after it was submitted "
            "(2026-01-05T10:00:00+00:00)",
        ),
        (first_answer(seconds=float("inf")), "(responses.0.seconds: Input should be a finite number)"),
        (first_answer(seconds=float("nan")), "(responses.0.seconds: Input should be a finite number)"),
        (first_answer(seconds=-1), "(responses.0.seconds: Input should be greater than or equal to 0)"),
    ],
)
def test_times_no_session_writes_make_a_submission_not_gradable(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], reason: str
) -> None:
    # Measured: a submitted_at of 9999-12-31 or "", and an answered_at of "zzzz", were all graded.
    path = timed(tmp_path)
    broken = edited(path, change, "broken")

    fine, refused = regraded(path), regraded(broken)

    assert isinstance(fine, GradedSubmission)
    assert isinstance(refused, NotGradable)
    assert reason in refused.reason


def test_a_clock_a_little_ahead_of_the_graders_is_fine(tmp_path: Path) -> None:
    path = timed(tmp_path, submitted="2026-01-06T12:04:00+00:00")  # 4 minutes after "now"
    assert isinstance(regraded(path), GradedSubmission)


def test_the_submission_handed_in_last_counts_whatever_the_zone_of_its_time(tmp_path: Path) -> None:
    # Measured: "14:30+05:00" (09:30 UTC) beat "10:00+00:00" because "14" > "10" as text.
    earlier = timed(tmp_path, "earlier", submitted="2026-01-05T14:30:00+05:00")
    later = timed(tmp_path, "later", submitted="2026-01-05T10:00:00+00:00")
    results = [regraded(path) for path in (later, earlier)]  # the later one first on the command line
    graded = [result for result in results if isinstance(result, GradedSubmission)]

    rows, [duplicate] = set_aside_duplicates([row for result in graded for row in result.rows])

    assert duplicate.counted == later.name
    assert {row.session for row in rows if not row.not_counted} == {later.name}


def test_a_store_whose_times_have_no_zone_writes_them_as_utc(tmp_path: Path) -> None:
    path = handed_in(tmp_path)
    with AttemptStore(tmp_path / "ada.sqlite3") as store, store.connection(write=True) as connection:
        connection.execute("UPDATE response SET answered_at = '2026-01-05T09:01:00'")
        connection.execute("UPDATE session SET started_at = '2026-01-05T09:00:00'")
    with AttemptStore(tmp_path / "ada.sqlite3") as store:
        written = write_submission(store, 1, path)

    assert written.started_at == "2026-01-05T09:00:00+00:00"
    assert {r.answered_at for r in written.responses} == {"2026-01-05T09:01:00+00:00"}
    assert [type(result) for result in regrade_files([path], QUESTIONS, judge=None, assignment=EXAM)] == [
        GradedSubmission
    ]


TIMED = EXAM.model_copy(update={"time_limit_s": 600.0})


def scores(result: GradedSubmission | NotGradable) -> list[tuple[str, float, str, str]]:
    assert isinstance(result, GradedSubmission), result
    return [(row.question_id, row.score, row.reason, row.not_counted) for row in counted_rows(result.rows)]


def test_an_answer_after_the_time_limit_earns_nothing_and_says_why(tmp_path: Path) -> None:
    # Measured: an exam of 600 s gave full marks to an answer dated a day after its start.
    path = timed(tmp_path, assignment=TIMED, submitted="2026-01-06T10:00:00+00:00")
    a_day_late = edited(
        path, lambda data: data["responses"][1].update(answered_at="2026-01-06T09:02:00+00:00")
    )
    just_in_time = edited(  # stored 20 s past the limit: grading it took that long
        path, lambda data: data["responses"][1].update(answered_at="2026-01-05T09:10:20+00:00"), "in-time"
    )

    assert scores(regraded(a_day_late, TIMED)) == [
        (SINGLE.id, 1.0, "", ""),
        (
            TRUE_FALSE.id,
            0.0,
            "answered after the time limit: 86520 s after the start, the limit is 600 s",
            "",
        ),
    ]
    assert scores(regraded(just_in_time, TIMED)) == [(SINGLE.id, 1.0, "", ""), (TRUE_FALSE.id, 1.0, "", "")]


def test_a_timed_submission_that_does_not_say_when_it_started_is_not_gradable(tmp_path: Path) -> None:
    path = edited(timed(tmp_path, assignment=TIMED), lambda data: data.pop("started_at"))

    result = regraded(path, TIMED)

    assert isinstance(result, NotGradable)
    assert result.reason == "it does not say when it started, so the time limit (600 s) cannot be checked"


def test_a_second_answer_an_exam_would_have_refused_is_not_gradable(tmp_path: Path) -> None:
    # Measured: a right answer inserted before the wrong one, dated later, counted by file order.
    wrong = next(choice.id for choice in SINGLE.choices if choice.id != SINGLE.answer)
    path = timed(tmp_path)

    def second_try(data: dict[str, Any]) -> None:
        data["responses"][0]["answer"] = wrong
        retry = {**data["responses"][0], "answer": SINGLE.answer, "answered_at": "2026-01-05T09:30:00+00:00"}
        data["responses"].insert(0, retry)

    result = regraded(edited(path, second_try))

    assert isinstance(result, NotGradable)
    assert result.reason == (
        f"it has 2 answers to {SINGLE.id}, more than its session takes (this question was answered already)"
    )


def test_the_answer_given_first_counts_wherever_the_file_puts_it(tmp_path: Path) -> None:
    drill = Assignment(
        title="Drill", mode="practice", seed=3, questions=(SINGLE.id, TRUE_FALSE.id), attempts=2
    )
    wrong = next(choice.id for choice in SINGLE.choices if choice.id != SINGLE.answer)

    def wrong_first(data: dict[str, Any]) -> None:
        first = {**data["responses"][0], "answer": wrong}  # 09:01
        data["responses"].insert(
            0, {**first, "answer": SINGLE.answer, "answered_at": "2026-01-05T09:05:00+00:00"}
        )
        data["responses"][1] = first

    path = edited(timed(tmp_path, assignment=drill), wrong_first)
    once = drill.model_copy(update={"attempts": 1})
    path_once = edited(timed(tmp_path, "once", assignment=once), wrong_first)

    assert scores(regraded(path, drill)) == [
        (SINGLE.id, 0.0, "wrong answer", ""),
        (TRUE_FALSE.id, 1.0, "", ""),
        (SINGLE.id, 1.0, "", "a retry: the first answer to this question counts"),
    ]
    result = regraded(path_once, once)
    assert isinstance(result, NotGradable)
    assert result.reason == (
        f"it has 2 answers to {SINGLE.id}, more than its session takes "
        "(this question takes 1 attempt(s); go on to the next)"
    )


def test_a_practice_assignment_with_a_time_limit_is_refused(tmp_path: Path) -> None:
    data = {**json.loads(TIMED.model_dump_json()), "mode": "practice"}
    (tmp_path / "drill.json").write_text(json.dumps(data))

    with pytest.raises(
        AssignmentError, match=r"\(the file: a time limit is for exams; this assignment is practice\)"
    ):
        read_assignment(tmp_path / "drill.json")


def test_a_file_of_endless_code_retries_runs_only_the_first_few(tmp_path: Path) -> None:
    # Measured: three retries of `while True: pass` held the grader's runner 35 s, and a file
    # may hold 10,000 answers; only a question's first answer ever counts.
    task = next(q for q in QUESTIONS if isinstance(q, CodeTaskQuestion))
    with AttemptStore(tmp_path / "self.sqlite3") as store:
        session = store.start_session(
            "mallory",
            mode="practice",
            bank_fingerprint=bank_fingerprint(QUESTIONS),
            seed=1,
            question_ids=[task.id],
        )
        answers = [task.solution, *(f"while True:\n    pass  # {n}" for n in range(7))]
        for answer in answers:
            store.record_response(
                session,
                question_id=task.id,
                question_hash=question_hash(task),
                answer=answer,
                score=0.0,
                max_score=task.points,
            )
        store.finish_session(session)
        write_submission(store, session, tmp_path / "retries.json")
    judge = ScriptedJudge()

    [graded] = regrade_files([tmp_path / "retries.json"], QUESTIONS, judge=judge)

    assert isinstance(graded, GradedSubmission)
    assert len(judge.calls) == RETRIES_RUN == 3
    assert [row.score for row in graded.rows] == [1.0] + [0.0] * 7
    assert [row.reason.startswith("answer ") for row in graded.rows] == [False] * 3 + [True] * 5
    assert "answer 4 to this question, a retry that does not count: not run again" in graded.rows[3].reason
    assert sum(row.score for row in counted_rows(list(graded.rows))) == 1.0  # the first answer counts
