"""Each LMS format alone: GIFT escaping, Moodle XML structure, foreign files read, hostile XML refused."""

from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from quizapp.core.bank.bank_loader import load_bank
from quizapp.core.exchange.gift import gift_escape, write_gift
from quizapp.core.exchange.gift_reader import read_gift, unescape
from quizapp.core.exchange.items import (
    ChoiceItem,
    ChoiceOption,
    CodeRunnerItem,
    CodeTest,
    Concept,
    EssayItem,
    ExportPlan,
    ItemHead,
    NumericItem,
    Provenance,
    Sample,
    ShortAnswerItem,
    TrueFalseItem,
)
from quizapp.core.exchange.moodle_reader import ForeignBankError, read_moodle_xml
from quizapp.core.exchange.moodle_xml import write_moodle_xml
from quizapp.core.exchange.yaml_bank import quiz_files, write_quiz_files

PROVENANCE = Provenance("0.1.0", "2.13.0+cpu", "cpu", "0123456789abcdef", "2026-01-01T00:00:00+00:00", 3)
TRICKY = "a~b=c#d{e}f:g\\h\n\nnext paragraph"


def _head(name: str, prompt: str = "Prompt?") -> ItemHead:
    return ItemHead(
        name, "Quiz: one", prompt, "Because.", ("A hint.",), 2.0, ("topic-t", "difficulty-advanced")
    )


PLAN = ExportPlan(
    items=(
        ChoiceItem(
            _head("single", TRICKY),
            (ChoiceOption("right {1}", 1.0, "yes: it is", "r"), ChoiceOption("wrong", 0.0, "", "w")),
            single=True,
        ),
        ChoiceItem(
            _head("multi"),
            (ChoiceOption("a", 0.5), ChoiceOption("b", 0.5), ChoiceOption("c", -0.5)),
            single=False,
            shuffle=False,
        ),
        TrueFalseItem(_head("tf"), answer=False),
        NumericItem(_head("num"), 0.1176, 0.0001),
        ShortAnswerItem(_head("short"), ("tensor([3., 4.])", "a*b"), case_sensitive=True),
        EssayItem(_head("essay"), "The model answer.", (Concept("Rescales", ("rescale", "one factor")),)),
        CodeRunnerItem(
            _head("task"), "x = 1\n", "x = 2\n", (CodeTest("assert x == 2\nprint('ok')", "ok\n"),)
        ),
    ),
    left_out=(),
    provenance=PROVENANCE,
)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a~b", "a\\~b"),
        ("x=1", "x\\=1"),
        ("#3", "\\#3"),
        ("{}", "\\{\\}"),
        ("a: b", "a\\: b"),
        ("C:\\dir", "C\\:\\\\dir"),
        ("one\n\ntwo", "one\\n\\ntwo"),
        ("plain text", "plain text"),
    ],
)
def test_gift_escapes_every_special_character_and_line_break(text: str, escaped: str) -> None:
    assert gift_escape(text) == escaped
    assert unescape(escaped) == text


def test_gift_writes_each_question_in_one_block_and_reads_back_the_same_keys() -> None:
    written = write_gift(PLAN)
    text = written.data.decode()
    assert text.startswith("// exported by quizapp 0.1.0")
    assert "// bank fingerprint 0123456789abcdef" in text
    assert "$CATEGORY: $course$/top/quizapp/Quiz: one" in text
    assert "::single::[markdown]a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\n\\nnext paragraph{" in text
    assert "\t~%50%a" in text
    assert "\t~%-50%c" in text
    assert "\t#0.1176:0.0001" in text
    assert [left.id for left in written.left_out] == ["task"]

    items, left_out = read_gift(text)
    assert left_out == []
    by_id = {item.head.id: item for item in items}
    single = by_id["single"]
    assert isinstance(single, ChoiceItem)
    assert single.single
    assert single.head.prompt == TRICKY
    assert [(o.text, o.fraction, o.feedback) for o in single.options] == [
        ("right {1}", 1.0, "yes: it is"),
        ("wrong", 0.0, ""),
    ]
    assert single.head.tags == ("topic-t", "difficulty-advanced")
    multi = by_id["multi"]
    assert isinstance(multi, ChoiceItem)
    assert not multi.single
    assert [o.fraction for o in multi.options] == [0.5, 0.5, -0.5]
    assert by_id["tf"] == TrueFalseItem(by_id["tf"].head, answer=False)
    num = by_id["num"]
    assert isinstance(num, NumericItem)
    assert (num.answer, num.tolerance) == (0.1176, 0.0001)
    short = by_id["short"]
    assert isinstance(short, ShortAnswerItem)
    assert short.accepted == ("tensor([3., 4.])", "a*b")
    assert isinstance(by_id["essay"], EssayItem)


