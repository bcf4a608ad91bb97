"""The session engine: practice, exam and review, hints, time, and answers stored as given."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import (
    FlashcardQuestion,
    NumericQuestion,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.records.attempt_store import AttemptStore
from quizapp.core.session.question_selection import review_questions, select_questions
from quizapp.core.session.quiz_session import Mode, QuizSession, SessionError
from tests.fakes import ScriptedJudge
from tests.paths import BANK

QUESTIONS = load_bank([BANK]).bank.questions


def by_id(question_id: str) -> Question:
    return next(q for q in QUESTIONS if q.id == question_id)


def first(kind: type[Any]) -> Any:
    return next(q for q in QUESTIONS if isinstance(q, kind) and not getattr(q, "parameters", None))


SINGLE: SingleChoiceQuestion = first(SingleChoiceQuestion)
TRUE_FALSE: TrueFalseQuestion = first(TrueFalseQuestion)
NUMERIC: NumericQuestion = first(NumericQuestion)
CARD: FlashcardQuestion = first(FlashcardQuestion)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AttemptStore]:
    with AttemptStore(tmp_path / "attempts.sqlite3") as opened:
        yield opened


def wrong_choice(question: SingleChoiceQuestion) -> str:
    return next(choice.id for choice in question.choices if choice.id != question.answer)


def test_selection_is_reproducible_and_filters() -> None:
    picked = select_questions(QUESTIONS, seed=3, count=5, topics=["norm-type"], difficulties=["beginner"])
    assert picked == select_questions(
        QUESTIONS, seed=3, count=5, topics=["norm-type"], difficulties=["beginner"]
    )
    assert all(q.topic == "norm-type" and q.difficulty == "beginner" for q in picked)
    assert select_questions(QUESTIONS, seed=4, types=["numeric"]) != select_questions(
        QUESTIONS, seed=5, types=["numeric"]
    )


def test_the_bank_fingerprint_changes_when_a_question_does() -> None:
    changed = [*QUESTIONS[1:], QUESTIONS[0].model_copy(update={"explanation": "Changed."})]
    assert bank_fingerprint(QUESTIONS) != bank_fingerprint(changed)
    assert bank_fingerprint(QUESTIONS) == bank_fingerprint(list(reversed(QUESTIONS)))


def test_practice_gives_feedback_allows_retries_and_stores_every_answer(store: AttemptStore) -> None:
    session = QuizSession([SINGLE, NUMERIC], mode=Mode.PRACTICE, learner="ada", seed=1, store=store)

    wrong = session.answer(wrong_choice(SINGLE))
    right = session.answer(SINGLE.answer)
    session.next()
    assert session.hint() == NUMERIC.hints[0]
    hinted = session.answer(str(NUMERIC.answer))
    session.next()
    results = session.finish()

    assert wrong.grade is not None
    assert not wrong.grade.correct
    assert wrong.can_retry
    assert right.points == 1.0
    assert right.practice  # a retry after the feedback: shown, not scored
    assert not wrong.practice
    assert hinted.points == 0.9  # one hint costs a tenth
    assert results.points == 0.9  # the first attempt is the score: 0 + 0.9
    assert results.percentage == 45.0
    assert [r.answer for r in results.questions] == [wrong_choice(SINGLE), str(NUMERIC.answer)]
    assert [len(r.retries) for r in results.questions] == [1, 0]
    assert "practice, not scored" in results.questions[0].practice_note
    assert results.missed == (SINGLE, NUMERIC)  # wrong first, and helped by a hint
    assert session.session_id is not None
    stored = store.responses(session.session_id)
    assert [(r.question_id, r.answer, r.score) for r in stored] == [
        (SINGLE.id, wrong_choice(SINGLE), 0.0),
        (SINGLE.id, SINGLE.answer, 1.0),
        (NUMERIC.id, str(NUMERIC.answer), 0.9),
    ]
    assert store.unfinished_session("ada") is None


def test_an_exam_withholds_feedback_and_allows_one_answer(store: AttemptStore) -> None:
    session = QuizSession([TRUE_FALSE], mode=Mode.EXAM, learner="ada", seed=1, store=store)

    outcome = session.answer(not TRUE_FALSE.answer)

    assert outcome.grade is None
    assert not outcome.can_retry
    with pytest.raises(SessionError, match="answered already"):
        session.answer(TRUE_FALSE.answer)
    assert session.finish().points == 0.0


def test_a_timed_exam_stops_answers_and_scores_the_rest_zero(store: AttemptStore) -> None:
    clock = Clock()
    session = QuizSession(
        [SINGLE, NUMERIC, TRUE_FALSE],
        mode=Mode.EXAM,
        learner="ada",
        seed=1,
        store=store,
        time_limit_s=60,
        clock=clock,
    )
    session.answer(SINGLE.answer)
    session.next()
    clock.now += 61

    assert session.time_left() == 0.0
    with pytest.raises(SessionError, match="time is up"):
        session.answer(str(NUMERIC.answer))
    results = session.finish()
    assert results.points == 1.0
    assert [r.timed_out for r in results.questions] == [False, True, True]
    assert results.by_topic[SINGLE.topic][0] >= 1.0


def test_an_interrupted_session_resumes_after_its_answers(store: AttemptStore) -> None:
    questions: list[Question] = [SINGLE, NUMERIC, TRUE_FALSE]
    crashed = QuizSession(questions, mode=Mode.PRACTICE, learner="ada", seed=9, store=store)
    crashed.answer(SINGLE.answer)
    crashed.next()
    crashed.answer("not a number")
    del crashed  # the process dies here: nothing is finished

    unfinished = store.unfinished_session("ada")
    assert unfinished is not None
    resumed = QuizSession(
        [by_id(qid) for qid in unfinished.question_ids],
        mode=Mode(unfinished.mode),
        learner="ada",
        seed=unfinished.seed,
        store=store,
        session_id=unfinished.id,
    )

    assert resumed.current == TRUE_FALSE
    resumed.answer(TRUE_FALSE.answer)
    resumed.next()
    assert resumed.finish().points == 2.0


def test_review_mode_brings_back_what_was_missed(store: AttemptStore) -> None:
    session = QuizSession([SINGLE, TRUE_FALSE], mode=Mode.PRACTICE, learner="ada", seed=1, store=store)
    session.answer(wrong_choice(SINGLE))
    session.next()
    session.answer(TRUE_FALSE.answer)
    session.next()
    session.finish()

    assert review_questions(store, "ada", QUESTIONS) == [SINGLE]
    assert review_questions(store, "grace", QUESTIONS) == []


@pytest.mark.parametrize("mode", [Mode.REVIEW, Mode.FLASHCARDS])
def test_review_and_flashcards_give_feedback_and_allow_retries_like_practice(
    mode: Mode, store: AttemptStore
) -> None:
    session = QuizSession([CARD], mode=mode, learner="ada", seed=1, store=store)

    again = session.answer("again")
    good = session.answer("good")
    results = session.finish()

    assert again.grade is not None
    assert again.can_retry
    assert good.grade is not None
    assert good.grade.correct
    assert good.practice
    assert results.points == 0.0  # the first rating counts; the retry is practice
    assert results.questions[0].retries[0].answer == "good"
    assert results.missed == (CARD,)
    assert results.max_points == (CARD.points if mode is Mode.FLASHCARDS else 0.0)  # self-assessment
    assert session.session_id is not None
    assert [r.answer for r in store.responses(session.session_id)] == ["again", "good"]
    assert store.sessions("ada")[0].mode == mode.value


def test_results_show_each_key_as_a_learner_reads_it() -> None:
    session = QuizSession([SINGLE, TRUE_FALSE, NUMERIC], mode=Mode.EXAM, learner="ada", seed=1)
    session.answer(wrong_choice(SINGLE))

    keys = [result.key for result in session.finish().questions]

    right = next(choice.text for choice in SINGLE.choices if choice.id == SINGLE.answer)
    assert keys == [right, "true" if TRUE_FALSE.answer else "false", f"{NUMERIC.answer:g}"]


def test_a_wrongly_shaped_answer_is_a_session_error_not_a_crash() -> None:
    session = QuizSession([SINGLE], mode=Mode.PRACTICE, learner="ada", seed=1)
    with pytest.raises(SessionError, match="is text"):
        session.answer(["a", "b"])
    assert session.current == SINGLE


def test_choices_are_shuffled_reproducibly_when_the_question_asks() -> None:
    singles = [q for q in QUESTIONS if isinstance(q, SingleChoiceQuestion)]
    shuffled = next(q for q in singles if q.shuffle and len(q.choices) > 3)
    fixed = next((q for q in singles if not q.shuffle), None)

    orders = {
        tuple(c.id for c in QuizSession([shuffled], mode=Mode.PRACTICE, learner=name, seed=seed).choices())
        for name in ("ada", "grace")
        for seed in range(5)
    }
    again = QuizSession([shuffled], mode=Mode.PRACTICE, learner="ada", seed=1).choices()

    assert again == QuizSession([shuffled], mode=Mode.PRACTICE, learner="ada", seed=1).choices()
    assert len(orders) > 1
    assert sorted(c.id for c in again) == sorted(c.id for c in shuffled.choices)
    if fixed is not None:
        assert QuizSession([fixed], mode=Mode.PRACTICE, learner="ada", seed=1).choices() == fixed.choices
    assert QuizSession([TRUE_FALSE], mode=Mode.PRACTICE, learner="ada", seed=1).choices() == ()


def test_answering_after_the_end_is_refused() -> None:
    session = QuizSession([TRUE_FALSE], mode=Mode.PRACTICE, learner="ada", seed=1)
    session.answer(True)
    assert session.next() is None
    with pytest.raises(SessionError, match="session is over"):
        session.answer(True)


@pytest.fixture(scope="module")
def judge(shared_runner: SnippetRunner) -> RunnerJudge:
    return RunnerJudge(shared_runner)


def test_code_tasks_and_parameterized_questions_are_graded_by_running_them(judge: RunnerJudge) -> None:
    task: CodeTaskQuestion = first(CodeTaskQuestion)
    drill = by_id("drill-returned-total-norm")
    assert isinstance(drill, CodeOutputQuestion)
    session = QuizSession([task, drill], mode=Mode.PRACTICE, learner="ada", seed=2, judge=judge)

    failed = session.answer(task.starter)
    passed = session.answer(task.solution)
    session.next()
    values = session.items[1].variant.values
    total = round((float(values["a"]) ** 2 + float(values["b"]) ** 2) ** 0.5, 2)
    drilled = session.answer(str(total))

    assert failed.grade is not None
    assert not failed.grade.correct
    assert passed.grade is not None
    assert passed.grade.feedback == "Your code passes the check."
    assert f"[{values['a']}, {values['b']}]" in session.prompt()
    assert drilled.grade is not None
    assert drilled.grade.correct
    task_result, drill_result = session.finish().questions
    assert task_result.key == task.solution
    assert drill_result.key == str(total)  # the variant's own key, not the (absent) written one


def test_executed_answers_are_stored_with_their_device_and_torch_version(store: AttemptStore) -> None:
    task: CodeTaskQuestion = first(CodeTaskQuestion)
    judge = ScriptedJudge(device="cuda:1", torch_version="2.99")
    session = QuizSession([task, SINGLE], mode=Mode.PRACTICE, learner="ada", seed=2, judge=judge, store=store)
    session.answer(task.solution)
    session.next()
    session.answer(SINGLE.answer)

    assert session.session_id is not None
    executed, plain = store.responses(session.session_id)
    assert (executed.device, executed.torch_version) == ("cuda:1", "2.99")
    assert (plain.device, plain.torch_version) == (None, None)


def test_the_real_judge_reports_the_device_and_torch_version_it_ran_with(judge: RunnerJudge) -> None:
    device, version = judge.environment()
    assert device == "cpu"
    assert version.startswith("2.")


def test_the_session_counts_answers_and_hints_for_a_screen() -> None:
    question = NumericQuestion.model_validate(
        {
            "id": "q",
            "type": "numeric",
            "topic": "t",
            "difficulty": "beginner",
            "prompt": "p",
            "answer": 1,
            "hints": ["one", "two"],
            "explanation": "e",
        }
    )
    session = QuizSession([question], mode=Mode.PRACTICE, learner="ada", seed=0)
    assert (session.answered, session.hints_used, session.hints_left) == (0, 0, 2)
    session.hint()
    session.answer("2")
    assert (session.answered, session.hints_used, session.hints_left) == (1, 1, 1)
