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
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from store.model import MODALITIES, Agreement, Commitment

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


def _similar(old: str, new: str) -> float:
    return fuzz.ratio(old, new) / 100.0


def _fuzzy_pairs(
    olds: list[Commitment], news: list[Commitment]
) -> list[tuple[float, Commitment, Commitment]]:
    """Candidate pairs sharing one of a commitment's rarest words, best score first."""
    if not olds or not news:
        return []
    old_text = [_fold(c.text) for c in olds]
    new_text = [_fold(c.text) for c in news]
    frequency: Counter[str] = Counter()
    old_tokens = [set(_TOKEN.findall(t)) for t in old_text]
    new_tokens = [set(_TOKEN.findall(t)) for t in new_text]
    for tokens in (*old_tokens, *new_tokens):
        frequency.update(tokens)
    index: dict[str, list[int]] = defaultdict(list)
    for number, tokens in enumerate(old_tokens):
        for token in sorted(tokens, key=lambda t: (frequency[t], t))[:4]:
            index[token].append(number)
    scored: list[tuple[float, int, int]] = []
    for new_number, tokens in enumerate(new_tokens):
        candidates: set[int] = set()
        for token in sorted(tokens, key=lambda t: (frequency[t], t))[:4]:
            candidates.update(index.get(token, ()))
        for old_number in candidates:
            score = _similar(old_text[old_number], new_text[new_number])
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
        by_text[_fold(commitment.text)].append(commitment)
    for commitment in left_old:
        same = by_text.get(_fold(commitment.text))
        if same:
            partner = same.pop(0)
            pairs[commitment.id] = (commitment, partner, 1.0)
            paired_new.add(partner.id)

    left_old = [c for c in old_items if c.id not in pairs]
    left_new = [c for c in new_items if c.id not in paired_new]
    for score, before, after in _fuzzy_pairs(left_old, left_new):
        if before.id in pairs or after.id in paired_new:
            continue
        pairs[before.id] = (before, after, score)
        paired_new.add(after.id)

    changes: list[Change] = []
    groups = _splits_and_merges(old_items, new_items, pairs, paired_new)
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
) -> list[Change]:
    """Leftovers that are pieces of a commitment in the other version."""
    groups: list[Change] = []
    partner_of_new = {after.id: before for before, after, _ in pairs.values()}
    left_new = [c for c in new_items if c.id not in paired_new]
    left_old = [c for c in old_items if c.id not in pairs]

    # Split: one old commitment, now two or more new ones.
    pieces: dict[str, list[Commitment]] = defaultdict(list)
    for piece in left_new:
        whole = _container(piece, old_items)
        if whole is not None:
            pieces[whole.id].append(piece)
    old_by_id = {c.id: c for c in old_items}
    for whole_id, found in pieces.items():
        whole = old_by_id[whole_id]
        partner = pairs.get(whole_id)
        members = list(found)
        if partner is not None and _inside(_fold(partner[1].text), _fold(whole.text)):
            members.insert(0, partner[1])
        if len(members) < 2:
            continue
        members.sort(key=new_items.index)
        for member in members:
            paired_new.add(member.id)
        pairs.pop(whole_id, None)
        groups.append(Change("split", (whole,), tuple(members), ()))

    # Merge: two or more old commitments, now one new one.
    joined: dict[str, list[Commitment]] = defaultdict(list)
    left_old = [c for c in left_old if c.id not in pairs]
    for piece in left_old:
        whole = _container(piece, new_items)
        if whole is not None and not any(whole in g.new for g in groups):
            joined[whole.id].append(piece)
    new_by_id = {c.id: c for c in new_items}
    for whole_id, found in joined.items():
        whole = new_by_id[whole_id]
        members = list(found)
        partner_old = partner_of_new.get(whole_id)
        if partner_old is not None and _inside(_fold(partner_old.text), _fold(whole.text)):
            members.insert(0, partner_old)
        if len(members) < 2:
            continue
        members.sort(key=old_items.index)
        for member in members:
            pairs.pop(member.id, None)
        paired_new.add(whole_id)
        groups.append(Change("merged", tuple(members), (whole,), ()))
    return groups


def _container(piece: Commitment, candidates: Iterable[Commitment]) -> Commitment | None:
    text = _fold(piece.text)
    best: Commitment | None = None
    best_score = 0.0
    for candidate in candidates:
        whole = _fold(candidate.text)
        if len(text) >= len(whole) * 0.85:
            continue
        score = fuzz.partial_ratio(text, whole)
        if score >= PART_AT and score > best_score:
            best, best_score = candidate, score
    return best


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
