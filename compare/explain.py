"""Why two commitments match: shared words, shared concepts, synonyms that fired."""

from __future__ import annotations

from functools import lru_cache

from compare.lexicon import mapper
from compare.profile import Profile, commitment_profile
from compare.results import Match
from compare.scoring import (
    COUNTERPART_THRESHOLD,
    combine,
    concept_similarity,
    parts,
    word_similarity,
)
from store.agreements.model import Agreement, Commitment, Lexicon


@lru_cache(maxsize=1 << 14)
def _fold(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


@lru_cache(maxsize=1 << 14)
def _words(phrase: str) -> frozenset[str]:
    return frozenset(_fold(phrase).split())


def _first_synonym(mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, str] | None:
    """The first two phrases that differ and are not one inside the other.

    "TVET" against "vocational education" is a synonym; "skills" against
    "skills anticipation" is the same word, and "TVET" against "TVET" a
    shared word.
    """
    for phrase in mine:
        one = _words(phrase)
        for other in theirs:
            two = _words(other)
            if not (one <= two or two <= one):
                return phrase, other
    return None


def synonyms_fired(
    a: Profile, b: Profile, topics: tuple[str, ...]
) -> tuple[tuple[str, str, str], ...]:
    """For each shared topic both texts name, which phrases made them meet.

    A topic that one side has only from its heading or its declared topics
    has no phrase to show.
    """
    fired: list[tuple[str, str, str]] = []
    for topic in topics:
        mine = a.concept_surfaces.get(topic)
        theirs = b.concept_surfaces.get(topic)
        if mine and theirs:
            found = _first_synonym(mine, theirs)
            if found is not None:
                fired.append((found[0], found[1], topic))
    return tuple(fired)


def make_match(a: Profile, b: Profile, value: float | None = None) -> Match:
    """The explained match of profile `a` (the query) against `b`."""
    concept = concept_similarity(a, b)
    words = word_similarity(a, b)
    if value is None:
        value = combine(concept, words)
    shared_topics = sorted(
        (topic for topic in a.concepts if topic in b.concepts),
        key=lambda topic: (-a.concepts[topic] * b.concepts[topic], topic),
    )
    other_words = set(b.words)
    concepts = tuple(shared_topics)
    return Match(
        ref=a.ref,
        other=b.ref,
        score=value,
        shared=tuple(a.word_surfaces[w] for w in a.words if w in other_words),
        concepts=concepts,
        synonyms=synonyms_fired(a, b, concepts),
        breakdown=parts(concept, words),
        is_counterpart=value >= COUNTERPART_THRESHOLD,
    )


def explain(
    a: Commitment,
    b: Commitment,
    lexicon: Lexicon,
    *,
    a_agreement: Agreement | None = None,
    b_agreement: Agreement | None = None,
) -> Match:
    """Score and explain `a` against `b`.

    Pass the agreements the commitments belong to: their area headings are
    part of what a commitment is about, and `match_pair` uses them too. The
    scores agree exactly when both get the same agreements.
    """
    concept_mapper = mapper(lexicon)
    return make_match(
        commitment_profile(a_agreement, a, concept_mapper),
        commitment_profile(b_agreement, b, concept_mapper),
    )
