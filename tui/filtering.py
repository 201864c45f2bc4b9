"""The `/` filter and palette search: every word of the query, anywhere, in any order.

Textual-free, so the same rule applies in lists, the command palette and tests.
"""

from __future__ import annotations


def query_words(query: str) -> tuple[str, ...]:
    return tuple(word for word in query.casefold().split() if word)


def matches(words: tuple[str, ...], haystack: str) -> bool:
    """True when every word occurs in `haystack` (already case-folded)."""
    return all(word in haystack for word in words)


def spans(words: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """Where the words occur in `text`, for highlighting (case-insensitive)."""
    if not words:
        return []
    # casefold() can change lengths (ß → ss); lower() keeps offsets aligned.
    lowered = text.lower()
    found: list[tuple[int, int]] = []
    for word in words:
        start = lowered.find(word)
        while start != -1:
            found.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    return found


def score(words: tuple[str, ...], haystack: str) -> float:
    """A rough rank for palette hits: earlier and denser matches first, in (0, 1]."""
    if not words:
        return 1.0
    first = min(haystack.find(word) for word in words)
    covered = sum(len(word) for word in words)
    return min(1.0, 0.5 / (1 + first / 20) + 0.5 * covered / max(len(haystack), 1))
