"""Two versions of one agreement, commitment by commitment and word by word.

Alignment, in order (each stage only sees what the earlier ones left):

1. the same commitment id in both versions;
2. the same wording (whitespace and Unicode form ignored);
3. close wording: rapidfuzz's normalised Indel similarity ≥ 0.75, best pairs
   first, among candidates that share a rare word (an inverted index keeps
   10,000 × 10,000 far from a full matrix);
4. split and merge: a leftover commitment whose words lie inside another
   version's commitment (partial ratio ≥ 90), together with that one's own
   partner if it also lies inside;
5. the rest is added or removed.

A pair is unchanged, or any of: reworded (with a word-level redline), moved to
another area, modality strengthened or weakened.

Modality strength, strongest first (MODALITY_STRENGTH): committed > agreed >
will > intend > endeavour > explore > consider. "Committed to" is a pledge,
"agree to" a joint decision, "will" a plain statement of future action,
"intend to" a plan, "endeavour to" a best effort, "explore" a look at
possibilities and "consider" the weakest, a promise only to think about it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from store.agreements.model import MODALITIES, Agreement, Commitment

MODALITY_STRENGTH: dict[str, int] = {
    "committed": 7,
    "agreed": 6,
    "will": 5,
    "intend": 4,
    "endeavour": 3,
    "explore": 2,
    "consider": 1,
}
assert set(MODALITY_STRENGTH) == set(MODALITIES)

REWORD_AT = 0.75
PART_AT = 90.0
KINDS = ("reworded", "moved", "strengthened", "weakened", "split", "merged", "added", "removed")


@dataclass(frozen=True, slots=True)
class Word:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class Change:
    """What became of one commitment (or of a group, for a split or a merge)."""

    kind: str  # "pair", "split", "merged", "added" or "removed"
    old: tuple[Commitment, ...]
    new: tuple[Commitment, ...]
    aspects: tuple[str, ...] = ()  # reworded, moved, strengthened, weakened
    redline: tuple[Word, ...] = ()
    score: float = 1.0

    @property
    def unchanged(self) -> bool:
        return self.kind == "pair" and not self.aspects

    @property
    def labels(self) -> tuple[str, ...]:
        if self.kind == "pair":
            return self.aspects or ("unchanged",)
        return (self.kind,)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.ref for c in (*self.old, *self.new)))


@dataclass(frozen=True)
class VersionDiff:
    agreement_id: str
    changes: tuple[Change, ...]
    old_areas: dict[str, str] = field(default_factory=dict)  # area id → title
    new_areas: dict[str, str] = field(default_factory=dict)

    def counts(self) -> Counter[str]:
        counted: Counter[str] = Counter()
        for change in self.changes:
            counted.update(change.labels)
        return counted

    @property
    def changed(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if not change.unchanged)


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _fold(text: str) -> str:
    return normalise(text).casefold()


def words(text: str) -> list[str]:
    return normalise(text).split()


def redline(old: str, new: str) -> tuple[Word, ...]:
    """Word-level differences: equal runs, deleted and inserted words."""
    before, after = words(old), words(new)
    out: list[Word] = []
    for op in Indel.opcodes(before, after):
        if op.tag == "equal":
            out.append(Word("equal", " ".join(before[op.src_start : op.src_end])))
        elif op.tag == "delete":
            out.append(Word("delete", " ".join(before[op.src_start : op.src_end])))
        elif op.tag == "insert":
            out.append(Word("insert", " ".join(after[op.dest_start : op.dest_end])))
        else:  # replace
            out.append(Word("delete", " ".join(before[op.src_start : op.src_end])))
            out.append(Word("insert", " ".join(after[op.dest_start : op.dest_end])))
    return tuple(word for word in out if word.text)


def modality_direction(old: str, new: str) -> str | None:
    before, after = MODALITY_STRENGTH.get(old, 0), MODALITY_STRENGTH.get(new, 0)
    if after > before:
        return "strengthened"
    if after < before:
        return "weakened"
    return None


def _pair(old: Commitment, new: Commitment, score: float = 1.0) -> Change:
    aspects: list[str] = []
    line: tuple[Word, ...] = ()
    if _fold(old.text) != _fold(new.text) or normalise(old.text) != normalise(new.text):
        aspects.append("reworded")
        line = redline(old.text, new.text)
    if old.area_id != new.area_id:
        aspects.append("moved")
    direction = modality_direction(old.modality, new.modality)
    if direction:
        aspects.append(direction)
    return Change("pair", (old,), (new,), tuple(aspects), line, score)


_TOKEN = re.compile(r"[a-z0-9]{3,}")


class _Texts:
    """Folded text and word set of each commitment, computed once per diff."""

    def __init__(self) -> None:
        self._folded: dict[int, str] = {}
        self._tokens: dict[int, frozenset[str]] = {}

    def fold(self, commitment: Commitment) -> str:
        key = id(commitment)
        found = self._folded.get(key)
        if found is None:
            found = self._folded[key] = _fold(commitment.text)
        return found

    def tokens(self, commitment: Commitment) -> frozenset[str]:
        key = id(commitment)
        found = self._tokens.get(key)
        if found is None:
            found = self._tokens[key] = frozenset(_TOKEN.findall(self.fold(commitment)))
        return found


def _similar(old: str, new: str) -> float:
    return fuzz.ratio(old, new) / 100.0


def _fuzzy_pairs(
    olds: list[Commitment], news: list[Commitment], texts: _Texts
) -> list[tuple[float, Commitment, Commitment]]:
    """Candidate pairs sharing one of a commitment's rarest words, best score first."""
    if not olds or not news:
        return []
    frequency: Counter[str] = Counter()
    for commitment in (*olds, *news):
        frequency.update(texts.tokens(commitment))

    def rarest(commitment: Commitment) -> list[str]:
        return sorted(texts.tokens(commitment), key=lambda t: (frequency[t], t))[:4]

    index: dict[str, list[int]] = defaultdict(list)
    for number, commitment in enumerate(olds):
        for token in rarest(commitment):
            index[token].append(number)
    scored: list[tuple[float, int, int]] = []
    for new_number, commitment in enumerate(news):
        candidates: set[int] = set()
        for token in rarest(commitment):
            candidates.update(index.get(token, ()))
        text = texts.fold(commitment)
        for old_number in candidates:
            score = _similar(texts.fold(olds[old_number]), text)
            if score >= REWORD_AT:
                scored.append((score, old_number, new_number))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    return [(score, olds[o], news[n]) for score, o, n in scored]


