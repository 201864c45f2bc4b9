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

# Letters and digits; apostrophes, hyphens and slashes split words, so that
# "work-based" meets "work based" and "each other's" loses its "s".
_WORD = re.compile(r"[^\W_]+")
_NON_WORD = re.compile(r"[\W_]+")

# -isation/-ization and the -ise/-ize verb family fold onto one stem, so
# "digitalisation", "digitalization" and "digitalise" meet. The stem must keep
# three letters so that "rise" or "size" are left alone.
_ISE = re.compile(r"^(\w{3,}?)i[sz](?:ation|ations|e|es|ed|ing|er|ers)$")


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


def stem(word: str) -> str:
    """Light stemming: plurals and the -isation/-ise family, nothing more.

    Heavier stemmers conflate policy words that mean different things
    ("union"/"unit", "general"/"generate"); these two folds are the ones that
    policy texts vary on without a change of meaning.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    match = _ISE.match(word)
    if match:
        return match.group(1) + "is"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


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
    return frozenset(word_key(line) for line in _data_lines("stopwords.txt"))


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


def normalise(text: str) -> list[str]:
    """The content-word keys of `text`, in order: what matching compares."""
    stop = stopwords()
    return [word.key for word in words(text) if word.key not in stop]
