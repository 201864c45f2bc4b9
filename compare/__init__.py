"""Headless matching: normalisation, lexicon, scoring, explanation, highlighting, coverage.

Never imports Textual or `tui`. The public API, used by the TUI and by
`accord match`, `accord gaps` and `accord explain`:

- `match_pair(a, b, lexicon, *, top_k=5, min_score=0.0, use_cache=True) -> PairMatches`:
  the top `top_k` matches of every commitment of `a` in `b` (`.forward`) and of
  `b` in `a` (`.backward`), best first; `.matches_for(ref)` for a ref of either
  side; `.threshold`. Cached on disk (see `compare.cache`).
- `Match`: `ref`, `other`, `score` (0–100), `band`, `shared` (words),
  `concepts` (topic ids), `synonyms` ((phrase in ref, phrase in other, topic
  id): which synonym fired), `breakdown` ("words" + "concepts" == score),
  `is_counterpart`, and from `explain` also `contributions` (each shared
  word's and concept's points, adding up to the score).
- `explain(a, b, lexicon, *, a_agreement=None, b_agreement=None) -> Match`: one
  pair, scored and explained (pass the agreements: weights come from them).
- `highlight(a_text, b_text, lexicon) -> Highlight`: `.a_tokens`, `.b_tokens`
  (`Token(text, kind, concept)`, kind "equal" | "synonym" | "other"; joining a
  side's texts gives the text back) and `.opcodes` (difflib's shape).
- `coverage(a, b, pair, lexicon) -> Coverage` (per-area and per-topic rows of
  covered and uncovered refs of `a`) and `gaps(a, b, pair) -> tuple[Gap, ...]`.
- `band(score) -> str` ("strong", "likely", "weak" or "unlikely"), `BANDS`
  (name, floor) best first, and `COUNTERPART_THRESHOLD` (the floor of
  "likely"): what a score means, derived on the tuning sets (see
  `compare.scoring`).
- `concepts(text, lexicon)`: the concepts matching sees in a text
  (`compare.normalise.normalise(text)` gives its content words).
"""

from compare.coverage import Coverage, CoverageRow, Gap, coverage, gaps
from compare.engine import match_pair, top_matches
from compare.explain import explain
from compare.highlight import Highlight, Token, highlight
from compare.lexicon import concepts
from compare.results import Match, PairMatches
from compare.scoring import BANDS, COUNTERPART_THRESHOLD, NO_BAND, band

__all__ = [
    "BANDS",
    "COUNTERPART_THRESHOLD",
    "NO_BAND",
    "Coverage",
    "CoverageRow",
    "Gap",
    "Highlight",
    "Match",
    "PairMatches",
    "Token",
    "band",
    "concepts",
    "coverage",
    "explain",
    "gaps",
    "highlight",
    "match_pair",
    "top_matches",
]
