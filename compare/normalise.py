"""Turning commitment text into comparable word keys.

Every word keeps its position in the original text, so that highlighting can
paint the original characters and the explanation can quote the words as the
document wrote them. A *key* is the word after Unicode NFKC, casefolding,
spelling-variant folding and light stemming; two words are "the same word"
when their keys are equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import snowballstemmer  # type: ignore[import-untyped]

# Letters and digits; apostrophes, hyphens and slashes split words, so that
# "work-based" meets "work based" and "each other's" loses its "s".
_WORD = re.compile(r"[^\W_]+")
_NON_WORD = re.compile(r"[\W_]+")

# -isation/-ization and the -ise/-ize verb family fold onto one stem, so
# "digitalisation", "digitalization" and "digitalise" meet. The stem must keep
# three letters so that "rise" or "size" are left alone. -yse/-yze likewise.
_ISE = re.compile(r"^(\w{3,}?)i[sz](?:ation|ations|e|es|ed|ing|er|ers)$")
_YSE = re.compile(r"^(\w{2,}?)y[sz](?:e|es|ed|ing|er|ers|is)$")

_STEMMER = snowballstemmer.stemmer("english")


class Word(NamedTuple):
    """One word of a text: where it is, how it was written, and its key."""

    start: int
    end: int
    raw: str  # NFKC form as written (abbreviations are matched on this)
    key: str


def _data_lines(name: str) -> list[str]:
    text = resources.files("compare").joinpath("data", name).read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        content = line.split("#", 1)[0].strip()
        if content:
            lines.append(content)
    return lines


@cache
def variants() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _data_lines("variants.txt"):
        variant, _, canonical = line.partition(" ")
        table[variant.casefold()] = canonical.strip().casefold()
    return table


@cache
def stem_overrides() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _data_lines("stems.txt"):
        word, _, key = line.partition(" ")
        table[word.casefold()] = key.strip()
    return table


def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem, after folding -ise/-ize and -yse/-yze.

    Snowball joins inflections ("adapting"/"adapt", "policies"/"policy") and
    doubled consonants ("counselling"/"counseling"); the two folds first make
    British and American spellings of the same word meet before it runs.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    override = stem_overrides().get(word)
    if override is not None:
        return override
    match = _ISE.match(word)
    if match:
        return match.group(1) + "is"
    match = _YSE.match(word)
    if match:
        return match.group(1) + "ys"
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The comparison key of one word (already split out of its text)."""
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word)
    folded = _NON_WORD.sub("", word.casefold())
    folded = variants().get(folded, folded)
    return stem(folded)


@cache
def stopwords() -> frozenset[str]:
    """Function words and policy boilerplate, from `compare/data/stopwords.txt`."""
    return frozenset(word_key(w) for line in _data_lines("stopwords.txt") for w in line.split())


_KEYS: dict[str, str] = {}


def words(text: str) -> list[Word]:
    """Every word of `text`, with its span in `text` and its key."""
    # Hot path: every word of every commitment of every matched pair passes
    # here, so word keys are memoised in a plain dict (bounded below).
    found: list[Word] = []
    append = found.append
    keys = _KEYS
    make = tuple.__new__  # a NamedTuple's own __new__ is Python code, several times slower
    for match in _WORD.finditer(text):
        raw = match.group()
        key = keys.get(raw)
        if key is None:
            if not raw.isascii():
                raw = unicodedata.normalize("NFKC", raw)
            key = word_key(raw)
            if len(keys) > 200_000:
                keys.clear()
            keys[match.group()] = key
        elif not raw.isascii():
            raw = unicodedata.normalize("NFKC", raw)
        if key:
            start, end = match.span()
            append(make(Word, (start, end, raw, key)))
    return found


def keys_and_raws(text: str) -> tuple[list[str], list[str], list[int] | None]:
    """The keys and written forms of `words(text)`, without building a `Word` each.

    The third item is None when every word has a key; otherwise, for each
    word kept, its index among all the pattern's matches (to find its span
    again with `_WORD.finditer`). Matching analyses every commitment with it,
    so the common case (every word seen before, plain ASCII) runs as C loops.
    """
    raws: list[str] = _WORD.findall(text)
    known = _KEYS
    found: list[str | None] = [known.get(raw) for raw in raws]
    if None in found:
        for index, raw in enumerate(raws):
            if found[index] is None:
                written = raw if raw.isascii() else unicodedata.normalize("NFKC", raw)
                key = word_key(written)
                if len(known) > 200_000:
                    known.clear()
                known[raw] = key
                found[index] = key
    keys: list[str] = found  # type: ignore[assignment]  # every None was filled above
    written_forms = (
        raws
        if text.isascii()
        else [raw if raw.isascii() else unicodedata.normalize("NFKC", raw) for raw in raws]
    )
    if all(keys):
        return keys, written_forms, None
    kept = [index for index, key in enumerate(keys) if key]
    return [keys[i] for i in kept], [written_forms[i] for i in kept], kept


def spans(text: str, kept: list[int] | None) -> list[tuple[int, int]]:
    """The character spans of the words `keys_and_raws` kept, in order."""
    every = [match.span() for match in _WORD.finditer(text)]
    return every if kept is None else [every[index] for index in kept]


def normalise(text: str) -> list[str]:
    """The content-word keys of `text`, in order: what matching compares."""
    stop = stopwords()
    return [word.key for word in words(text) if word.key not in stop]
