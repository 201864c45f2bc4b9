"""Why two commitments match: shared words, shared concepts, synonyms that fired."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from compare.lexicon import mapper
from compare.profile import (
    CONCEPT_TOKEN,
    Analysis,
    Profile,
    analyse_agreement,
    analyse_commitment,
    weigh,
)
from compare.results import Match
from compare.scoring import COUNTERPART_THRESHOLD, combine, parts
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


def _explained_tokens(
    a: Profile, b: Profile
) -> tuple[float, float, list[tuple[str, str, float]], list[str], list[tuple[float, str]]]:
    """One pass over the shared tokens, in sorted order (as `shared_parts` adds them).

    Returns the words and concepts sums (0–1), each token's points, the shared
    word keys and the shared topics with their products.
    """
    one, two = a.vector, b.vector
    words = concepts = 0.0
    points: list[tuple[str, str, float]] = []
    shared_words: list[str] = []
    topics: list[tuple[float, str]] = []
    for token in sorted(one.keys() & two.keys()):
        product = one[token] * two[token]
        if token.startswith(CONCEPT_TOKEN):
            concepts += product
            topic = token[len(CONCEPT_TOKEN) :]
            points.append(("concept", topic, 100.0 * product))
            topics.append((product, topic))
        else:
            words += product
            points.append(("word", a.word_surfaces.get(token, token), 100.0 * product))
            shared_words.append(token)
    return words, concepts, points, shared_words, topics


def contributions(a: Profile, b: Profile, total: float) -> tuple[tuple[str, str, float], ...]:
    """Each shared token's points, largest first; they add up to `total`."""
    return _ordered_points(_explained_tokens(a, b)[2], total)


def _ordered_points(
    found: list[tuple[str, str, float]], total: float
) -> tuple[tuple[str, str, float], ...]:
    raw = sum(points for _, _, points in found)
    if raw > total > 0:  # the score is capped at 100: scale the parts with it
        found = [(kind, label, points * total / raw) for kind, label, points in found]
    found.sort(key=lambda entry: (-entry[2], entry[0], entry[1]))
    return tuple(found)


class Evidence(NamedTuple):
    """What two profiles share, summed in sorted token order (as `shared_parts` adds it).

    The same for (a, b) and (b, a): products commute and the order is the
    tokens' sorted order, so one pass serves both directions of a pair.
    """

    score: float
    words: float  # 0–1: the dot product over shared words
    concepts: float  # 0–1: over shared concepts
    shared_words: tuple[str, ...]  # word keys, sorted
    topics: tuple[str, ...]  # shared topics, strongest first


def evidence(a: Profile, b: Profile) -> Evidence:
    """One pass over the shared tokens: the exact score and what makes it."""
    one, two = a.vector, b.vector
    words = concepts = 0.0
    shared_words: list[str] = []
    topics: list[tuple[float, str]] = []
    for token in sorted(one.keys() & two.keys()):
        product = one[token] * two[token]
        if token.startswith(CONCEPT_TOKEN):
            concepts += product
            topics.append((product, token[len(CONCEPT_TOKEN) :]))
        else:
            words += product
            shared_words.append(token)
    topics.sort(key=lambda item: (-item[0], item[1]))
    return Evidence(
        combine(words, concepts),
        words,
        concepts,
        tuple(shared_words),
        tuple(topic for _, topic in topics),
    )


def match_from_evidence(a: Profile, b: Profile, found: Evidence) -> Match:
    """The match of `a` (the query) against `b`, from their shared evidence.

    Equal to `make_match(a, b)` (without contributions): the words are quoted
    as the query writes them and synonyms are read query first.
    """
    total = found.score
    # `parts(words, concepts)`, whose total is this very score.
    word_part = min(100.0 * found.words, total)
    return Match(
        a.ref,
        b.ref,
        total,
        tuple(map(a.word_surfaces.__getitem__, found.shared_words)),
        found.topics,
        synonyms_fired(a, b, found.topics) if found.topics else (),
        {"words": word_part, "concepts": total - word_part},
        total >= COUNTERPART_THRESHOLD,
    )


def make_match(
    a: Profile, b: Profile, value: float | None = None, *, detailed: bool = False
) -> Match:
    """The explained match of profile `a` (the query) against `b`.

    `detailed` adds each shared token's points (`Match.contributions`), which
    `explain` shows; `match_pair` leaves them out, as they cost as much as the
    rest of the explanation and no list of matches shows them.
    """
    words, concept, points, shared_words, topics = _explained_tokens(a, b)
    if value is None:
        value = combine(words, concept)
    topics.sort(key=lambda item: (-item[0], item[1]))
    concepts = tuple(topic for _, topic in topics)
    return Match(
        ref=a.ref,
        other=b.ref,
        score=value,
        shared=tuple(a.word_surfaces[w] for w in shared_words),
        concepts=concepts,
        synonyms=synonyms_fired(a, b, concepts),
        breakdown=parts(words, concept),
        is_counterpart=value >= COUNTERPART_THRESHOLD,
        contributions=_ordered_points(points, value) if detailed else (),
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

    Pass the agreements the commitments belong to: words and concepts are
    weighted by how rare they are across the two agreements, and each
    agreement's own party names are left out, as `match_pair` does. The
    scores agree exactly when both get the same agreements. Without them the
    two texts are weighted on their own.
    """
    concept_mapper = mapper(lexicon)

    def side(agreement: Agreement | None, commitment: Commitment) -> tuple[list[Analysis], int]:
        if agreement is not None and agreement.commitment(commitment.id) is not None:
            analyses = analyse_agreement(agreement, concept_mapper)
            index = next(i for i, x in enumerate(analyses) if x.ref == commitment.ref)
            return analyses, index
        return [analyse_commitment(agreement, commitment, concept_mapper)], 0

    side_a, index_a = side(a_agreement, a)
    side_b, index_b = side(b_agreement, b)
    pa, pb = weigh([side_a, side_b], concept_mapper.weights)
    return make_match(pa[index_a], pb[index_b], detailed=True)