def test_foreign_gift_with_moodles_documented_forms_is_read() -> None:
    text = """// a comment
$CATEGORY: $course$/Imported/Physics

::Q1:: Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

::Q2:: Grant is buried in Grant's tomb.{F}

::Q3:: When was Ulysses S. Grant born?{#1822:5}

::Q4:: What is the range?{#1..5}

::Q5:: Two plus two is {=four =4} right?

::Q6:: Write a short biography of Grant.{}

::Q7:: Match these {=a -> 1 =b -> 2}

::Q8:: What's 2 plus 2?{=four =4 ####Basic maths.}
"""
    items, left_out = read_gift(text)
    by_id = {item.head.id: item for item in items}
    assert isinstance(by_id["Q1"], ChoiceItem)
    assert by_id["Q1"].right[0].text == "no one"
    assert by_id["Q1"].head.category == "Physics"
    assert isinstance(by_id["Q2"], TrueFalseItem)
    assert by_id["Q2"].answer is False
    assert isinstance(by_id["Q3"], NumericItem)
    assert (by_id["Q3"].answer, by_id["Q3"].tolerance) == (1822, 5)
    assert isinstance(by_id["Q4"], NumericItem)
    assert (by_id["Q4"].answer, by_id["Q4"].tolerance) == (3, 2)
    assert isinstance(by_id["Q5"], ShortAnswerItem)
    assert by_id["Q5"].accepted == ("four", "4")
    assert by_id["Q5"].head.prompt == "Two plus two is _____ right?"
    assert isinstance(by_id["Q6"], EssayItem)
    assert by_id["Q8"].head.explanation == "Basic maths."
    assert [(left.id, "matching" in left.reason) for left in left_out] == [("Q7", True)]


