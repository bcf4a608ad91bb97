"""Check that explain questions cannot be answered by restating them, and run their samples."""

from collections.abc import Callable, Iterator
from functools import partial

from quizapp.core.bank.loaded_bank import LoadedQuiz
from quizapp.core.bank.problems import Problem, format_field
from quizapp.core.grading.concept_matching import (
    concept_named,
    concepts_earned,
    normalized,
    phrase_used,
    question_words,
)
from quizapp.core.model.explain_question import ConceptSample, ExplainQuestion


def explain_problems(quizzes: tuple[LoadedQuiz, ...]) -> list[Problem]:
    """Report, at its place, every explain question a learner could game or that fails a sample.

    Three kinds of problem: a concept phrase that the prompt already contains; a prompt that,
    given back as an answer, earns more than one concept; a sample answer that does not earn
    exactly the concepts its ``hits`` list (or names a concept that does not exist).
    """
    problems: list[Problem] = []
    for loaded in quizzes:
        for index, question in enumerate(loaded.quiz.questions):
            if isinstance(question, ExplainQuestion):
                problems.extend(_question_problems(loaded, index, question))
    return problems


def _question_problems(loaded: LoadedQuiz, index: int, question: ExplainQuestion) -> Iterator[Problem]:
    problem = partial(_problem, loaded, index)
    prompt = normalized(question.prompt)
    in_prompt = False
    for number, concept in enumerate(question.concepts):
        for place, phrase in enumerate(concept.phrases):
            if phrase_used(prompt, phrase):
                in_prompt = True
                yield problem(
                    f"the phrase {phrase!r} is already in the prompt, so restating the question "
                    f"would earn {concept.name!r}; use words only an answer would contain",
                    "concepts",
                    number,
                    "phrases",
                    place,
                )
    earned = [concept.name for concept in question.concepts if concept_named(concept, prompt)]
    if not in_prompt and len(earned) > 1:
        yield problem(
            f"the prompt given back as an answer earns {len(earned)} concepts ({'; '.join(earned)}); "
            "restating the question should earn at most one: change the order steps it uses",
            "prompt",
        )
    if question.samples:
        yield from _sample_problems(question, problem)


def _problem(loaded: LoadedQuiz, index: int, message: str, *parts: str | int) -> Problem:
    """A problem with the question at ``index``, at the place of its field ``parts``."""
    field = format_field(("questions", index, *parts))
    return Problem(loaded.path, *loaded.locate("questions", index, *parts), field, message)


def _sample_problems(question: ExplainQuestion, problem: Callable[..., Problem]) -> Iterator[Problem]:
    unnamed = [number for number, concept in enumerate(question.concepts) if concept.id is None]
    for number in unnamed:
        message = "give this concept an id: the question has samples, whose hits name concepts by id"
        yield problem(message, "concepts", number)
    if unnamed:
        return
    ids = [str(concept.id) for concept in question.concepts]
    for number, sample in enumerate(question.samples):
        unknown = [(place, hit) for place, hit in enumerate(sample.hits) if hit not in ids]
        for place, hit in unknown:
            yield problem(
                f"{hit!r} names no concept of this question; its concept ids are {', '.join(ids)}",
                "samples",
                number,
                "hits",
                place,
            )
        if not unknown:
            message = _mismatch(question, sample)
            if message:
                yield problem(message, "samples", number)


def _mismatch(question: ExplainQuestion, sample: ConceptSample) -> str:
    """Say how the concepts a sample earns differ from its hits; empty when they agree."""
    text = normalized(sample.answer)
    earned = {
        str(concept.id): concept.name
        for concept in concepts_earned(question.concepts, text, question_words(question))[0]
    }
    wanted = set(sample.hits)
    missing = [hit for hit in sample.hits if hit not in earned]
    extra = [concept_id for concept_id in earned if concept_id not in wanted]
    if not missing and not extra:
        return ""
    parts = [f"{', '.join(missing)} not earned"] if missing else []
    parts += [f"{', '.join(extra)} earned though not in hits"] if extra else []
    return (
        f"this sample answer should earn exactly [{', '.join(sample.hits)}] "
        f"but earns [{', '.join(earned)}]: {'; '.join(parts)}"
    )
