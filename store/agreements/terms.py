"""Finding lexicon terms in text: whole words, case-insensitive, plurals folded.

Abbreviations (TVET, LMIS) are matched as written, so that "vet" in
"veterinary" or the word "Care" in a heading never counts as an acronym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


@dataclass(frozen=True)
class TermMatcher:
    # (topic id, term, anchor, case-sensitive, pattern)
    patterns: tuple[tuple[str, str, str, bool, re.Pattern[str]], ...]

    def find(self, text: str) -> dict[str, str]:
        """Topic id → the first term of that topic that the text names."""
        folded = text.casefold()
        found: dict[str, str] = {}
        for topic_id, term, anchor, case_sensitive, pattern in self.patterns:
            if topic_id in found or anchor not in (text if case_sensitive else folded):
                continue  # a substring test is far cheaper than the regex
            if pattern.search(text):
                found[topic_id] = term
        return found


@lru_cache(maxsize=8)
def term_matcher(lexicon: Lexicon) -> TermMatcher:
    patterns: list[tuple[str, str, str, bool, re.Pattern[str]]] = []
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
