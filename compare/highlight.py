"""Word-level highlighting of a pair, in difflib's `get_opcodes` shape.

Both texts are cut into tokens: each lexicon phrase is one token, every other
word is one token, and each token carries the spaces and punctuation that
follow it (the first also what precedes it), so joining a side's tokens gives
its text back exactly. A token is

- `equal`: a content word the other text also uses;
- `synonym`: a lexicon phrase whose topic the other text names in other words
  (its `concept` says which topic);
- `other`: everything else, stop words and boilerplate included.

The opcodes come from rapidfuzz's Indel alignment of the two token sequences.
Stop words never align, so an `equal` opcode is always a shared word or a
shared concept and the alignment is not pulled around by "the" and "and".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Indel

from compare.lexicon import Unit, mapper
from store.agreements.model import Lexicon

Kind = Literal["equal", "synonym", "other"]


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: Kind
    concept: str | None = None  # the shared topic, for a synonym


@dataclass(frozen=True, slots=True)
class Highlight:
    a_tokens: tuple[Token, ...]
    b_tokens: tuple[Token, ...]
    # (tag, i1, i2, j1, j2) over the token tuples, as difflib's get_opcodes.
    opcodes: tuple[tuple[str, int, int, int, int], ...]


def _pieces(text: str, units: tuple[Unit, ...]) -> list[str]:
    """Each unit's text with the gap after it; the leading gap joins the first."""
    if not units:
        return [text] if text else []
    pieces = []
    for index, unit in enumerate(units):
        start = 0 if index == 0 else unit.start
        end = units[index + 1].start if index + 1 < len(units) else len(text)
        pieces.append(text[start:end])
    return pieces


def _phrase(unit: Unit) -> str:
    return " ".join(unit.surface.casefold().split())


def _tokens(
    text: str, units: tuple[Unit, ...], other: tuple[Unit, ...], side: str
) -> tuple[tuple[Token, ...], list[str]]:
    if not units:
        # No word at all (empty, or only punctuation): one inert token.
        return ((Token(text, "other"),), [f"\x00{side}"]) if text else ((), [])
    other_words = {u.key for u in other if u.kind == "word"}
    other_topics = {t for u in other for t in u.topics}
    other_phrases = [set(_phrase(u).split()) for u in other if u.topics]
    tokens: list[Token] = []
    keys: list[str] = []
    for index, (unit, piece) in enumerate(zip(units, _pieces(text, units), strict=True)):
        shared = [t for t in unit.topics if t in other_topics]
        if shared:
            # "apprenticeships" in "quality apprenticeships" is the same word.
            mine = set(_phrase(unit).split())
            same = any(mine <= theirs or theirs <= mine for theirs in other_phrases)
            tokens.append(Token(piece, "equal" if same else "synonym", shared[0]))
            keys.append("@" + shared[0])
        elif unit.kind == "word" and unit.key in other_words:
            tokens.append(Token(piece, "equal"))
            keys.append(unit.key)
        else:
            tokens.append(Token(piece, "other"))
            # A key no token of the other side can have: never aligned.
            keys.append(f"\x00{side}{index}")
    return tuple(tokens), keys


def highlight(a_text: str, b_text: str, lexicon: Lexicon) -> Highlight:
    concept_mapper = mapper(lexicon)
    a_units, b_units = concept_mapper.units(a_text), concept_mapper.units(b_text)
    a_tokens, a_keys = _tokens(a_text, a_units, b_units, "a")
    b_tokens, b_keys = _tokens(b_text, b_units, a_units, "b")
    opcodes = tuple(
        (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Indel.opcodes(a_keys, b_keys)
    )
    return Highlight(a_tokens, b_tokens, opcodes)
