"""Asking "which topics does this text name?": the question the store needs answered.

There is one term finder, the matcher's (`compare.lexicon.named_topics`): it
reads a text the way matching does (stems, US/UK spellings, abbreviations as
written), so a warning, a draft's topics and a match never disagree about what
a text states. The store may not import the matcher, so the loader (for W201)
and ingest (for a draft's topics) take the finder as an argument; the command
line hands it down, and without one they do not ask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from store.agreements.model import Lexicon

TermFinder = Callable[[str, Lexicon], Mapping[str, str]]
"""(text, lexicon) → topic id → the phrase of the text that names it."""
