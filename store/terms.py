"""Finding lexicon terms in text: whole words, case-insensitive, plurals folded.

Abbreviations (TVET, LMIS) are matched as written, so that "vet" in
"veterinary" or the word "Care" in a heading never counts as an acronym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from store.model import Lexicon


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s\-]+", phrase.strip()) if word]
    # Hyphens and spaces are interchangeable: "work-based" meets "work based".
    body = r"[\s\-]+".join(words)
    return rf"(?<![\w-]){body}(?:s|es)?(?![\w])"


@dataclass(frozen=True)
class TermMatcher:
    patterns: tuple[tuple[str, str, re.Pattern[str]], ...]  # (topic id, term, pattern)

    def find(self, text: str) -> dict[str, str]:
        """Topic id → the first term of that topic that the text names."""
        found: dict[str, str] = {}
        for topic_id, term, pattern in self.patterns:
            if topic_id not in found and pattern.search(text):
                found[topic_id] = term
        return found


@lru_cache(maxsize=8)
def term_matcher(lexicon: Lexicon) -> TermMatcher:
    patterns: list[tuple[str, str, re.Pattern[str]]] = []
    for topic in lexicon.topics:
        for term in (*topic.terms, *topic.synonyms):
            if term.strip():
                patterns.append((topic.id, term, re.compile(_phrase_pattern(term), re.IGNORECASE)))
        for abbreviation in topic.abbreviations:
            if abbreviation.strip():
                patterns.append((topic.id, abbreviation, re.compile(_phrase_pattern(abbreviation))))
    return TermMatcher(tuple(patterns))