def _moodle(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>{body}</quiz>'.encode()


def test_moodle_xml_has_the_documented_structure_per_type() -> None:
    root = SafeET.fromstring(write_moodle_xml(PLAN).data)
    assert root.tag == "quiz"
    [category, *questions] = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/quizapp/Quiz: one"
    assert "torch 2.13.0+cpu" in (category.findtext("info/text") or "")
    types = [q.get("type") for q in questions]
    assert types == [
        "multichoice",
        "multichoice",
        "truefalse",
        "numerical",
        "shortanswer",
        "essay",
        "coderunner",
    ]
    for question in questions:
        assert question.findtext("name/text")
        assert question.find("questiontext").get("format") == "markdown"  # type: ignore[union-attr]
        assert question.findtext("defaultgrade") == "2"
        assert [tag.findtext("text") for tag in question.findall("tags/tag")] == [
            "topic-t",
            "difficulty-advanced",
        ]
    single, multi, tf, num, short, essay, task = questions
    assert single.findtext("single") == "true"
    assert [a.get("fraction") for a in single.findall("answer")] == ["100", "0"]
    assert multi.findtext("single") == "false"
    assert multi.findtext("shuffleanswers") == "false"
    assert [a.get("fraction") for a in multi.findall("answer")] == ["50", "50", "-50"]
    assert [(a.findtext("text"), a.get("fraction")) for a in tf.findall("answer")] == [
        ("true", "0"),
        ("false", "100"),
    ]
    assert (num.findtext("answer/text"), num.findtext("answer/tolerance")) == ("0.1176", "0.0001")
    assert short.findtext("usecase") == "1"
    assert [a.findtext("text") for a in short.findall("answer")] == ["tensor([3., 4.])", "a\\*b"]
    assert "The model answer." in (essay.findtext("graderinfo/text") or "")
    assert "- Rescales (phrases: rescale | one factor)" in (essay.findtext("graderinfo/text") or "")
    assert task.findtext("coderunnertype") == "python3"
    assert task.findtext("answer") == "x = 2\n"
    assert task.findtext("answerpreload") == "x = 1\n"
    [case] = task.findall("testcases/testcase")
    assert case.findtext("expected/text") == "ok\n"


def test_moodle_xml_reads_back_what_it_wrote() -> None:
    items, left_out = read_moodle_xml(write_moodle_xml(PLAN).data)
    assert [left.id for left in left_out] == ["task"]
    by_id = {item.head.id: item for item in items}
    short = by_id["short"]
    assert isinstance(short, ShortAnswerItem)
    assert short.accepted == ("tensor([3., 4.])", "a*b")
    assert short.pattern is None
    essay = by_id["essay"]
    assert isinstance(essay, EssayItem)
    assert essay.model_answer == "The model answer."
    assert essay.concepts == (Concept("Rescales", ("rescale", "one factor")),)
    assert by_id["single"].head.prompt == TRICKY
    assert by_id["single"].head.hints == ("A hint.",)


def test_foreign_moodle_xml_in_html_is_read_and_becomes_valid_quiz_files(tmp_path: Path) -> None:
    data = _moodle(
        """<question type="category">
          <category><text>$course$/top/Default for Course</text></category></question>
        <question type="multichoice"><name><text>Capital of France?</text></name>
          <questiontext format="html">
            <text><![CDATA[<p>What is the <b>capital</b> of France?</p>]]></text></questiontext>
          <generalfeedback format="html"><text></text></generalfeedback>
          <defaultgrade>1.0000000</defaultgrade><single>true</single>
          <answer fraction="100" format="html">
            <text>Paris</text><feedback><text>Yes</text></feedback></answer>
          <answer fraction="0" format="html"><text>Lyon</text></answer></question>
        <question type="shortanswer"><name><text>Colour</text></name>
          <questiontext format="html"><text>Name a colour of the sky.</text></questiontext>
          <answer fraction="100"><text>blue*</text></answer>
          <answer fraction="50"><text>grey</text></answer></question>
        <question type="matching"><name><text>Pairs</text></name>
          <questiontext format="html"><text>Match.</text></questiontext></question>"""
    )
    items, left_out = read_moodle_xml(data)
    assert [(left.id, "'matching'" in left.reason) for left in left_out] == [("Pairs", True)]
    first = items[0]
    assert isinstance(first, ChoiceItem)
    assert first.head.prompt == "What is the capital of France?"
    assert first.head.category == "Default for Course"
    colour = items[1]
    assert isinstance(colour, ShortAnswerItem)
    assert colour.pattern == "blue.*"

    files, not_held = quiz_files(items)
    assert not_held == []
    loaded = load_bank(write_quiz_files(files, tmp_path))
    assert loaded.problems == ()
    capital = loaded.bank.questions[0]
    assert capital.id == "capital-of-france"
    assert capital.type == "single_choice"


HOSTILE = {
    "entity bomb": (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><quiz>&b;</quiz>'
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<quiz><question type="essay"><name><text>&x;</text></name></question></quiz>'
    ),
    "external parameter entity": (
        b'<!DOCTYPE quiz [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]><quiz/>'
    ),
    "external DTD": b'<!DOCTYPE quiz SYSTEM "http://example.invalid/x.dtd"><quiz/>',
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_moodle_file_with_a_doctype_entities_or_external_references_is_refused(data: bytes) -> None:
    with pytest.raises(ForeignBankError) as refused:
        read_moodle_xml(data)
    message = str(refused.value)
    assert message.startswith("refused: the file declares a document type (<!DOCTYPE quiz>)")
    assert "never expands entities or fetches anything" in message
    assert "passwd" not in message


def test_hostile_or_foreign_xml_is_refused_with_a_message() -> None:
    with pytest.raises(ForeignBankError, match="<questestinterop>"):
        read_moodle_xml(b"<questestinterop/>")
    with pytest.raises(ForeignBankError, match="not a Moodle XML file"):
        read_moodle_xml(b"<quiz><question>")


def test_import_never_writes_over_an_existing_file(tmp_path: Path) -> None:
    items, _ = read_gift("::q::Is it?{T}\n")
    files, _ = quiz_files(items)
    write_quiz_files(files, tmp_path)
    with pytest.raises(Exception, match="exists already"):
        write_quiz_files(files, tmp_path)


def test_a_multiple_answer_question_with_one_right_answer_stays_multiple_through_gift() -> None:
    options = (ChoiceOption("right", 1.0), ChoiceOption("wrong", -1.0), ChoiceOption("also wrong", -1.0))
    plan = ExportPlan((ChoiceItem(_head("one-right"), options, single=False),), (), PROVENANCE)

    [item], _ = read_gift(write_gift(plan).data.decode())

    assert isinstance(item, ChoiceItem)
    assert not item.single
    assert [option.fraction for option in item.options] == [1.0, -1.0, -1.0]


EXPLAIN = EssayItem(
    _head("explain", "When do you clip the gradients, and how?"),
    "Clip after backward, before step:\nthe grads exist then."
    ' \u2018Quotes\u2019 "too" \u2028 and a line separator.',
    (
        Concept(
            "Clip after backward",
            ("after backward",),
            "clip-after-backward",
            (("backward",), ("clip", "clip_grad_norm_")),
        ),
        Concept("One factor", ("one factor", "same factor"), "one-factor"),
    ),
    (
        Sample("Call backward, then clip: all by one factor.", ("clip-after-backward", "one-factor")),
        Sample("Clip, then call backward.\nNo factor.", ()),
    ),
)
EXPLAIN_PLAN = ExportPlan((EXPLAIN,), (), PROVENANCE)


def test_an_explain_question_comes_back_whole_through_moodle_xml_and_gift() -> None:
    [from_moodle], _ = read_moodle_xml(write_moodle_xml(EXPLAIN_PLAN).data)
    [from_gift], _ = read_gift(write_gift(EXPLAIN_PLAN).data.decode())
    for item in (from_moodle, from_gift):
        assert isinstance(item, EssayItem)
        assert (item.model_answer, item.concepts, item.samples) == (
            EXPLAIN.model_answer,
            EXPLAIN.concepts,
            EXPLAIN.samples,
        )
    # A grader in Moodle still reads the model answer and the concepts as text.
    info = SafeET.fromstring(write_moodle_xml(EXPLAIN_PLAN).data).findtext(
        "question[@type='essay']/graderinfo/text"
    )
    assert info is not None
    assert "- Clip after backward (phrases: after backward)" in info
    assert info.splitlines()[-1].startswith("    quizapp-explain: {")


def test_an_explain_question_becomes_a_quiz_file_that_validates_with_its_samples(tmp_path: Path) -> None:
    [item], _ = read_gift(write_gift(EXPLAIN_PLAN).data.decode())
    files, _ = quiz_files([item])
    loaded = load_bank(write_quiz_files(files, tmp_path))
    assert loaded.problems == ()
    [question] = loaded.bank.questions
    dumped = question.model_dump()
    assert [c["id"] for c in dumped["concepts"]] == ["clip-after-backward", "one-factor"]
    assert dumped["concepts"][0]["order"] == (("backward",), ("clip", "clip_grad_norm_"))
    assert [s["hits"] for s in dumped["samples"]] == [("clip-after-backward", "one-factor"), ()]


@pytest.mark.parametrize(
    "damage",
    [b"broken", b'"x": ' + b"[" * 50_000 + b"]" * 50_000 + b", ", b'"x": ' + b"9" * 5_000 + b", "],
    ids=["not-json", "nested-too-deeply", "a-number-too-long"],
)
def test_a_grader_info_edited_by_hand_falls_back_to_its_readable_concepts(damage: bytes) -> None:
    data = write_moodle_xml(EXPLAIN_PLAN).data.replace(b"quizapp-explain: {", b"quizapp-explain: {" + damage)
    [item], _ = read_moodle_xml(data)
    assert isinstance(item, EssayItem)
    assert [(c.name, c.phrases) for c in item.concepts] == [(c.name, c.phrases) for c in EXPLAIN.concepts]
    assert item.samples == ()
