"""Assignments: one fingerprinted quiz for every learner, graded against the grader's own file."""

import json
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.model.questions import NumericQuestion, Question, SingleChoiceQuestion, TrueFalseQuestion
from quizapp.core.records.assignments import Assignment, AssignmentError, read_assignment, write_assignment
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.records.exports import write_long_csv
from quizapp.core.records.submissions import (
    GradedSubmission,
    NotGradable,
    SubmissionError,
    read_submission,
    regrade,
    regrade_files,
    write_submission,
)
from quizapp.core.session.quiz_plan import QuizRequest
from quizapp.core.session.quiz_session import Mode, QuizSession, SessionError
from quizapp.core.session.session_starter import SessionStarter
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def plain(kind: type[Any], n: int = 0) -> Any:
    return [q for q in QUESTIONS if isinstance(q, kind) and not getattr(q, "parameters", None)][n]


SINGLE: SingleChoiceQuestion = plain(SingleChoiceQuestion)
TRUE_FALSE: TrueFalseQuestion = plain(TrueFalseQuestion)
NUMERIC: NumericQuestion = plain(NumericQuestion)
SECOND_SINGLE: SingleChoiceQuestion = plain(SingleChoiceQuestion, 1)
FOUR: list[Question] = [SINGLE, TRUE_FALSE, NUMERIC, SECOND_SINGLE]
EXAM = Assignment(title="Week 1", mode="exam", seed=41, questions=tuple(q.id for q in FOUR))


def wrong_choice(question: SingleChoiceQuestion) -> str:
    return next(choice.id for choice in question.choices if choice.id != question.answer)


def take(store: AttemptStore, assignment: Assignment | None, answers: dict[str, object]) -> QuizSession:
    """A learner takes the assignment (or, without one, a self-study exam over FOUR), answering some."""
    starter = SessionStarter(QUESTIONS, learner="ada", store=store)
    if assignment is not None:
        session = starter.start(QuizRequest.for_assignment(assignment), seed=12345)
    else:
        session = starter.start_over(FOUR, mode=Mode.EXAM, title="Exam: mixed", seed=41)
    while (question := session.current) is not None:
        if question.id in answers:
            session.answer(answers[question.id])
        session.next()
    session.finish()
    return session


def handed_in(tmp_path: Path, store: AttemptStore, session: QuizSession, name: str = "ada") -> Path:
    assert session.session_id is not None
    path = tmp_path / f"{name}.json"
    write_submission(store, session.session_id, path)
    return path


def total(graded: GradedSubmission) -> tuple[float, float]:
    return sum(r.score for r in graded.rows), sum(r.max for r in graded.rows)


def edited(path: Path, change: Any) -> Path:
    data = json.loads(path.read_text())
    change(data)
    out = path.with_name("edited-" + path.name)
    out.write_text(json.dumps(data))
    return out


def test_an_assignment_file_round_trips_and_any_edit_changes_its_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "week1.json"
    write_assignment(EXAM, path)
    assert read_assignment(path) == EXAM
    assert read_assignment(path).fingerprint == EXAM.fingerprint
    hinted = edited(path, lambda data: data.update(hints=True))
    assert read_assignment(hinted).fingerprint != EXAM.fingerprint
    reseeded = edited(path, lambda data: data.update(seed=42))
    assert read_assignment(reseeded).fingerprint != EXAM.fingerprint


