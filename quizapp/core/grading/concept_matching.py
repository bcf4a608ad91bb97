"""Find the concepts a free-text answer names: whole-word phrases, not negated, in order.

The rules, in the words an author needs (the guide repeats them):

* A phrase matches whole words, with case and spacing ignored and common endings allowed on
  each word: "cap" matches "caps" and "capped" but not "capture".
* A phrase does not count where its clause negates it: one of the four words before it
  (small words such as "the", "to", "or" not counted) is a negation such as "no", "not",
  "never", "without", "neither", "nor", "instead of" or a word ending in "n't"; or a
  negation earlier in the clause reaches it through "or"/"nor" ("neither rescales nor clamps
  each element"); or the words just after it say it is not needed ("zero_grad is not
  needed", "... is optional"). "not only" and "don't forget" negate nothing. A clause ends
  at ``. ; : ! ?``, a comma, a bracket or a dash, and before "but", "because", "so",
  "which", "whereas"...
* A phrase does not count where its sentence denies it (``_denied``): a denying frame before
  it ("it is false that", "it is a myth that", "nobody claims") up to the sentence's end, a
  colon or a turn ("but", "because"); a predicate said of it just after ("is a myth", "is
  irrelevant", "is something I never heard of"); or "is wrong" said of a claim ("the idea
  that ... is wrong"). "Contrary to" negates as "instead of" does.
* A concept with an ``order`` is also named when the answer uses a phrase of each step, each
  one after the one before.
* An answer is read as sentences, not as a list of key words: for each concept it names
  beyond the first it needs a different word of its own (outside the phrases it is credited
  for), or it names none. "monitor typical slow useless" names none; "Clip after backward
  and before the step." names both its concepts.
* So is each clause: a phrase counts only in a clause with a word of its own for each
  concept it names there beyond the first (and at least one), without three phrases (of two
  concepts or more) in a row with at most "and", "or", "the"... between, and not in a
  template: three clauses or more naming concepts with the very same words of their own.
  "I have no idea. rnn unstable exploding", "Key words: cap, diverge", "I have zero idea rnn
  and unstable and exploding" and "it is about rnn, it is about exploding, it is about cap"
  name nothing; "Unstable exploding gradients hurt RNNs." names all three. A concept named
  by its ``order`` steps spans clauses: each step's phrase must stand in a clause that is
  not such a list.
* A clause must say something of what it names: one whose other words are all filler and
  empty claims ("matters", "is relevant", "remember", "maybe") is a list too: "rnn matters
  here. exploding matters too." names nothing. So is a clause of several concepts whose
  other words include no English word that says something (``answer_words``: ``known_words.txt`` and
  the question's own text) but some that are not filler ("lorem rnn ipsum exploding").
* A clause of one concept that says little, a claim of where it holds ("it matters for
  RNNs") or no English word that says something ("it diverges", "rnn x", "rnn banana"),
  counts only beside a clause that says something: an answer earns no more of them than
  it has clauses naming a concept that do.
"""

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache, partial

from quizapp.core.grading.answer_words import FILLER, is_content, says_nothing
from quizapp.core.grading.typed_text import plain_text
from quizapp.core.model.explain_question import Concept, ExplainQuestion

