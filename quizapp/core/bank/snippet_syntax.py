"""Check that the Python snippets of a bank compile, and say where a broken one is written."""

from collections.abc import Iterator

from quizapp.core.bank.loaded_bank import LoadedQuiz
from quizapp.core.bank.problems import Problem
from quizapp.core.bank.yaml_document import editor_lines
from quizapp.core.model.questions import CodeErrorQuestion, CodeOutputQuestion, CodeTaskQuestion, Question


def snippets_of(question: Question) -> Iterator[tuple[str, str]]:
    """Yield (field name, code) for each snippet of a question that must compile.

    A code_task's starter code is left out: it is meant to be unfinished.
    """
    if isinstance(question, (CodeOutputQuestion, CodeErrorQuestion)):
        yield "code", question.code
    elif isinstance(question, CodeTaskQuestion):
        yield "check.setup", question.check.setup
        yield "check.probe", question.check.probe
        yield "check.verify", question.check.verify
        yield "solution", question.solution


def snippet_syntax_problems(quizzes: tuple[LoadedQuiz, ...]) -> list[Problem]:
    """Compile every snippet and report each syntax error at its line in the YAML file."""
    problems = []
    for loaded in quizzes:
        for index, question in enumerate(loaded.quiz.questions):
            for field, code in snippets_of(question):
                try:
                    compile(code, f"<{question.id}.{field}>", "exec", dont_inherit=True)
                except SyntaxError as error:
                    problems.append(_located(loaded, index, field, error))
    return problems


def _located(loaded: LoadedQuiz, index: int, field: str, error: SyntaxError) -> Problem:
    line, column = loaded.locate("questions", index, *field.split("."))
    lines = editor_lines(loaded.text)
    written = lines[line - 1][column - 1 :] if line <= len(lines) else ""
    snippet_line = error.lineno or 1
    if written[:1] in {"|", ">"} and line + snippet_line <= len(lines):  # a block scalar starts below
        line += snippet_line
        body = lines[line - 1]
        column = len(body) - len(body.lstrip(" ")) + (error.offset or 1)
    elif snippet_line > 1:
        line += snippet_line - 1
        column = error.offset or 1
    return Problem(
        loaded.path,
        line,
        column,
        f"questions[{index}].{field}",
        f"the Python code does not compile: {error.msg} (line {snippet_line} of the code)",
    )