def _inside(part: str, whole: str) -> bool:
    """`part`'s words lie inside the longer `whole` (a piece of a split or merge)."""
    return len(part) < len(whole) * 0.85 and fuzz.partial_ratio(part, whole) >= PART_AT


def diff_agreements(old: Agreement, new: Agreement) -> VersionDiff:
    old_items = list(old.commitments())
    new_items = list(new.commitments())
    texts = _Texts()
    pairs: dict[str, tuple[Commitment, Commitment, float]] = {}  # old id → pair
    paired_new: set[str] = set()

    new_by_id = {c.id: c for c in new_items}
    for commitment in old_items:
        partner = new_by_id.get(commitment.id)
        if partner is not None:
            pairs[commitment.id] = (commitment, partner, 1.0)
            paired_new.add(partner.id)

    left_old = [c for c in old_items if c.id not in pairs]
    left_new = [c for c in new_items if c.id not in paired_new]
    by_text: dict[str, list[Commitment]] = defaultdict(list)
    for commitment in left_new:
        by_text[texts.fold(commitment)].append(commitment)
    for commitment in left_old:
        same = by_text.get(texts.fold(commitment))
        if same:
            partner = same.pop(0)
            pairs[commitment.id] = (commitment, partner, 1.0)
            paired_new.add(partner.id)

    left_old = [c for c in old_items if c.id not in pairs]
    left_new = [c for c in new_items if c.id not in paired_new]
    for score, before, after in _fuzzy_pairs(left_old, left_new, texts):
        if before.id in pairs or after.id in paired_new:
            continue
        pairs[before.id] = (before, after, score)
        paired_new.add(after.id)

    changes: list[Change] = []
    groups = _splits_and_merges(old_items, new_items, pairs, paired_new, texts)
    grouped_old = {c.id for change in groups for c in change.old}
    grouped_new = {c.id for change in groups for c in change.new}
    emitted: set[int] = set()
    for commitment in old_items:
        if commitment.id in grouped_old:
            for number, change in enumerate(groups):
                if number not in emitted and commitment in change.old:
                    changes.append(change)
                    emitted.add(number)
            continue
        if commitment.id in pairs:
            before, after, score = pairs[commitment.id]
            changes.append(_pair(before, after, score))
        else:
            changes.append(Change("removed", (commitment,), ()))
    for commitment in new_items:
        if commitment.id not in paired_new and commitment.id not in grouped_new:
            changes.append(Change("added", (), (commitment,)))
    for number, change in enumerate(groups):
        if number not in emitted:
            changes.append(change)
    return VersionDiff(
        new.id,
        tuple(changes),
        {a.id: a.title for a in old.areas},
        {a.id: a.title for a in new.areas},
    )