_ENDINGS = "(?:s|es|d|ed|ped|ing|ping)?"
"""Endings a phrase's words may carry in an answer (caps, capped, scaled, clipping)."""
_WORD = re.compile(r"[\w']+")
_CLAUSE_END = re.compile(
    r"[.;:!?](?=\s|$)|[,()\u2014\u2013]|\s-\s"
    r"|\b(?:but|because|since|so|which|whereas|although|though|however|otherwise)\b"
)
_NEGATIONS = frozenset(
    {"no", "not", "never", "without", "neither", "nor", "cannot", "none", "nobody", "hardly", "unlike"}
)
_TWO_WORD_NEGATIONS = frozenset({("instead", "of"), ("rather", "than"), ("contrary", "to")})
_CAUSING = frozenset(
    {
        *("lead", "leads", "leading", "led", "cause", "causes", "causing", "caused"),
        *("make", "makes", "making", "made", "mean", "means", "meaning", "meant"),
        *("result", "results", "resulting", "resulted", "give", "gives", "giving", "gave"),
        *("let", "lets", "allow", "allows", "allowed", "produce", "produces", "produced"),
        *("trigger", "triggers", "triggered", "bring", "brings", "brought"),
    }
)
"""Verbs of cause: after a negated cause ("not clipping", "no threshold"), what follows is not negated."""
_HEDGING_ADVERBS = frozenset({"really", "actually", "necessarily", "always", "usually", "ever", "directly"})
"""Adverbs that may stand between a negation and the verb it negates ("does not really lead")."""
_AFFIRMING = frozenset({"only", "forget", "skip", "omit", "miss", "neglect"})
"""Words after a negation that turn it into an affirmation of what follows."""
_UNCOUNTED = frozenset({"the", "a", "an", "or", "and", "any", "its", "their", "your", "to", "at", "all"})
"""Small words that do not move a phrase away from a negation before it."""
_JOINING = frozenset({"and", "or", "nor", "also", "plus", "then", "the", "a", "an", "&"})
"""Words that may join key words of a list ("rnn and unstable and exploding")."""
_LIST_RUN = 3
"""Phrase uses in a row (two concepts or more, only joining words between) that read as a list:
"unstable exploding gradients" is a sentence, "rnn unstable exploding" a list."""
_TEMPLATE_CLAUSES = 3
"""Clauses naming concepts with the very same words of their own that read as a filled-in template."""

_WHERE = frozenset({"for", "in", "with", "on", "to", "within", "across", "inside"})
"""Words before a phrase that make an empty claim say where it holds: "it matters for RNNs"."""
_WINDOW = 4
"""How many counted words before a phrase a negation reaches."""
_NOT_NEEDED = re.compile(
    r"^\W*(?:[\w']+\W+){0,2}?(?:(?:is|are|was|were)\s+)?"
    r"(?:(?:not|no\s+longer|never)\s+(?:needed|necessary|required|important)"
    r"|(?:isn't|aren't|wasn't)\s+(?:needed|necessary|required|important)"
    r"|unnecessary|unneeded|needless|optional|pointless)\b"
)
_STRETCH_END = re.compile(
    r"[.;:!?](?=\s|$)|\b(?:but|however|whereas|although|though|because|since|so|yet|instead|otherwise)\b"
)
"""Where what a denying frame governs ends: a sentence end, a colon, or a turn ("but", "because")."""
_DENYING_FRAME = re.compile(
    r"\b(?:it|this|that)(?:'s|\s+is|\s+was|\s+would\s+be)\s+"
    r"(?:(?:just|simply|plainly|completely|totally|entirely|absolutely|utterly|quite|a|an|common|popular)\s+)*"
    r"(?:false|untrue|wrong|incorrect|not\s+true|not\s+the\s+case|myths?|lies?|nonsense|misconceptions?"
    r"|fiction|fallac(?:y|ies)|rubbish)\s+(?:that|to\s+(?:say|think|claim|believe))\b"
    r"|\b(?:nobody|no\s+one|no-one|noone)\s+(?:(?:really|ever|seriously|actually|sane)\s+)?"
    r"(?:claim|think|say|believe|argue|agree|suggest|hold|pretend|expect|know)s?\b"
)
"""A frame that denies what follows it: "it is false that ...", "it's a myth that ...", "it is
wrong to say ...", "nobody claims ..." (also later in the sentence: "and it is false that ...")."""
_DENYING_PREDICATE = re.compile(
    r"^\W*(?:(?!(?:and|or|nor|but|while|then|whereas|yet|also)\b)[\w']+\W+){0,3}?"
    r"(?:(?:is|are|was|were|be|seems?|sounds?|remains?)\s+|'s\s+|'re\s+)"
    r"(?:(?:just|only|simply|all|purely|pure|totally|completely|entirely|utterly|absolutely|quite|really"
    r"|nothing|but|a|an|another|some|big|old|common|popular)\s+)*"
    r"(?:myths?|lies?|false|untrue|nonsense|fictional|fiction|fake|imaginary|irrelevant|meaningless"
    r"|misconceptions?|fallac(?:y|ies)|made[-\s]up(?!\s+of)|not\s+(?:true|real)"
    r"|(?:something|a\s+thing|a\s+word|a\s+term)\s+(?:that\s+)?(?:i|we)(?:'ve|\s+have|\s+just)?\s+"
    r"(?:never\s+(?:heard|seen)\s+of|made\s+up|invented))\b"
)
"""What, said just after a phrase of its subject, denies it: "instability is a myth (I made
up)", "the total norm is irrelevant", "a threshold is something I have never heard of"."""
_CLAIM = re.compile(r"\W*(?:that|the\s+(?:idea|claim|notion|belief|statement|myth)\s+that)\s+")
"""The opening of a claim made the subject of its sentence: "that ...", "the idea that ..."."""
_CLAIM_DENIED = re.compile(
    r"\b(?:is|was|'s)\s+(?:(?:just|simply|plainly|completely|totally|a)\s+)*(?:wrong|incorrect)\b"
)
"""What denies such a claim besides ``_DENYING_PREDICATE``: "the idea that ... is wrong". Only
a claim: "the direction is wrong" says something of the direction, it does not deny it."""


