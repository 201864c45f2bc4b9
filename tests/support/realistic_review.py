"""A realistic review of the bundled pair, as a reviewer would leave it after an afternoon.

Decisions follow the matcher's suggestions for the ETF's commitments: most best
matches confirmed with a tag and some with a note, one commitment with two
confirmed counterparts under different tags, one deferred, one left undecided,
two rejected, and a note on a commitment that stays a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compare import match_pair
from store.agreements.model import Corpus
from store.review.store import ReviewStore

PAIR = ("etf-2026", "hlm-2022")


@dataclass
class Decisions:
    confirmed: dict[str, set[str]] = field(default_factory=dict)  # A ref → B refs
    deferred: set[tuple[str, str]] = field(default_factory=set)
    suggested: set[tuple[str, str]] = field(default_factory=set)
    rejected: set[tuple[str, str]] = field(default_factory=set)
    notes: dict[tuple[str, ...], str] = field(default_factory=dict)


def review_bundled_pair(store: ReviewStore, corpus: Corpus, note: str | None = None) -> Decisions:
    """Decide on the bundled pair; `note` (if given) is the text of every note."""
    etf, hlm = corpus.agreement(PAIR[0]), corpus.agreement(PAIR[1])
    assert etf is not None and hlm is not None
    matches = match_pair(etf, hlm, corpus.lexicon, use_cache=False).forward
    refs = [c.ref for c in etf.commitments()]
    plan = [  # (status, tag) for each ETF commitment's best match, in document order
        ("confirmed", "aligned"),
        ("confirmed", "partial-overlap"),
        ("deferred", None),
        ("confirmed", "complementary"),
        ("rejected", "divergent"),
        ("confirmed", "aligned"),
        ("suggested", None),
        ("confirmed", None),
    ]
    made = Decisions()
    for ref, (status, tag) in zip(refs, plan, strict=False):
        best = matches[ref][0]
        store.set_link(ref, best.other, status=status, tag=tag, score=best.score)
        key = (ref, best.other)
        if status == "confirmed":
            made.confirmed.setdefault(ref, set()).add(best.other)
        else:
            getattr(made, status).add(key)
    first, second = refs[0], matches[refs[0]][1]
    store.set_link(first, second.other, status="confirmed", tag="complementary", score=second.score)
    made.confirmed[first].add(second.other)
    third = matches[refs[1]][1]
    store.set_link(refs[1], third.other, status="rejected", score=third.score)
    made.rejected.add((refs[1], third.other))
    for key, text in (
        ((first, matches[first][0].other), "Both promise better labour market data."),
        ((first, second.other), "Measurement supports the data work."),
        ((refs[2], matches[refs[2]][0].other), "Ask the ETF whether TVET reform is in scope."),
        ((refs[4], matches[refs[4]][0].other), "Different audiences; not a counterpart."),
        ((refs[9],), "No HLM counterpart: raise at the next meeting."),
    ):
        text = note if note is not None else text
        store.add_note(key[0] if len(key) == 1 else (key[0], key[1]), text)
        made.notes[key] = text
    return made