def _splits_and_merges(
    old_items: list[Commitment],
    new_items: list[Commitment],
    pairs: dict[str, tuple[Commitment, Commitment, float]],
    paired_new: set[str],
    texts: _Texts,
) -> list[Change]:
    """Leftovers that are pieces of a commitment in the other version."""
    groups: list[Change] = []
    partner_of_new = {after.id: before for before, after, _ in pairs.values()}
    left_new = [c for c in new_items if c.id not in paired_new]
    left_old = [c for c in old_items if c.id not in pairs]

    # Split: one old commitment, now two or more new ones.
    pieces: dict[str, list[Commitment]] = defaultdict(list)
    olds = _Containers(old_items, left_new, texts) if left_new else None
    for piece in left_new:
        assert olds is not None
        whole = olds.container(piece)
        if whole is not None:
            pieces[whole.id].append(piece)
    old_by_id = {c.id: c for c in old_items}
    for whole_id, found in pieces.items():
        whole = old_by_id[whole_id]
        partner = pairs.get(whole_id)
        members = list(found)
        if partner is not None and _inside(texts.fold(partner[1]), texts.fold(whole)):
            members.insert(0, partner[1])
        if len(members) < 2:
            continue
        new_position = {c.id: n for n, c in enumerate(new_items)}
        members.sort(key=lambda c: new_position[c.id])
        for member in members:
            paired_new.add(member.id)
        pairs.pop(whole_id, None)
        groups.append(Change("split", (whole,), tuple(members), ()))

    # Merge: two or more old commitments, now one new one.
    joined: dict[str, list[Commitment]] = defaultdict(list)
    left_old = [c for c in left_old if c.id not in pairs]
    news = _Containers(new_items, left_old, texts) if left_old else None
    for piece in left_old:
        assert news is not None
        whole = news.container(piece)
        if whole is not None and not any(whole in g.new for g in groups):
            joined[whole.id].append(piece)
    new_by_id = {c.id: c for c in new_items}
    for whole_id, found in joined.items():
        whole = new_by_id[whole_id]
        members = list(found)
        partner_old = partner_of_new.get(whole_id)
        if partner_old is not None and _inside(texts.fold(partner_old), texts.fold(whole)):
            members.insert(0, partner_old)
        if len(members) < 2:
            continue
        old_position = {c.id: n for n, c in enumerate(old_items)}
        members.sort(key=lambda c: old_position[c.id])
        for member in members:
            pairs.pop(member.id, None)
        paired_new.add(whole_id)
        groups.append(Change("merged", tuple(members), (whole,), ()))
    return groups


class _Containers:
    """Finds the commitment a piece of text came from, via the piece's rarest words.

    Only the words that occur in some piece are indexed: a few hundred
    leftovers against 10,000 candidates stays cheap.
    """

    def __init__(
        self, candidates: list[Commitment], pieces: list[Commitment], texts: _Texts
    ) -> None:
        self.candidates = candidates
        self.texts = texts
        vocabulary: set[str] = set()
        for piece in pieces:
            vocabulary |= texts.tokens(piece)
        self.frequency: Counter[str] = Counter()
        self.index: dict[str, list[int]] = defaultdict(list)
        for number, candidate in enumerate(candidates):
            for token in texts.tokens(candidate) & vocabulary:
                self.index[token].append(number)
                self.frequency[token] += 1

    def container(self, piece: Commitment) -> Commitment | None:
        text = self.texts.fold(piece)
        rare = sorted(self.texts.tokens(piece), key=lambda t: (self.frequency[t], t))[:4]
        # The whole holds (nearly) every word of its piece: only texts with all
        # but one of the piece's rarest words are candidates.
        hits: Counter[int] = Counter()
        for token in rare:
            hits.update(self.index.get(token, ()))
        needed = max(1, len(rare) - 1)
        numbers = {number for number, count in hits.items() if count >= needed}
        best: int | None = None
        best_score = 0.0
        for number in sorted(numbers):
            whole = self.texts.fold(self.candidates[number])
            if len(text) >= len(whole) * 0.85:
                continue
            score = fuzz.partial_ratio(text, whole)
            if score >= PART_AT and score > best_score:
                best, best_score = number, score
        return self.candidates[best] if best is not None else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def change_summary(
    diff: VersionDiff,
    *,
    outdated_notes: int = 0,
    outdated_links: int = 0,
    hint: str | None = "Press D to see the changes.",
) -> str:
    """One line for a status bar: "hlm-2022 changed: 3 reworded, 1 added, 2 notes now outdated."""
    counts = diff.counts()
    parts = [f"{counts[kind]} {kind}" for kind in KINDS if counts[kind]]
    if outdated_notes:
        parts.append(f"{_plural(outdated_notes, 'note')} now outdated")
    if outdated_links:
        parts.append(f"{_plural(outdated_links, 'link')} now outdated")
    if not parts:
        line = f"{diff.agreement_id} changed: no commitment changed."
    else:
        line = f"{diff.agreement_id} changed: {', '.join(parts)}."
    return f"{line} {hint}" if hint else line
