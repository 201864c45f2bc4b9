"""Why two commitments match: shared words, shared concepts, synonyms that fired."""

from __future__ import annotations

from compare.lexicon import mapper
from compare.profile import Profile, commitment_profile
from compare.results import Match
from compare.scoring import COUNTERPART_THRESHOLD, breakdown, score
from store.model import Agreement, Commitment, Lexicon


def _fold(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def _nested(one: str, other: str) -> bool:
    a, b = set(one.split()), set(other.split())
    return a <= b or b <= a


def synonyms_fired(
    a: Profile, b: Profile, topics: tuple[str, ...]
) -> tuple[tuple[str, str, str], ...]:
    """For each shared topic both texts name, the two phrases when they differ.

    "TVET" against "vocational education" fired the `tvet` synonym; "TVET"
    against "TVET" is a shared word, not a synonym. A topic that one side has
    only from its heading or its declared topics has no phrase to show.
    """
    fired: list[tuple[str, str, str]] = []
    for topic in topics:
        mine = a.concept_surfaces.get(topic, ())
        theirs = b.concept_surfaces.get(topic, ())
        if not mine or not theirs:
            continue
        mine_folded = {_fold(phrase) for phrase in mine}
        theirs_folded = {_fold(phrase) for phrase in theirs}
        if mine_folded == theirs_folded:
            continue
        pairs = [
            (phrase, other)
            for phrase in mine
            for other in theirs
            if _fold(phrase) not in theirs_folded or _fold(other) not in mine_folded
        ]
        # "skills" inside "skills anticipation" is the same word, not a synonym.
        real = [(p, o) for p, o in pairs if not _nested(_fold(p), _fold(o))]
        if real:
            fired.append((real[0][0], real[0][1], topic))
    return tuple(fired)


def make_match(a: Profile, b: Profile, value: float | None = None) -> Match:
    """The explained match of profile `a` (the query) against `b`."""
    value = score(a, b) if value is None else value
    shared_topics = sorted(
        (topic for topic in a.concepts if topic in b.concepts),
        key=lambda topic: (-a.concepts[topic] * b.concepts[topic], topic),
    )
    other_words = set(b.words)
    shared_words = tuple(a.word_surfaces[w] for w in a.words if w in other_words)
    concepts = tuple(shared_topics)
    return Match(
        ref=a.ref,
        other=b.ref,
        score=value,
        shared=shared_words,
        concepts=concepts,
        synonyms=synonyms_fired(a, b, concepts),
        breakdown=breakdown(a, b),
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
