"""How one match reads in the terminal: its score, band and why; its JSON. Shared by
`accord match`, `match --all`, `gaps`, `explain` and `corpus`."""

from __future__ import annotations

import math
from typing import Any

from rich.text import Text

from compare import BANDS, Match, band
from store.agreements.model import Agreement, Commitment
from store.untrusted import terminal_text

BAND_STYLES = {"strong": "bold green", "likely": "green", "weak": "yellow", "unlikely": "dim"}


def commitment_index(*agreements: Agreement) -> dict[str, Commitment]:
    return {c.ref: c for agreement in agreements for c in agreement.commitments()}


def match_json(match: Match, commitments: dict[str, Commitment]) -> dict[str, Any]:
    other = commitments.get(match.other)
    return {
        "ref": match.other,
        "area": other.area_id if other else None,
        "text": other.text if other else None,
        "score": round(match.score, 2),
        "band": band(match.score),
        "is_counterpart": match.is_counterpart,
        "shared": list(match.shared),
        "concepts": list(match.concepts),
        "synonyms": [
            {"phrase": mine, "other_phrase": theirs, "topic": topic}
            for mine, theirs, topic in match.synonyms
        ],
        "breakdown": dict(match.breakdown),
    }


def why(match: Match) -> Text:
    """The band first (the lead column stays narrow enough for ids at 40 columns), then why."""
    parts = []
    if match.concepts:
        parts.append("concepts: " + ", ".join(match.concepts))
    if match.synonyms:
        parts.append("via " + ", ".join(f"{mine} = {theirs}" for mine, theirs, _ in match.synonyms))
    if match.shared:
        parts.append("words: " + ", ".join(match.shared))
    return Text.assemble(
        (match.band, BAND_STYLES.get(match.band, "")),
        "  " if parts else "",
        terminal_text("; ".join(parts), "dim", single_line=True),
    )


def shown(score: float) -> str:
    """One decimal, rounded down: a 20.98 below a threshold of 21 must not read 21.0."""
    return f"{math.floor(score * 10) / 10:.1f}"


def score_cell(match: Match) -> Text:
    mark = "*" if match.is_counterpart else " "
    return Text(
        f"{shown(match.score):>5}{mark}", style="bold green" if match.is_counterpart else ""
    )


def band_legend() -> str:
    return ", ".join(f"{name} ≥ {floor:g}" for name, floor in BANDS)
