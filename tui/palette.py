"""Command palette providers: jump anywhere, switch the pair or theme, export.

Agreement text is untrusted, and the palette parses plain strings as markup
(its prompts and `Matcher.highlight` both do), so every hit is a `Text` built
here from sanitised text, with our own highlighting. Search is the same rule as
the `/` filter (every word, any order) rather than fuzzy matching, which costs
too much across 10,000 long sentences per keystroke.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import permutations

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from service.session import Session
from store.untrusted import one_line
from tui.context import context_of
from tui.filtering import matches, query_words, score, spans
from tui.requests import JumpTo, SetTopicLens, SwitchPair

MAX_HITS = 60
_DISPLAY_CHARS = 110


@dataclass(frozen=True)
class Target:
    agreement_id: str
    area_id: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class Entry:
    haystack: str  # case-folded: what the query searches
    label: str  # shown: sanitised, one line
    kind: str
    target: Target


def _display(kind: str, label: str, words: tuple[str, ...], style: str = "") -> Text:
    shown = label if len(label) <= _DISPLAY_CHARS else label[: _DISPLAY_CHARS - 1] + "…"
    text = Text.assemble((f"{kind:<11}", "dim"), (shown, style), end="")
    offset = 11
    for start, end in spans(words, shown):
        text.stylize("bold underline", offset + start, offset + end)
    return text


class _AccordProvider(Provider):
    @property
    def session(self) -> Session:
        return context_of(self.app).session


class JumpProvider(_AccordProvider):
    """Jump to an agreement, an area or a commitment by any words of its text."""

    async def startup(self) -> None:
        corpus = self.session.corpus
        entries: list[Entry] = []
        for agreement in corpus.agreements:
            label = one_line(f"{agreement.label} ({agreement.id})")
            entries.append(
                Entry(
                    f"{agreement.id} {agreement.title} {agreement.label}".casefold(),
                    label,
                    "agreement",
                    Target(agreement.id),
                )
            )
            for area in agreement.areas:
                entries.append(
                    Entry(
                        f"{agreement.id} {area.id} {area.title}".casefold(),
                        one_line(f"{area.title} · {agreement.id}"),
                        "area",
                        Target(agreement.id, area.id),
                    )
                )
        for agreement in corpus.agreements:
            for commitment in agreement.commitments():
                entries.append(
                    Entry(
                        f"{commitment.ref} {commitment.text}".casefold(),
                        one_line(f"{commitment.ref} · {commitment.text}"),
                        "commitment",
                        Target(agreement.id, commitment.area_id, commitment.ref),
                    )
                )
        self._entries = entries

    def _jump(self, target: Target) -> None:
        self.app.post_message(JumpTo(target.agreement_id, target.area_id, target.ref))

    async def discover(self) -> Hits:
        for entry in self._entries:
            if entry.kind != "commitment":
                yield DiscoveryHit(
                    _display(entry.kind, entry.label, ()),
                    partial(self._jump, entry.target),
                    text=entry.label,
                    help="Jump here",
                )

    async def search(self, query: str) -> Hits:
        words = query_words(query)
        found = 0
        for number, entry in enumerate(self._entries):
            if number % 500 == 499:
                await asyncio.sleep(0)  # keep typing in the palette responsive
            if not matches(words, entry.haystack):
                continue
            found += 1
            # Agreements and areas before commitments at equal relevance.
            bonus = 0.0 if entry.kind == "commitment" else 0.1
            yield Hit(
                min(1.0, score(words, entry.haystack) + bonus),
                _display(entry.kind, entry.label, words),
                partial(self._jump, entry.target),
                text=entry.label,
            )
            if found >= MAX_HITS:
                return


class _CommandList(_AccordProvider):
    """A provider over a short list of named commands."""

    def commands(self) -> list[tuple[str, Callable[[], None], str]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for label, command, help_text in self.commands():
            yield DiscoveryHit(Text(label), command, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        words = query_words(query)
        for label, command, help_text in self.commands():
            if matches(words, label.casefold()):
                display = Text(label)
                for start, end in spans(words, label):
                    display.stylize("bold underline", start, end)
                yield Hit(
                    score(words, label.casefold()), display, command, text=label, help=help_text
                )


class PairProvider(_AccordProvider):
    """Switch the pair of agreements under review."""

    async def discover(self) -> Hits:
        for label, command in self._pairs():
            yield DiscoveryHit(Text(label), command, text=label)

    async def search(self, query: str) -> Hits:
        words = query_words(query)
        for label, command in self._pairs():
            haystack = label.casefold()
            if matches(words, haystack):
                yield Hit(score(words, haystack), Text(label), command, text=label)

    def _pairs(self) -> list[tuple[str, Callable[[], None]]]:
        session = self.session
        ids = [a.id for a in session.corpus.agreements]
        found: list[tuple[str, Callable[[], None]]] = []
        for pair in permutations(ids, 2):
            if pair == session.pair:
                continue
            found.append((one_line(f"Pair: {pair[0]} ↔ {pair[1]}"), partial(self._switch, pair)))
        return found

    def _switch(self, pair: tuple[str, str]) -> None:
        self.app.post_message(SwitchPair(pair))


class ThemeProvider(_CommandList):
    def commands(self) -> list[tuple[str, Callable[[], None], str]]:
        app = self.app
        return [
            (f"Theme: {name}", partial(setattr, app, "theme", name), "remembered for next time")
            for name in sorted(app.available_themes)
            if name != app.theme
        ]


class ActionsProvider(_AccordProvider):
    """Workflows by name: export, triage, coverage, gaps, topic lens, findings, help."""

    _ACTIONS: tuple[tuple[str, str], ...] = (
        ("Export the review…", "export"),
        ("Triage the suggested links", "triage"),
        ("Ledger: every link and note, latest first", "ledger"),
        ("Coverage matrix", "coverage"),
        ("Corpus: every topic across every agreement", "corpus"),
        ("Gaps: commitments without a counterpart", "gaps"),
        ("Topic lens: filter by topic…", "topic_lens"),
        ("Clear the topic lens", "clear_lens"),
        ("Show agreement file problems", "findings"),
        ("Keys and help", "help"),
    )

    def _run(self, action: str) -> None:
        if action == "clear_lens":
            self.app.post_message(SetTopicLens(None))
        else:
            self.app.call_later(self.app.run_action, action)

    async def discover(self) -> Hits:
        for label, action in self._ACTIONS:
            yield DiscoveryHit(Text(label), partial(self._run, action), text=label)

    async def search(self, query: str) -> Hits:
        words = query_words(query)
        for label, action in self._ACTIONS:
            haystack = label.casefold()
            if matches(words, haystack):
                yield Hit(
                    score(words, haystack), Text(label), partial(self._run, action), text=label
                )


AccordCommands: tuple[type[Provider], ...] = (
    JumpProvider,
    PairProvider,
    ThemeProvider,
    ActionsProvider,
)
