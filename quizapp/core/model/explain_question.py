"""The explain question: a free-text answer scored by the concepts it names, with its tests."""

from typing import Annotated, Literal

from pydantic import field_validator

from quizapp.core.model.fields import NonEmptyText, Slug, at_least
from quizapp.core.model.question_base import PromptedQuestion, StrictModel

PhraseGroup = Annotated[tuple[NonEmptyText, ...], *at_least(1, "phrase")]
"""Phrases any of which stands for one step of an ``order``."""


class Concept(StrictModel):
    """One idea an explain answer should contain."""

    id: Slug | None = None
    """A short name for the idea, e.g. ``clip-after-backward``; ``samples`` name concepts by it
    in ``hits``, so every concept of a question with samples needs one."""
    name: NonEmptyText
    """What the idea is, as shown to the learner in feedback."""
    phrases: Annotated[tuple[NonEmptyText, ...], *at_least(1, "phrase")]
    """Words or phrases any of which counts as naming this idea (case is ignored; words may
    take endings: ``cap`` matches ``capped``). A phrase does not count where its clause negates
    it just before ("no zero_grad needed", "neither one will rescale") or just after
    ("zero_grad is not needed"); write the negation into the phrase when the idea is one
    ("does not change the direction"). No phrase may already appear in the prompt."""
    order: Annotated[tuple[PhraseGroup, ...], *at_least(2, "step")] = ()
    """Steps that also count as naming this idea when the answer uses a phrase of each, in
    this order, e.g. ``[[backward], [clip_grad_norm_, clip]]`` for "clip after backward":
    "call backward, then clip" counts, "clip, then call backward" does not. Negated phrases
    do not count here either. Order phrases may appear in the prompt."""
    about: tuple[NonEmptyText, ...] = ()
    """What the idea is true of, by name (e.g. ``[clip_grad_norm_, norm clipping]``), where
    the question's concepts are about different things: a phrase of this idea does not count
    in a clause that names what another concept is ``about`` and not what this one is (a
    swapped definition, "clip_grad_value_ rescales all by one factor"). A clause that names
    neither counts. Names match as phrases do."""


class ConceptSample(StrictModel):
    """An answer a learner might give and the concepts it must earn: a test of the phrases."""

    answer: NonEmptyText
    """The answer, as a learner would type it. Give a good one, one in the wrong order, the
    prompt restated, and one that negates the ideas."""
    hits: tuple[Slug, ...] = ()
    """The ids of exactly the concepts this answer must earn (``[]`` for none);
    ``quizapp validate`` reports a sample that earns any other set."""


class ExplainQuestion(PromptedQuestion):
    """Explain in your own words; scored by the key concepts the answer mentions."""

    type: Literal["explain"]
    """The question type."""
    concepts: Annotated[tuple[Concept, ...], *at_least(1, "concept")]
    """The ideas looked for; the score is concepts found / concepts."""
    model_answer: NonEmptyText
    """A good answer, shown after the learner's."""
    samples: tuple[ConceptSample, ...] = ()
    """Answers graded by ``quizapp validate`` as a regression test of the concepts; each must
    earn exactly its ``hits``."""

    @field_validator("concepts")
    @classmethod
    def _concept_ids_unique(cls, concepts: tuple[Concept, ...]) -> tuple[Concept, ...]:
        seen: set[str] = set()
        for concept in concepts:
            if concept.id is not None:
                if concept.id in seen:
                    raise ValueError(f"concept id {concept.id!r} is used twice")
                seen.add(concept.id)
        return concepts
