"""Which words of an explain answer say something: filler, empty claims, and known English words.

``concept_matching`` asks these of the words a clause has of its own (outside the phrases it
is credited for). English is what ``known_words.txt`` holds (the words of this course's own
writing and everyday words) and a question's own text (``concept_matching.question_words``).
"""

from collections.abc import Iterator
from functools import lru_cache
from importlib import resources


def _words(text: str) -> frozenset[str]:
    """The words of ``text``, split at white space."""
    return frozenset(text.split())


FILLER = _words(
    """
    a an the and or nor but if than this that these those it its it's is are was were be been being am do
    does did don't has have had i i'm me my we our you your they them their he she his her of in on at
    to for with by from as into about also too so very really quite just again still then now yes indeed
    surely certainly definitely obviously clearly basically here there what one some any all lot
    """
)
"""Words that say nothing by themselves: a clause of them and ``EMPTY_CLAIMS`` says nothing."""
EMPTY_CLAIMS = _words(
    """
    matter relevant relevance important importance key crucial essential significant vital central
    related relate involved involve role play factor part topic concept word term idea know knew
    known mention worth remember forget consider think thought note notice question answer count
    guess maybe perhaps probably possibly likely deal great greatly much useful helpful interesting
    notable noteworthy true correct right thing stuff something everything ok okay sure come
    lesson course lecture chapter keyword vocabulary list mind
    good bad nice fine cool neat pretty beautiful lovely awesome cute fun funny boring weird
    """
)
"""Words that claim a concept matters, that one knows it, or how one likes it, without saying
anything of it: "rnn matters here", "diverge is relevant", "remember the threshold", "I think
skip", "large updates are good", "recurrent things are pretty"."""


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """The English words ``known_words.txt`` holds (this course's and everyday words)."""
    listed = resources.files(__package__).joinpath("known_words.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in listed.splitlines() if line.strip() and not line.startswith("#")
    )


def is_content(word: str, known: frozenset[str]) -> bool:
    """Whether ``word`` says something: a known English word that is not filler nor an empty claim."""
    if word in FILLER or _bare(word) in EMPTY_CLAIMS:
        return False
    english = _known_words()
    return any(form in english or form in known for form in _forms(word))


def _forms(word: str) -> Iterator[str]:
    """``word`` and what it may be without a common ending: explodes, exploded, exploding -> explode."""
    yield word
    word = word.removesuffix("'s")
    yield word
    for ending, instead in (
        ("ies", "y"),
        ("ied", "y"),
        ("ly", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
        ("er", ""),
        ("est", ""),
    ):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            yield word[: -len(ending)] + instead


def says_nothing(own: set[str]) -> bool:
    """Whether a clause's own words only claim that its concepts matter: "rnn matters here too".

    Every word is filler (``FILLER``) or an empty claim (``EMPTY_CLAIMS``, with its endings),
    and one at least is such a claim, so a plain "as in LSTMs" is not caught.
    """
    claims = [word for word in own if _bare(word) in EMPTY_CLAIMS]
    return bool(claims) and all(word in FILLER or _bare(word) in EMPTY_CLAIMS for word in own)


def _bare(word: str) -> str:
    """``word`` as an empty claim, if one of its ``_forms`` is one (matters -> matter); else itself."""
    return next((form for form in _forms(word) if form in EMPTY_CLAIMS), word)
