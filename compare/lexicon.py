"""Mapping lexicon phrases onto concept tokens.

A commitment that says "TVET" and one that says "vocational education" share
the concept `tvet`: each lexicon term, synonym and abbreviation found in a text
becomes one unit carrying its topic ids. Matching is longest-first, so
"labour market information systems" is one `labour-market-data` unit, not the
words "labour" and "market" plus leftovers. Terms and synonyms match on word
keys (casefolded, stemmed); abbreviations match the words exactly as written,
so "VET" never fires on "vet" and "AI" never on "ai".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from compare.normalise import Word, keys_and_raws, stopwords, words
from compare.normalise import spans as word_spans
from store.agreements.model import Lexicon

UnitKind = Literal["word", "stop", "term", "synonym", "abbreviation"]
CONCEPT_PREFIX = "@"


@dataclass(frozen=True, slots=True)
class Unit:
    """A word, or a lexicon phrase standing for one or more topics."""

    start: int  # character span in the text
    end: int
    first: int  # word index span in the text
    last: int
    surface: str  # the words as written, spaces collapsed
    key: str  # a word key, or "@topic" (several topics joined by "+")
    topics: tuple[str, ...]
    kind: UnitKind

    @property
    def is_concept(self) -> bool:
        return bool(self.topics)


@dataclass(frozen=True, slots=True)
class _Entry:
    topics: tuple[tuple[str, UnitKind], ...]


class _Trie:
    """Phrases as nested dicts of words; `None` holds the entry of a phrase end."""

    def __init__(self) -> None:
        self.root: dict[str | None, object] = {}
        self.longest = 0

    def add(self, phrase: tuple[str, ...], topic: str, kind: UnitKind) -> None:
        if not phrase:
            return
        node = self.root
        for part in phrase:
            child = node.setdefault(part, {})
            assert isinstance(child, dict)
            node = child
        found = node.get(None)
        topics = found.topics if isinstance(found, _Entry) else ()
        if all(existing != topic for existing, _ in topics):
            node[None] = _Entry((*topics, (topic, kind)))
        self.longest = max(self.longest, len(phrase))

    def matches(self, parts: list[str], start: int) -> list[tuple[int, _Entry]]:
        """Every phrase starting at `start`, shortest first, as (end, entry)."""
        node = self.root
        found: list[tuple[int, _Entry]] = []
        for index in range(start, min(len(parts), start + self.longest)):
            child = node.get(parts[index])
            if not isinstance(child, dict):
                break
            node = child
            entry = node.get(None)
            if isinstance(entry, _Entry):
                found.append((index + 1, entry))
        return found

    def longest_match(self, parts: list[str], start: int) -> tuple[int, _Entry | None]:
        found = self.matches(parts, start)
        return found[-1] if found else (start, None)


def _concept_key(topics: Iterable[str]) -> str:
    return "+".join(CONCEPT_PREFIX + topic for topic in sorted(topics))


class ConceptMapper:
    """Finds lexicon phrases in text; build one per lexicon with `mapper()`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.weights: dict[str, float] = {t.id: float(t.weight) for t in lexicon.topics}
        self._keys = _Trie()
        self._abbreviations = _Trie()
        for topic in lexicon.topics:
            for phrase in topic.terms:
                self._keys.add(tuple(w.key for w in words(phrase)), topic.id, "term")
            for phrase in topic.synonyms:
                self._keys.add(tuple(w.key for w in words(phrase)), topic.id, "synonym")
            for abbreviation in topic.abbreviations:
                raw = tuple(w.raw for w in words(abbreviation))
                self._abbreviations.add(raw, topic.id, "abbreviation")
                if raw and not raw[-1].endswith("s"):
                    # "LMIS" also names "LMISs"; a plural never changes the concept.
                    plural = (*raw[:-1], raw[-1] + "s")
                    self._abbreviations.add(plural, topic.id, "abbreviation")

    def units(self, text: str) -> tuple[Unit, ...]:
        """The text as units: lexicon phrases, content words and stop words."""
        found = words(text)
        stop = stopwords()
        units: list[Unit] = []
        index = 0
        for first, last, topics, kind in self._concept_spans(found):
            units.extend(_word_unit(found, i, stop) for i in range(index, first))
            start, end = found[first].start, found[last - 1].end
            surface = " ".join(text[start:end].split())
            key = _concept_key(topics)
            units.append(Unit(start, end, first, last, surface, key, topics, kind))
            index = last
        units.extend(_word_unit(found, i, stop) for i in range(index, len(found)))
        return tuple(units)

    def summary(self, text: str) -> tuple[dict[str, str], dict[str, list[str]], set[str]]:
        """Content words, concepts, and the words met only inside lexicon phrases.

        Returns content word key → its first spelling, topic → the phrases
        naming it, and the keys of the words that occur only inside lexicon
        phrases. Every content word counts, inside a phrase or not: "pay
        transparency" names a concept and still shares "transparency" with
        "salary transparency". This runs once for every commitment of every
        agreement matched, so it builds no unit per word.
        """
        keys, raws, kept = keys_and_raws(text)
        stop = stopwords()
        content: dict[str, str] = {}
        for key, raw in zip(keys, raws, strict=True):
            if key not in stop and key not in content:
                content[key] = raw
        concepts: dict[str, list[str]] = {}
        inside: set[int] = set()
        found = self._spans_of(keys, raws)
        places = word_spans(text, kept) if found else []
        for first, last, topics, _ in found:
            surface = " ".join(text[places[first][0] : places[last - 1][1]].split())
            for topic in topics:
                concepts.setdefault(topic, []).append(surface)
            inside.update(range(first, last))
        if not inside:
            return content, concepts, set()
        outside = {key for i, key in enumerate(keys) if i not in inside}
        return content, concepts, {key for key in content if key not in outside}

    def _concept_spans(self, found: list[Word]) -> list[tuple[int, int, tuple[str, ...], UnitKind]]:
        """(first word, end word, topics, kind) of each phrase, longest first."""
        return self._spans_of([w.key for w in found], [w.raw for w in found])

    def _spans_of(
        self, keys: list[str], raws: list[str]
    ) -> list[tuple[int, int, tuple[str, ...], UnitKind]]:
        key_starts, abbreviation_starts = self._keys.root, self._abbreviations.root
        spans: list[tuple[int, int, tuple[str, ...], UnitKind]] = []
        index = 0
        while index < len(keys):
            if keys[index] not in key_starts and raws[index] not in abbreviation_starts:
                index += 1
                continue
            # Each trie is walked only from a word that starts one of its phrases.
            end_key, by_key = (
                self._keys.longest_match(keys, index)
                if keys[index] in key_starts
                else (index, None)
            )
            end_abbr, by_abbr = (
                self._abbreviations.longest_match(raws, index)
                if raws[index] in abbreviation_starts
                else (index, None)
            )
            end, entry = (end_abbr, by_abbr) if end_abbr > end_key else (end_key, by_key)
            if entry is None:
                index += 1
                continue
            own = [topic for topic, _ in entry.topics]
            # A one-word phrase holds no shorter phrase than itself.
            inner = self._inner_topics(keys, raws, index, end) if end - index > 1 else []
            topics = tuple(dict.fromkeys(own + inner)) if inner or len(own) > 1 else tuple(own)
            kinds = {kind for _, kind in entry.topics}
            kind: UnitKind = (
                "abbreviation"
                if "abbreviation" in kinds
                else "term"
                if "term" in kinds
                else "synonym"
            )
            spans.append((index, end, topics, kind))
            index = end
        return spans

    @lru_cache(maxsize=1024)  # noqa: B019 - headings repeat; the mapper lives as long as its lexicon
    def heading_topics(self, text: str) -> tuple[str, ...]:
        """Every topic a heading names, once per mention."""
        return tuple(topic for unit in self.units(text) for topic in unit.topics)

    def _inner_topics(self, keys: list[str], raws: list[str], first: int, last: int) -> list[str]:
        """Topics named inside a longer phrase: "green skills" is also about skills.

        Longest-first matching alone would let "just digital and green
        transition" hide the green and digital transitions it names.
        """
        inner: list[str] = []
        for start in range(first, last):
            for trie, parts in ((self._keys, keys), (self._abbreviations, raws)):
                if parts[start] not in trie.root:
                    continue
                for end, entry in trie.matches(parts[:last], start):
                    if (start, end) != (first, last):
                        inner.extend(topic for topic, _ in entry.topics)
        return inner


def _word_unit(found: list[Word], index: int, stop: frozenset[str]) -> Unit:
    word = found[index]
    kind: UnitKind = "stop" if word.key in stop else "word"
    return Unit(word.start, word.end, index, index + 1, word.raw, word.key, (), kind)


@lru_cache(maxsize=8)
def mapper(lexicon: Lexicon) -> ConceptMapper:
    return ConceptMapper(lexicon)


def concepts(text: str, lexicon: Lexicon) -> dict[str, list[str]]:
    """Topic id → the phrases of `text` that name it, in order of appearance."""
    found: dict[str, list[str]] = {}
    for unit in mapper(lexicon).units(text):
        for topic in unit.topics:
            found.setdefault(topic, []).append(unit.surface)
    return found


def named_topics(text: str, lexicon: Lexicon) -> dict[str, str]:
    """Topic id → the first phrase of `text` naming it: the one term finder (`TermFinder`)."""
    return {topic: phrases[0] for topic, phrases in concepts(text, lexicon).items() if phrases}
