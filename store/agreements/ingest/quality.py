"""How close a draft comes to a hand-encoded agreement (benchmarks and tests use this).

Each hand commitment is matched to the draft commitment with the greatest
word overlap; a match counts at a token Jaccard of 0.8 or more. Precision is
over draft commitments (each draft commitment matched at most once), recall
over hand ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.agreements.model import Agreement

MATCH_AT = 0.8


def tokens(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Quality:
    hand: int
    draft: int
    matched: int
    area_agree: int
    modality_agree: int
    unmatched_hand: tuple[str, ...]
    unmatched_draft: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.draft if self.draft else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.hand if self.hand else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def area_rate(self) -> float:
        return self.area_agree / self.matched if self.matched else 0.0

    @property
    def modality_rate(self) -> float:
        return self.modality_agree / self.matched if self.matched else 0.0


def compare_agreements(hand: Agreement, draft: Agreement) -> Quality:
    drafted = list(draft.commitments())
    draft_tokens = [tokens(c.text) for c in drafted]
    draft_area = {a.id: _fold(a.title) for a in draft.areas}
    used: set[int] = set()
    matched = area_agree = modality_agree = 0
    unmatched: list[str] = []
    hand_area = {a.id: _fold(a.title) for a in hand.areas}
    for commitment in hand.commitments():
        words = tokens(commitment.text)
        best, best_score = -1, 0.0
        for index, candidate in enumerate(draft_tokens):
            if index in used:
                continue
            score = jaccard(words, candidate)
            if score > best_score:
                best, best_score = index, score
        if best < 0 or best_score < MATCH_AT:
            unmatched.append(commitment.text)
            continue
        used.add(best)
        matched += 1
        found = drafted[best]
        if hand_area[commitment.area_id] == draft_area[found.area_id]:
            area_agree += 1
        if found.modality == commitment.modality:
            modality_agree += 1
    extra = tuple(c.text for i, c in enumerate(drafted) if i not in used)
    return Quality(
        len(list(hand.commitments())),
        len(drafted),
        matched,
        area_agree,
        modality_agree,
        tuple(unmatched),
        extra,
    )
