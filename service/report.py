"""The review report's matcher-backed parts: score bands and word highlighting.

The report itself is built and rendered in `store.review.exports` (which may not
import the matcher); this module hands it the functions it needs. The bands
are the matcher's own (`compare.band`, cut-offs calibrated on the tuning sets),
so a score means the same in the report as in `accord match` and the UI.
"""

from __future__ import annotations

from functools import partial

from compare import BANDS, NO_BAND, band
from store.agreements.model import Lexicon
from store.review.exports.report import ReportOptions, Word


def scale_note() -> str:
    parts = ", ".join(f"{name} from {floor:g}" for name, floor in BANDS)
    return (
        "Scores run from 0 (nothing in common) to 100 (the same words and concepts); "
        f"bands: {parts}, {NO_BAND} below {BANDS[-1][1]:g}."
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
