"""Check ``same_fact_as`` across a bank: every id it names is another question of the bank."""

from collections.abc import Collection, Sequence

from quizapp.core.bank.loaded_bank import LoadedQuiz
from quizapp.core.bank.problems import Problem


def same_fact_problems(
    quizzes: Sequence[LoadedQuiz], written_elsewhere: Collection[str] = ()
) -> list[Problem]:
    """A problem at each ``same_fact_as`` entry that names no other question of ``quizzes``.

    Args:
        quizzes: The questions that loaded.
        written_elsewhere: Ids written in questions that did not load: naming one is no
            problem of its own (that question's problems are reported where it is written).

    Returns:
        Problems located at the entry, numbered as ``quizzes`` hold the questions (a caller
        with partial quizzes renumbers them, as for every check across the bank).
    """
    known = {question.id for loaded in quizzes for question in loaded.quiz.questions}
    known.update(written_elsewhere)
    problems = []
    for loaded in quizzes:
        for index, question in enumerate(loaded.quiz.questions):
            for entry, other in enumerate(question.same_fact_as):
                if other == question.id:
                    why = "a question cannot be declared the same fact as itself"
                elif other not in known:
                    why = f"no question of the bank has the id {other!r}"
                else:
                    continue
                place = loaded.locate("questions", index, "same_fact_as", entry)
                problems.append(
                    Problem(loaded.path, *place, f"questions[{index}].same_fact_as[{entry}]", why)
                )
    return problems