@pytest.mark.parametrize(
    ("content", "words"),
    [("{", "not a quizapp assignment"), ('{"format": "quizapp-assignment", "version": 1}', "title")],
)
def test_a_broken_assignment_file_is_a_clear_error(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(AssignmentError, match=words):
        read_assignment(path)
    with pytest.raises(AssignmentError, match="cannot read"):
        read_assignment(tmp_path / "absent.json")


def test_a_session_from_an_assignment_takes_its_seed_questions_and_rules(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        starter = SessionStarter(QUESTIONS, learner="ada", store=store)
        session = starter.start(QuizRequest.for_assignment(EXAM), seed=999)

        assert session.seed == EXAM.seed  # not the seed the learner's app offered
        assert [item.question.id for item in session.items] == list(EXAM.questions)
        assert session.mode is Mode.EXAM
        assert session.hints_left == 0
        with pytest.raises(SessionError, match="hints are off"):
            session.hint()
        assert session.session_id is not None
        resumed = starter.resume(session.session_id)  # the rules survive a resume
        assert resumed.rules.assignment == EXAM.fingerprint
        with pytest.raises(SessionError, match="hints are off"):
            resumed.hint()


def test_a_practice_assignment_allows_only_its_attempts(tmp_path: Path) -> None:
    practice = Assignment(title="Drill", mode="practice", seed=3, questions=(SINGLE.id,), hints=True)
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = SessionStarter(QUESTIONS, learner="ada", store=store).start(
            QuizRequest.for_assignment(practice), seed=0
        )
        assert session.hint() == SINGLE.hints[0]  # hints on: allowed
        outcome = session.answer(wrong_choice(SINGLE))
        assert not outcome.can_retry
        with pytest.raises(SessionError, match="1 attempt"):
            session.answer(SINGLE.answer)


def test_every_assigned_question_counts_whether_answered_or_not(tmp_path: Path) -> None:
    # Measured: answer 1 of 4 in an exam, skip 3 -> the session said 0 / 4, grade said 1.0 of 1.0.
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        session = take(store, EXAM, {SINGLE.id: SINGLE.answer})
        path = handed_in(tmp_path, store, session)

    submission = read_submission(path)
    assert submission.assignment == EXAM.fingerprint
    assert submission.questions == EXAM.questions
    graded = regrade(submission, QUESTIONS, judge=None, source=str(path), assignment=EXAM)
    assert total(graded) == (1.0, 4.0)
    assert graded.quiz == "Week 1"
    assert {r.question_id: r.reason for r in graded.rows if r.score == 0} == {
        q.id: "not answered" for q in FOUR[1:]
    }


def test_self_study_submissions_list_skipped_questions_too(tmp_path: Path) -> None:
    # Measured: deleting the wrong responses from the file raised the percentage from 50% to 100%.
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        answers = {SINGLE.id: SINGLE.answer, TRUE_FALSE.id: not TRUE_FALSE.answer}
        path = handed_in(tmp_path, store, take(store, None, answers))

    assert total(regrade(read_submission(path), QUESTIONS, judge=None)) == (1.0, 4.0)
    only_right = edited(
        path,
        lambda data: data.update(responses=[r for r in data["responses"] if r["question_id"] == SINGLE.id]),
    )
    assert total(regrade(read_submission(only_right), QUESTIONS, judge=None)) == (1.0, 4.0)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda data: data.update(seed=data["seed"] + 1), "seed"),
        (lambda data: data.update(questions=data["questions"][:3]), "assigned but absent"),
        (lambda data: data.update(assignment="0123456789abcdef"), "another assignment"),
        (lambda data: data.update(assignment=""), "self-study"),
        (lambda data: data.update(mode="practice"), "practice mode"),
    ],
)
def test_a_submission_that_disagrees_with_the_assignment_is_not_gradable(
    tmp_path: Path, change: Any, reason: str
) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        path = handed_in(tmp_path, store, take(store, EXAM, {SINGLE.id: SINGLE.answer}))

    [fine, broken] = regrade_files([path, edited(path, change)], QUESTIONS, judge=None, assignment=EXAM)
    assert isinstance(fine, GradedSubmission)
    assert isinstance(broken, NotGradable)
    assert "not an attempt at this assignment" in broken.reason
    assert reason in broken.reason


def test_an_answer_to_a_question_never_asked_is_refused(tmp_path: Path) -> None:
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        path = handed_in(tmp_path, store, take(store, None, {SINGLE.id: SINGLE.answer}))
    other = plain(TrueFalseQuestion, 1)
    smuggled = edited(
        path,
        lambda data: data["responses"].append(
            {**data["responses"][0], "question_id": other.id, "answer": other.answer}
        ),
    )
    with pytest.raises(SubmissionError, match=f"did not ask: {other.id}"):
        regrade(read_submission(smuggled), QUESTIONS, judge=None)


def test_hint_counts_are_moot_with_hints_off_and_marked_self_reported_otherwise(tmp_path: Path) -> None:
    # Measured: hints_used is read from the learner's file; editing 1 -> 0 raised 0.9 to 1.0.
    with AttemptStore(tmp_path / "a.sqlite3") as store:
        starter = SessionStarter(QUESTIONS, learner="ada", store=store)
        hinted = starter.start_over([SINGLE], mode=Mode.PRACTICE, title="Self-study", seed=5)
        hinted.hint()
        hinted.answer(SINGLE.answer)
        hinted.finish()
        self_study = handed_in(tmp_path, store, hinted, "self-study")
        exam = handed_in(tmp_path, store, take(store, EXAM, {SINGLE.id: SINGLE.answer}), "exam")

    honest = regrade(read_submission(self_study), QUESTIONS, judge=None)
    unhinted = regrade(read_submission(edited(self_study, _no_hints)), QUESTIONS, judge=None)
    assert [(r.score, r.hints, r.hints_source) for r in honest.rows] == [(0.9, 1, "self-reported")]
    assert "hint count self-reported" in honest.rows[0].reason
    # the edit raises the score, but the grader sees whose word the count is:
    assert [(r.score, r.hints_source) for r in unhinted.rows] == [(1.0, "self-reported")]
    write_long_csv(list(unhinted.rows), tmp_path / "out.csv")
    header, row = (tmp_path / "out.csv").read_text().splitlines()[:2]
    assert row.split(",")[header.split(",").index("hints_source")] == "self-reported"

    claimed = edited(exam, lambda data: data["responses"][0].update(hints_used=3))
    graded = regrade(read_submission(claimed), QUESTIONS, judge=None, assignment=EXAM)
    first = next(r for r in graded.rows if r.question_id == SINGLE.id)
    assert (first.score, first.hints, first.hints_source) == (1.0, 0, "hints off")


def _no_hints(data: dict[str, Any]) -> None:
    for response in data["responses"]:
        response["hints_used"] = 0
