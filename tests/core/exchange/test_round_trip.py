"""The whole bank out to Moodle XML, QTI and GIFT, keys from real runs, and back in as valid quiz files."""

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.bank.loaded_bank import Bank
from quizapp.core.exchange.coderunner_check import PASSED
from quizapp.core.exchange.export_plan import plan_export, printed_key
from quizapp.core.exchange.gift import write_gift
from quizapp.core.exchange.gift_reader import read_gift
from quizapp.core.exchange.items import (
    ChoiceItem,
    CodeRunnerItem,
    EssayItem,
    ExportPlan,
    NumericItem,
    ShortAnswerItem,
    TrueFalseItem,
)
from quizapp.core.exchange.moodle_reader import read_moodle_xml
from quizapp.core.exchange.moodle_xml import write_moodle_xml
from quizapp.core.exchange.qti import write_qti
from quizapp.core.exchange.yaml_bank import quiz_files, write_quiz_files
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge
from quizapp.core.model.code_questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion
from quizapp.core.model.fingerprints import bank_fingerprint
from quizapp.core.model.questions import (
    FlashcardQuestion,
    MultipleSelectQuestion,
    NumericQuestion,
    Question,
    ShortTextQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from quizapp.core.model.variant import make_variant
from tests.paths import BANK

VARIANTS = 2


@pytest.fixture(scope="module")
def bank() -> Bank:
    loaded = load_bank([BANK])
    assert loaded.ok
    return loaded.bank


@pytest.fixture(scope="module")
def plan(bank: Bank, shared_runner: SnippetRunner) -> ExportPlan:
    return plan_export(bank, shared_runner, variants=VARIANTS)


def _by_id(plan: ExportPlan) -> dict[str, object]:
    return {item.head.id: item for item in plan.items}


def test_every_question_is_exported_or_listed_with_a_reason(bank: Bank, plan: ExportPlan) -> None:
    exported = {re.sub(r"-v\d+$", "", item.head.id) for item in plan.items}
    listed = {left.id for left in plan.left_out}
    assert exported | listed >= {question.id for question in bank.questions}
    assert all(left.reason for left in plan.left_out)
    # Only flashcards are left out of the shipped bank: every other type has an LMS shape.
    flashcards = {q.id for q in bank.questions if isinstance(q, FlashcardQuestion)}
    assert listed == flashcards
    # Every written key agrees with what PyTorch did; the notes only say which regexes stay behind.
    assert all("pattern is not exported" in note for note in plan.notes)


def test_the_provenance_names_torch_the_device_and_the_bank(bank: Bank, plan: ExportPlan) -> None:
    assert plan.provenance.torch_version.startswith("2.")
    assert plan.provenance.device == "cpu"
    assert plan.provenance.bank_fingerprint == bank_fingerprint(bank.questions)
    assert plan.provenance.variants == VARIANTS


def test_executable_keys_are_what_pytorch_did(bank: Bank, plan: ExportPlan) -> None:
    items = _by_id(plan)
    for question in bank.questions:
        if isinstance(question, CodeOutputQuestion) and question.answer is not None:
            item = items[question.id]
            if isinstance(item, NumericItem):
                assert item.answer == pytest.approx(float(question.answer))
            else:
                assert isinstance(item, ShortAnswerItem)
                assert item.accepted == (printed_key(question.answer),)
        elif isinstance(question, CodeErrorQuestion):
            item = items[question.id]
            assert isinstance(item, ShortAnswerItem)
            assert item.accepted == (question.answer,)
        elif isinstance(question, CodeTaskQuestion):
            item = items[question.id]
            assert isinstance(item, CodeRunnerItem)
            assert item.solution == question.solution
            assert [test.expected for test in item.tests] == [PASSED + "\n"]


def test_parameterized_questions_become_fixed_variants_each_with_its_own_key(
    bank: Bank, plan: ExportPlan, shared_runner: SnippetRunner
) -> None:
    judge = RunnerJudge(shared_runner)
    items = _by_id(plan)
    parameterized = [q for q in bank.questions if isinstance(q, CodeOutputQuestion) and q.parameters]
    assert parameterized
    for question in parameterized:
        variants = [items[f"{question.id}-v{n}"] for n in range(1, VARIANTS + 1)]
        assert f"{question.id}-v{VARIANTS + 1}" not in items
        prompts = {variant.head.prompt for variant in variants}  # type: ignore[attr-defined]
        assert len(prompts) == VARIANTS
        # The first variant is the one drawn for seed 0; its key is what its snippet prints.
        first = make_variant(question, learner="lms-export", seed=0)
        printed = printed_key(judge.variant_key(question, dict(first.values)))
        key = variants[0]
        if isinstance(key, NumericItem):
            assert key.answer == pytest.approx(float(printed))
        else:
            assert isinstance(key, ShortAnswerItem)
            assert key.accepted == (printed,)


def _right_texts(dump: dict[str, Any]) -> list[str]:
    texts = {choice["id"]: choice["text"] for choice in dump["choices"]}
    answer = dump["answer"]
    return sorted(texts[choice_id] for choice_id in ([answer] if isinstance(answer, str) else answer))


def _same(original: Question, imported: Question, *, hints: bool) -> None:
    was, back = original.model_dump(), imported.model_dump()
    for key in ("id", "type", "difficulty", "topic", "points", "tags"):
        assert back[key] == was[key], (original.id, key)
    for key in ("prompt", "explanation"):  # Markdown, as written (an export trims the ends)
        assert back[key] == was[key].strip(), (original.id, key)
    if hints:  # GIFT has no hints
        assert list(back["hints"]) == [hint.strip() for hint in was["hints"]], original.id
    if original.type in ("single_choice", "multiple_select"):
        assert [c["text"] for c in back["choices"]] == [c["text"] for c in was["choices"]]
        assert _right_texts(back) == _right_texts(was)
    elif original.type in ("true_false", "numeric"):
        assert back["answer"] == was["answer"]
    elif original.type == "short_text":
        assert (back["accepted"], back["case_sensitive"]) == (was["accepted"], was["case_sensitive"])
    elif original.type == "explain":
        # Everything its grading and its regression test need: concept ids, phrases, steps in
        # order (in their order), and the sample answers with the concepts each must earn.
        assert back["model_answer"].strip() == was["model_answer"].strip()
        assert back["concepts"] == was["concepts"], original.id
        assert back["samples"] == was["samples"], original.id
    if isinstance(original, NumericQuestion):
        tolerance = max(original.abs_tol, original.rel_tol * abs(original.answer))
        assert back["abs_tol"] == pytest.approx(tolerance)


@pytest.mark.parametrize("fmt", ["moodle", "gift"])
def test_export_then_import_gives_valid_files_with_the_same_questions_and_keys(
    fmt: str, bank: Bank, plan: ExportPlan, tmp_path: Path
) -> None:
    both = {"single_choice", "multiple_select", "true_false", "numeric", "short_text", "explain"}
    not_written: set[str] = set()
    if fmt == "moodle":
        items, not_read = read_moodle_xml(write_moodle_xml(plan).data)
    else:
        written = write_gift(plan)
        not_written = {left.id for left in written.left_out}
        items, not_read = read_gift(written.data.decode())
        assert {left.id for left in written.left_out} == {
            item.head.id for item in plan.items if isinstance(item, CodeRunnerItem)
        }
    files, not_held = quiz_files(items)
    loaded = load_bank(write_quiz_files(files, tmp_path))
    assert loaded.problems == ()
    imported = {question.id: question for question in loaded.bank.questions}
    # Every exported question comes back, under its own id, or is listed with the reason.
    assert not_held == []
    not_back = not_written | {left.id for left in not_read}
    assert set(imported) == {item.head.id for item in plan.items} - not_back
    for original in bank.questions:
        if original.type in both and not (isinstance(original, ShortTextQuestion) and original.pattern):
            _same(original, imported[original.id], hints=fmt == "moodle")
    # "What does it print / raise" comes back as a short answer or number holding the run key.
    for item in plan.items:
        if isinstance(item, ShortAnswerItem) and item.head.id in imported:
            back = imported[item.head.id]
            assert isinstance(back, ShortTextQuestion)
            assert back.accepted == item.accepted
    if fmt == "moodle":
        assert {left.id for left in not_read} == {
            i.head.id for i in plan.items if isinstance(i, CodeRunnerItem)
        }


def test_the_qti_zip_holds_a_manifest_and_every_assessment_it_names(plan: ExportPlan) -> None:
    written = write_qti(plan)
    with zipfile.ZipFile(io.BytesIO(written.data)) as archive:
        manifest = SafeET.fromstring(archive.read("imsmanifest.xml"))
        ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
        resources = manifest.findall("cp:resources/cp:resource", ns)
        assert {r.get("type") for r in resources} == {"imsqti_xmlv1p2"}
        items = 0
        for resource in resources:
            href = resource.get("href")
            assert href is not None
            assert [f.get("href") for f in resource.findall("cp:file", ns)] == [href]
            assessment = SafeET.fromstring(archive.read(href))
            items += len(assessment.findall(".//{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}item"))
    code_tasks = [item for item in plan.items if isinstance(item, CodeRunnerItem)]
    assert items == len(plan.items) - len(code_tasks)
    assert {left.id for left in written.left_out} == {item.head.id for item in code_tasks}


def test_a_coderunner_test_fails_the_starter_and_passes_the_solution(
    plan: ExportPlan, shared_runner: SnippetRunner
) -> None:
    tasks = [item for item in plan.items if isinstance(item, CodeRunnerItem)]
    assert tasks
    for task in tasks:
        [test] = task.tests
        # CodeRunner runs the answer, then the test code, as one program.
        starter = shared_runner.run(f"{task.starter}\n{test.code}\n")
        solution = shared_runner.run(f"{task.solution}\n{test.code}\n")
        assert starter.stdout != test.expected, task.head.id
        assert solution.stdout == test.expected, task.head.id


QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def _qti_items(plan: ExportPlan) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(write_qti(plan).data)) as archive:
        for name in archive.namelist():
            if name != "imsmanifest.xml":
                found |= {
                    str(item.get("title")): item
                    for item in SafeET.fromstring(archive.read(name)).iter(f"{QTI}item")
                }
    return found


