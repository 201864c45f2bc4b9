"""Which words commit, and how strongly: the verbs behind each modality.

The bundled agreements encode modality from the verb that binds a
commitment: "are committed to" → committed, "agree to" → agreed, "will" →
will, "intend to" → intend, "endeavour to" → endeavour, and an item that
itself begins "Explore…" or "Consider…" is explore or consider (and one that begins "Endeavour to…" is endeavour) whatever its
lead-in says ("intend to: … Explore opportunities…" is explore).
"""

from __future__ import annotations

import re

# Order matters: the longest phrasing first, so "will explore" is explore.
_VERBS: tuple[tuple[str, str], ...] = (
    (r"will\s+(?:\w+ly\s+)?explore", "explore"),
    (r"will\s+(?:\w+ly\s+)?consider", "consider"),
    (r"(?:will|shall)\s+(?:\w+ly\s+)?(?:endeavou?r|seek|strive)\s+to", "endeavour"),
    (r"(?:are|is|remain|remains)\s+(?:\w+ly\s+)?committed\s+to", "committed"),
    (r"(?:have\s+|has\s+)?committed\s+(?:themselves\s+|itself\s+)?to", "committed"),
    (r"commit(?:s)?\s+(?:themselves\s+|itself\s+)?to", "committed"),
    (r"(?:undertakes?|resolved?|resolves)\s+to", "committed"),
    (r"(?:are|is)\s+(?:\w+ly\s+)?determined\s+to", "committed"),
    (r"(?:have\s+|has\s+)?decided\s+to|decides?\s+to", "agreed"),
    (r"(?:have\s+|has\s+)?agreed\s+to", "agreed"),
    (r"agrees?\s+to", "agreed"),
    # "The participants agreed:" / "agreed that …" / "decided on …": a meeting's decisions.
    (r"(?:have\s+|has\s+)?(?:agreed|decided)(?=\s*:|\s*$|\s+(?:that|on|upon)\b)", "agreed"),
    (r"intends?\s+to|intend", "intend"),
    (r"(?:aims?|plans?)\s+to", "intend"),
    (r"endeavou?rs?\s+to|seeks?\s+to|strives?\s+to", "endeavour"),
    (r"will|shall", "will"),
    (r"explore", "explore"),
    (r"consider", "consider"),
)
VERB_PATTERN = "|".join(f"(?:{pattern})" for pattern, _ in _VERBS)
_VERB_RE = re.compile(rf"\b(?:{VERB_PATTERN})\b", re.IGNORECASE)
_COMPILED = tuple((re.compile(rf"^(?:{p})$", re.IGNORECASE), m) for p, m in _VERBS)

_ITEM_VERBS = {
    "explore": "explore",
    "exploring": "explore",
    "consider": "consider",
    "considering": "consider",
    "endeavour": "endeavour",
    "endeavor": "endeavour",
}
_INTRO_WORDS = frozenset(
    [
        "in",
        "with",
        "for",
        "given",
        "keeping",
        "where",
        "when",
        "as",
        "on",
        "under",
        "through",
        "within",
        "building",
        "taking",
        "while",
        "based",
    ]
)


def modality_of(verb: str) -> str:
    phrase = " ".join(verb.split())
    for pattern, modality in _COMPILED:
        if pattern.match(phrase):
            return modality
    return "intend"


def verbs_in(text: str) -> list[re.Match[str]]:
    return list(_VERB_RE.finditer(text))


def last_modality(text: str) -> str | None:
    found = verbs_in(text)
    return modality_of(found[-1].group()) if found else None


def item_modality(text: str) -> str | None:
    """explore/consider when the item's own verb says so ("In support…, explore…")."""
    words = re.findall(r"[A-Za-z]+", text[:200])
    if not words:
        return None
    first = words[0].casefold()
    if first in _ITEM_VERBS:
        return _ITEM_VERBS[first]
    if first in _INTRO_WORDS and "," in text[:160]:
        after = re.findall(r"[A-Za-z]+", text.split(",", 1)[1][:60])
        if after and after[0].casefold() in _ITEM_VERBS:
            return _ITEM_VERBS[after[0].casefold()]
    return None


LEAD_IN_VERB_END = re.compile(rf"\b(?:{VERB_PATTERN})(?:\s+to)?\s*:?\s*$", re.IGNORECASE)