def normalized(text: str) -> str:
    """Return text as phrases are matched in it: ``plain_text``, case folded, one space between words."""
    return " ".join(plain_text(text).casefold().split())


def phrase_used(text: str, phrase: str) -> bool:
    """Whether a normalized text uses a phrase anywhere, negated or not."""
    return _may_occur(text, phrase) and _phrase_pattern(phrase).search(text) is not None


def concept_named(concept: Concept, text: str) -> bool:
    """Whether a normalized answer names a concept: one affirmed phrase, or its steps in order."""
    if any(True for phrase in concept.phrases for _ in _affirmed(text, phrase)):
        return True
    return bool(concept.order) and _in_order(concept.order, text)


def concepts_earned(
    concepts: Sequence[Concept], text: str, known: frozenset[str] = frozenset()
) -> tuple[list[Concept], bool]:
    """The concepts a normalized answer earns, and whether it reads as a list of key words.

    This is the one rule for grading and for an author's sample answers (the module
    docstring says it in words). A list earns nothing. ``known`` are words that count as
    English besides ``known_words.txt``: the question's own (``question_words``).
    """
    named = [concept for concept in concepts if concept_named(concept, text)]
    if reads_as_a_list(named, text):
        return [], True
    lists = _listed_clauses(named, text, known)

    def in_a_sentence(start: int) -> bool:
        return not any(low <= start < high for low, high in lists)

    def said_of_it(concept: Concept, start: int) -> bool:
        return in_a_sentence(start) and not _said_of_another(concept, concepts, text, start)

    earned = [
        concept
        for concept in named
        if any(
            said_of_it(concept, start) for phrase in concept.phrases for start, _ in _affirmed(text, phrase)
        )
        or (concept.order and _in_order(concept.order, text, partial(said_of_it, concept)))
    ]
    return earned, len(earned) < len(named)


def _said_of_another(concept: Concept, concepts: Sequence[Concept], text: str, start: int) -> bool:
    """Whether the clause around ``start`` names what another concept is about, and not this one's.

    "clip_grad_value_ rescales all by one factor" says of value clipping what the question
    credits of norm clipping: a swapped definition earns neither idea (``Concept.about``).
    """
    if not concept.about:
        return False
    rivals = {name for other in concepts for name in other.about} - set(concept.about)
    low, high = next((low, high) for low, high in _clauses(text) if low <= start <= high)
    clause = text[low:high]
    return any(phrase_used(clause, name) for name in rivals) and not any(
        phrase_used(clause, name) for name in concept.about
    )


