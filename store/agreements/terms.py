"""Finding lexicon terms in text: whole words, case-insensitive, plurals folded.

Abbreviations (TVET, LMIS) are matched as written, so that "vet" in
"veterinary" or the word "Care" in a heading never counts as an acronym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from store.agreements.model import Lexicon


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s\-]+", phrase.strip()) if word]
    # Hyphens and spaces are interchangeable: "work-based" meets "work based".
    body = r"[\s\-]+".join(words)
    return rf"(?<![\w-]){body}(?:s|es)?(?![\w])"


def _anchor(term: str, case_sensitive: bool) -> str:
    """The term's longest word: a plain substring every match must contain."""
    word = max(re.split(r"[\s\-]+", term.strip()), key=len)
    return word if case_sensitive else word.casefold()


Pattern = tuple[str, str, str, bool, re.Pattern[str]]
_WORDS = re.compile(r"\w+")


def _plain(anchor: str) -> bool:
    return anchor.isalnum()


@dataclass(frozen=True)
class TermMatcher:
    # (topic id, term, anchor, case-sensitive, pattern), in lexicon order
    patterns: tuple[Pattern, ...]

    @cached_property
    def _words_needed(self) -> list[tuple[frozenset[str], str]]:
        """Per pattern: the words before its last, and its last word (folded unless case-sensitive).

        Empty when the term holds anything but words and spaces or hyphens: such
        a pattern is left to its regex alone.
        """
        needed: list[tuple[frozenset[str], str]] = []
        for _, term, _, case_sensitive, _ in self.patterns:
            pieces = [p for p in re.split(r"[\s\-]+", term.strip()) if p]
            if not pieces or not all(p.isalnum() for p in pieces):
                needed.append((frozenset(), ""))
                continue
            if not case_sensitive:
                pieces = [p.casefold() for p in pieces]
            needed.append((frozenset(pieces[:-1]), pieces[-1]))
        return needed

    @cached_property
    def _by_anchor(self) -> tuple[dict[str, list[int]], dict[str, list[int]], list[int]]:
        """Pattern numbers by anchor (folded, and as written), and those always tried."""
        folded: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        always: list[int] = []
        for number, (_, _, anchor, case_sensitive, _) in enumerate(self.patterns):
            if not _plain(anchor):
                always.append(number)
                continue
            table = exact if case_sensitive else folded
            # The text's word may carry the term's plural ending.
            for form in (anchor, anchor + "s", anchor + "es"):
                table.setdefault(form, []).append(number)
        return folded, exact, always

    def find(self, text: str) -> dict[str, str]:
        """Topic id → the first term of that topic that the text names.

        A pattern can only match where its anchor (its longest word) stands
        as a word of the text, perhaps with a plural ending: the text's words
        pick the few patterns worth a regex, so a long agreement is checked in
        one pass over its words rather than one pass per lexicon term.
        """
        folded_anchors, exact_anchors, always = self._by_anchor
        chosen: set[int] = set(always)
        raw = set(_WORDS.findall(text))
        folded = {word.casefold() for word in raw}
        for word in raw & exact_anchors.keys():
            chosen.update(exact_anchors[word])
        for word in folded & folded_anchors.keys():
            chosen.update(folded_anchors[word])
        needed = self._words_needed
        found: dict[str, str] = {}
        for number in sorted(chosen):
            topic_id, term, _, case_sensitive, pattern = self.patterns[number]
            if topic_id in found:
                continue
            before, last = needed[number]
            if last:
                # Every word of the term must be a word of the text (the last
                # perhaps with a plural ending) before the regex is worth it.
                words = raw if case_sensitive else folded
                if not before <= words or not (
                    last in words or last + "s" in words or last + "es" in words
                ):
                    continue
            if pattern.search(text):
                found[topic_id] = term
        return found


@lru_cache(maxsize=8)
def term_matcher(lexicon: Lexicon) -> TermMatcher:
    patterns: list[Pattern] = []
    for topic in lexicon.topics:
        for term in (*topic.terms, *topic.synonyms):
            if term.strip():
                pattern = re.compile(_phrase_pattern(term), re.IGNORECASE)
                patterns.append((topic.id, term, _anchor(term, False), False, pattern))
        for abbreviation in topic.abbreviations:
            if abbreviation.strip():
                pattern = re.compile(_phrase_pattern(abbreviation))
                patterns.append(
                    (topic.id, abbreviation, _anchor(abbreviation, True), True, pattern)
                )
    return TermMatcher(tuple(patterns))