def _qti_key(item: Any) -> tuple[dict[str, str], list[str], list[str]]:
    """An item's metadata, the responses its condition requires, and those it requires absent."""
    fields = {
        field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
        for field in item.iter(f"{QTI}qtimetadatafield")
    }
    negated = {id(equal) for absent in item.iter(f"{QTI}not") for equal in absent}
    equals = list(item.iter(f"{QTI}varequal"))
    right = [equal.text for equal in equals if id(equal) not in negated]
    wrong = [equal.text for equal in equals if id(equal) in negated]
    return fields, right, wrong


def test_the_qti_export_holds_every_question_with_its_key(bank: Bank, plan: ExportPlan) -> None:
    qti = _qti_items(plan)
    assert set(qti) == {item.head.id for item in plan.items if not isinstance(item, CodeRunnerItem)}
    questions = {question.id: question for question in bank.questions}
    for item in plan.items:
        if isinstance(item, CodeRunnerItem):
            continue
        fields, right, wrong = _qti_key(qti[item.head.id])
        assert float(fields["points_possible"]) == item.head.points
        match item:
            case ChoiceItem():
                assert sorted(right) == sorted(o.key for o in item.options if o.fraction > 0), item.head.id
                kind = "multiple_choice_question" if item.single else "multiple_answers_question"
                assert fields["question_type"] == kind
                question = questions[item.head.id]
                if isinstance(question, SingleChoiceQuestion):  # the bank's own key, not only the plan's
                    assert right == [question.answer]
                elif isinstance(question, MultipleSelectQuestion):
                    assert sorted(right) == sorted(question.answer)
                    assert sorted(right + wrong) == sorted(choice.id for choice in question.choices)
            case TrueFalseItem():
                question = questions[item.head.id]
                assert isinstance(question, TrueFalseQuestion)
                assert right == ["true" if question.answer else "false"]
            case NumericItem():
                low, high = (
                    qti[item.head.id].find(f".//{QTI}vargte"),
                    qti[item.head.id].find(f".//{QTI}varlte"),
                )
                assert right == [repr(item.answer)]
                assert (float(low.text), float(high.text)) == (
                    item.answer - item.tolerance,
                    item.answer + item.tolerance,
                )
            case ShortAnswerItem():
                assert right == list(item.accepted), item.head.id
            case EssayItem():
                assert fields["question_type"] == "essay_question"
                assert (right, wrong) == ([], [])