def _listed_clauses(concepts: Sequence[Concept], text: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """The (start, end) of each clause of ``text`` that lists ``concepts``' phrases rather than says them.

    Such a clause has too few different words of its own (outside every phrase): none, or
    fewer than the concepts it names less one; or three phrase uses in a row (``_longest_run``);
    or the same words of its own as two other clauses that name concepts (a template filled
    with key words); or words of its own that only claim its concepts matter ("rnn matters
    here"). A clause whose words say little of their own (see ``weak`` below) counts only
    beside as many clauses that say something.
    """
    uses = sorted(
        (start, end, number)
        for number, concept in enumerate(concepts)
        for phrase in concept.phrases
        for start, end in _affirmed(text, phrase)
    )
    covered = bytearray(len(text))
    for start, end, _ in uses:
        covered[start:end] = b"\x01" * (end - start)
    listed = []
    said: dict[frozenset[str], list[tuple[int, int]]] = {}
    # Clauses that say little of their own: where a claim holds ("it matters for rnns"), a
    # bare pronoun ("it diverges"), or only words no English text uses ("rnn banana").
    weak: list[tuple[int, int]] = []
    steps = [
        start
        for concept in concepts
        for step in concept.order
        for phrase in step
        for start, _ in _affirmed(text, phrase)
    ]
    saying = 0
    for low, high in _clauses(text):
        inside = [use for use in uses if low <= use[0] < high]
        own = {match.group() for match in _WORD.finditer(text, low, high) if not covered[match.start()]}
        named = len({number for _, _, number in inside})
        if not named:  # a step of an order said in a sentence says something too: "call backward, ..."
            if any(low <= start < high for start in steps) and any(is_content(word, known) for word in own):
                saying += 1
            continue
        if len(own) < max(1, named - 1) or _longest_run(inside, text) >= _LIST_RUN:
            listed.append((low, high))
        elif says_nothing(own):  # "rnn matters here"; but "it matters for rnns" says where
            applied = all(_word_before(text, low, start) in _WHERE for start, _, _ in inside)
            (weak if applied else listed).append((low, high))
        elif not any(is_content(word, known) for word in own) and (
            named == 1 or any(word not in FILLER for word in own)
        ):  # "rnn x", "it diverges", "lorem rnn ipsum exploding"; not "a large gradient is scaled down"
            (weak if named == 1 else listed).append((low, high))
        else:
            said.setdefault(frozenset(own), []).append((low, high))
    for clauses in said.values():  # "it is about rnn, it is about exploding, it is about ..."
        if len(clauses) >= _TEMPLATE_CLAUSES:
            listed += clauses
    saying += sum(1 for clauses in said.values() for clause in clauses if clause not in listed)
    listed += weak[saying:]  # no more of them than of clauses that say something
    return listed


def _word_before(text: str, low: int, start: int) -> str:
    """The word before ``start`` in the clause that begins at ``low``, articles skipped ("" if none)."""
    words = [word for word in _WORD.findall(text, low, start) if word not in {"the", "a", "an"}]
    return words[-1] if words else ""


def question_words(question: ExplainQuestion) -> frozenset[str]:
    """The words of a question's own text (prompt, model answer, explanation, hints, concept names).

    They count as English in its answers besides ``known_words.txt``, so an author's new term
    is a word there.
    """
    texts = (question.prompt, question.model_answer, question.explanation, *question.hints)
    names = (concept.name for concept in question.concepts)
    return frozenset(word for text in (*texts, *names) for word in _WORD.findall(normalized(text)))


def _longest_run(uses: list[tuple[int, int, int]], text: str) -> int:
    """The most phrase uses (start, end, concept) in a row, of two concepts or more, with no word between.

    Only joining words ("and", "or"...) may stand between two uses of a run.
    """
    longest = run = 1
    concepts = {uses[0][2]} if uses else set()
    for earlier, later in itertools.pairwise(uses):
        if later[0] < earlier[1]:
            continue  # overlapping uses ("huge update" and "update"): one place in the run
        gap = _WORD.findall(text, earlier[1], later[0])
        if all(word in _JOINING for word in gap):
            run += 1
            concepts.add(later[2])
        else:
            run, concepts = 1, {later[2]}
        if len(concepts) > 1:
            longest = max(longest, run)
    return longest if uses else 0


def _clauses(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each clause of a normalized text, split where ``_CLAUSE_END`` matches."""
    start = 0
    for end in _CLAUSE_END.finditer(text):
        yield start, end.start()
        start = end.end()
    yield start, len(text)


def own_words(concepts: Iterable[Concept], text: str) -> set[str]:
    """The different words of a normalized answer outside every affirmed phrase of ``concepts``."""
    covered = bytearray(len(text))
    for concept in concepts:
        for phrase in (*concept.phrases, *(phrase for step in concept.order for phrase in step)):
            for start, end in _affirmed(text, phrase):
                covered[start:end] = b"\x01" * (end - start)
    return {match.group() for match in _WORD.finditer(text) if not covered[match.start()]}


def reads_as_a_list(concepts: Sequence[Concept], text: str) -> bool:
    """Whether an answer that names ``concepts`` is only their key words, with too few of its own."""
    return len(own_words(concepts, text)) < len(concepts) - 1


def _in_order(
    steps: tuple[tuple[str, ...], ...], text: str, counts: Callable[[int], bool] = lambda start: True
) -> bool:
    """Whether an affirmed phrase of each step occurs, each after the previous one ends.

    Only uses whose start ``counts`` are taken. Taking, at each step, the match that ends
    first is never worse than any other choice.
    """
    position = 0
    for step in steps:
        ends = [
            end
            for phrase in step
            for start, end in _affirmed(text, phrase)
            if start >= position and counts(start)
        ]
        if not ends:
            return False
        position = min(ends)
    return True


def _affirmed(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of each use of a phrase that its clause does not negate."""
    if not _may_occur(text, phrase):
        return
    for match in _phrase_pattern(phrase).finditer(text):
        if not _negated(text, match.start(), match.end()):
            yield match.start(), match.end()


def _negated(text: str, start: int, end: int) -> bool:
    """Whether its clause negates text[start:end] (before or just after), or its sentence denies it."""
    if _denied(text, start, end):
        return True
    before = _WORD.findall(_CLAUSE_END.split(text[:start])[-1])
    counted = [index for index, word in enumerate(before) if word not in _UNCOUNTED]
    negations = [place for place, index in enumerate(counted) if _negates(before, index)]
    if negations and _scope_ended(before, counted[negations[-1]]):
        negations = []  # "not clipping leads to huge updates": the negation is of the cause
    if negations:
        last = negations[-1]
        if last >= len(counted) - _WINDOW:  # "no zero_grad", "neither one will rescale"
            return True
        if {"or", "nor"} & set(before[counted[last] :]):  # "neither A or B": B is negated too
            return True
    return _NOT_NEEDED.match(_CLAUSE_END.split(text[end:])[0]) is not None


def _denied(text: str, start: int, end: int) -> bool:
    """Whether a sentence denies text[start:end] as a whole: a frame before it, a predicate after it.

    A frame ("it is false that", "it is a myth that", "nobody claims") denies all that follows
    it up to the end of the sentence, a colon or a turn ("but", "because": ``_STRETCH_END``). A
    predicate said of the phrase just after it in its clause ("is a myth", "is irrelevant",
    "is something I have never heard of") denies it; so does "is wrong" said of a claim ("the
    idea that ... is wrong"). "Without clipping the update is huge" denies nothing.
    """
    opening = _STRETCH_END.split(text[:start])[-1]
    if _DENYING_FRAME.search(opening):
        return True
    if _DENYING_PREDICATE.match(_CLAUSE_END.split(text[end:])[0]):
        return True
    return bool(_CLAIM.match(opening)) and bool(_CLAIM_DENIED.search(_STRETCH_END.split(text[end:])[0]))


def _scope_ended(words: list[str], negation: int) -> bool:
    """Whether a verb of cause after the negation at ``words[negation]`` ends what it negates.

    "Not clipping leads to huge updates" negates the clipping, not the updates: the verb
    ("leads", "causes", "means"...) starts what follows. Right after the negation (adverbs
    aside) the verb is what is negated: "clipping does not lead to huge updates".
    """
    after = [
        word for word in words[negation + 1 :] if word not in _UNCOUNTED and word not in _HEDGING_ADVERBS
    ]
    return any(word in _CAUSING for word in after[1:])


def _negates(words: list[str], index: int) -> bool:
    """Whether words[index] starts a negation ("not", "doesn't", "instead of"...)."""
    word, following = words[index], words[index + 1] if index + 1 < len(words) else ""
    if following in _AFFIRMING:  # "not only X but also Y", "don't forget zero_grad" affirm it
        return False
    return word in _NEGATIONS or word.endswith("n't") or (word, following) in _TWO_WORD_NEGATIONS


def _may_occur(text: str, phrase: str) -> bool:
    """False when the phrase cannot be in the text: some word of it is nowhere, not even its stem.

    Every match of ``_phrase_pattern`` holds each word whole, or a word ending in "e" without
    that "e" (diverge -> diverging), so a text lacking one of those cannot match. Most phrases
    are in neither a prompt nor an answer, and this spares compiling their patterns (the bank
    checks about 200 when it loads) and running them.
    """
    return all(stem in text for stem in _stems(phrase))


@lru_cache(maxsize=4096)
def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(word[:-1] if word.endswith("e") else word for word in normalized(phrase).split())


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [_word_pattern(word) for word in normalized(phrase).split()]
    return re.compile(rf"(?<!\w){' '.join(words)}(?!\w)")


def _word_pattern(word: str) -> str:
    pattern = re.escape(word) + _ENDINGS
    if word.endswith("e"):  # diverge -> diverging
        pattern = f"(?:{pattern}|{re.escape(word[:-1])}ing)"
    return pattern
