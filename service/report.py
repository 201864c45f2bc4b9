"""The review report's matcher-backed parts: score bands and word highlighting.

The report itself is built and rendered in `store.review.exports` (which may not
import the matcher); this module hands it the two functions it needs.

`band` is provisional: the matching work adds `compare.band(score)` with
cut-offs calibrated on the evaluation set. At that merge, `band` and
`BAND_CUTOFFS` here are replaced by `compare.band` (and `scale_note` by its
description of the cut-offs); nothing else changes.
"""

from __future__ import annotations

from functools import partial

from compare import COUNTERPART_THRESHOLD
from store.agreements.model import Lexicon
from store.review.exports.report import ReportOptions, Word

# Provisional cut-offs: "likely" from the counterpart threshold, "strong" from twice it.
BAND_CUTOFFS: tuple[tuple[float, str], ...] = (
    (2 * COUNTERPART_THRESHOLD, "strong"),
    (COUNTERPART_THRESHOLD, "likely"),
)


def band(score: float) -> str:
    """strong, likely or weak: how much a score says (replace with compare.band at merge)."""
    for cutoff, name in BAND_CUTOFFS:
        if score >= cutoff:
            return name
    return "weak"


def scale_note() -> str:
    parts = ", ".join(f"{name} from {cutoff:g}" for cutoff, name in BAND_CUTOFFS)
    return (
        "Scores run from 0 (nothing in common) to 100 (the same words and concepts); "
        f"bands: {parts}, weak below {BAND_CUTOFFS[-1][0]:g}."
    )


def highlight_words(
    lexicon: Lexicon, a_text: str, b_text: str
) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """The compare screen's word-level highlighting, as the report's words."""
    from compare import highlight

    marks = highlight(a_text, b_text, lexicon)
    return (
        tuple(Word(t.text, t.kind) for t in marks.a_tokens),
        tuple(Word(t.text, t.kind) for t in marks.b_tokens),
    )


def report_options(
    lexicon: Lexicon,
    *,
    names: dict[str, str] | None = None,
    include_rejected: bool = True,
    highlight: bool = False,
) -> ReportOptions:
    """Everything a report needs from this layer; highlighting only for the HTML report."""
    return ReportOptions(
        names=names or {},
        include_rejected=include_rejected,
        band=band,
        highlight=partial(highlight_words, lexicon) if highlight else None,
        scale=scale_note(),
    )
