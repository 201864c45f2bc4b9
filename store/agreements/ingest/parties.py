"""Who the parties are and who, in a sentence, is doing the committing.

Parties already known from the other agreements in the folder are offered
first (same id, name and abbreviation, so matching across agreements works);
an organisation the document introduces as "Full Name (ABBR)" and then names
as the subject of a commitment becomes a new party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.agreements.ingest.verbs import VERB_PATTERN
from store.agreements.model import Party
from store.agreements.validate import kebab_case

COLLECTIVE = (
    r"(?:both|the\s+two)\s+(?:organi[sz]ations|parties|sides|partners|institutions|agencies|"
    r"participants|signatories)|each\s+(?:party|participant|signatory|organi[sz]ation)|"
    r"the\s+parties|the\s+partners|the\s+signatories|the\s+participants|participants|we|they"
)
# "Full Name (ABBR)" or "Full Name (hereinafter "ABBR")"; a name may hold a comma
# ("United Nations Educational, Scientific and Cultural Organization") and an
# abbreviation a hyphen or a space ("UN-Habitat", "UN Women") or small letters ("AfDB").
_NAME = (
    r"((?:[A-Z][\w’'-]+\s+)(?:(?:of|for|and|the|on|de|du)\s+|[A-Z][\w’'-]+,?\s+(?=[A-Z])|"
    r"[A-Z][\w’'-]+\s+){0,12}[A-Z][\w’'-]+)"
)
_ABBREVIATION = r"([A-Z][A-Z&]{1,9}|[A-Z][A-Za-z&]{1,8}[A-Z]|[A-Z]{2,5}[- ][A-Z][a-z]{2,12})"
_DEFINITION = re.compile(
    rf"{_NAME}\s+\((?:(?:hereinafter|hereafter)\s+(?:referred\s+to\s+as\s+|called\s+)?)?"
    rf"(?:the\s+)?[\"“']?{_ABBREVIATION}[\"”']?\)"
)


@dataclass(frozen=True, slots=True)
class PartyGuess:
    party: Party
    aliases: tuple[str, ...]
    known: bool


def _aliases(party: Party) -> tuple[str, ...]:
    found = [party.name]
    if party.short:
        found.append(party.short)
    last = party.name.split()[-1] if party.name.split() else ""
    if len(last) >= 5 and last[0].isupper():
        found.append(last)  # "the Commission" for the European Commission
    return tuple(dict.fromkeys(found))


# What the name of an organisation ends with, for titles that name one without
# an abbreviation ("… between the ILO and the World Bank").
_ORG_NOUNS = (
    r"Organi[sz]ation|Bank|Fund|Programme|Program|Commission|Office|Agency|Foundation|"
    r"Cent(?:re|er)|Union|Council|Institute|Secretariat|Forum|Group|Conference|Authority|"
    r"Board|Committee|Federation|Association|Ministry|Government|Nations|Partnership|"
    r"Alliance|Facility|Court|Parliament|Service|Network|Observatory|University|Entity"
)
_TITLE_PARTY = re.compile(
    rf"^(?:the\s+)?((?:[A-Z][\w’'-]+\s+)(?:(?:of|for|and|the|on|de|du)\s+|[A-Z][\w’'-]+\s+){{0,8}}"
    rf"(?:{_ORG_NOUNS})(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,3}})?)"
    r"(?=\s|$|[,.;:])"
)


def _title_parties(title: str) -> list[str]:
    """The organisations of "… between X and Y" when the title names them in full.

    "and" also sits inside names ("Food and Agriculture Organization"), so the
    title is split at the "and" whose left side ends a name.
    """
    found = re.search(r"\bbetween\s+(.+)$", title, re.IGNORECASE)
    if found is None:
        return []
    phrase = found.group(1)
    for split in re.finditer(r"\s+and\s+", phrase):
        left = _TITLE_PARTY.match(phrase[: split.start()])
        right = _TITLE_PARTY.match(phrase[split.end() :])
        if left and right and left.end() == split.start():
            return [" ".join(left.group(1).split()), " ".join(right.group(1).split())]
    return []


def candidate_parties(text: str, known: list[Party], title: str | None = None) -> list[PartyGuess]:
    """Known parties the text names, organisations it defines with an abbreviation,
    then those the title names in full without one."""
    guesses: list[PartyGuess] = []
    taken: set[str] = set()
    for party in known:
        if party.id in taken:
            continue
        names = [party.name, *([party.short] if party.short else [])]
        if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in names):
            guesses.append(PartyGuess(party, _aliases(party), True))
            taken.add(party.id)
    known_words = {alias for guess in guesses for alias in guess.aliases}
    for match in _DEFINITION.finditer(text):
        name, short = " ".join(match.group(1).split()), match.group(2)
        name = re.sub(r"^(?:The|the)\s+", "", name)
        if short in known_words or name in known_words:
            continue
        party_id = kebab_case(short) or kebab_case(name)
        if not party_id or party_id in taken:
            continue
        party = Party(party_id, name, short)
        guesses.append(PartyGuess(party, _aliases(party), False))
        taken.add(party_id)
        known_words.update(_aliases(party))
    for name in _title_parties(title or ""):
        if any(name in g.party.name or name in g.aliases for g in guesses):
            continue  # defined already, perhaps under its full name
        party_id = kebab_case(name)
        if not party_id or party_id in taken:
            continue
        party = Party(party_id, name, None)
        guesses.append(PartyGuess(party, _aliases(party), False))
        taken.add(party_id)
    return guesses


class ActorFinder:
    """Finds the parties a committing sentence or lead-in names as its subject."""

    def __init__(self, guesses: list[PartyGuess]) -> None:
        self.guesses = guesses
        aliases = sorted(
            {alias for guess in guesses for alias in guess.aliases}, key=len, reverse=True
        )
        alias_re = "|".join(re.escape(alias) for alias in aliases) or r"(?!x)x"
        mention = rf"(?:(?:the|both\s+the)\s+)?(?:{alias_re})(?:[’']s)?"
        group = rf"(?:{COLLECTIVE}|{mention}(?:\s*(?:,|and|as\s+well\s+as)\s*{mention})*)"
        adverbs = (
            r"(?:(?:are|is|have|has|also|further|strongly|hereby|jointly|each|both|"
            r"therefore|furthermore|together|fully)\s+){0,3}"
        )
        self._subject = re.compile(
            rf"^(?:.{{0,300}}?,\s+)?(?P<subject>{group})\s+{adverbs}(?P<verb>{VERB_PATTERN})\b",
            re.IGNORECASE | re.DOTALL,
        )
        self._mention = re.compile(rf"(?<![\w-])(?:{alias_re})(?![\w-])")
        self._collective = re.compile(rf"\b(?:{COLLECTIVE})\b", re.IGNORECASE)
        self.principal: tuple[str, ...] = tuple(g.party.id for g in guesses if g.known)

    def find_principal(self, sentences: list[str], title: str | None = None) -> None:
        """The parties that commit somewhere; "both organisations" means these.

        A title that names two or more parties ("Memorandum of Understanding
        between X and Y") names the signatories: they are all among them.
        """
        used: list[str] = []
        for guess in self.guesses if title else []:
            # A title may be set in capitals: "… BETWEEN THE INTERNATIONAL LABOUR ORGANIZATION".
            named = (
                re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", title or "", re.I)
                for alias in guess.aliases
                if len(alias) >= 3
            )
            if any(named):
                used.append(guess.party.id)
        if len(used) < 2:
            used = []
        for sentence in sentences:
            found = self._subject.match(sentence)
            if found is None:
                continue
            for actor in self.actors_in(found.group("subject"), collective=False):
                if actor not in used:
                    used.append(actor)
        if used:
            order = [g.party.id for g in self.guesses]
            self.principal = tuple(sorted(used, key=order.index))
        elif not self.principal:
            # "The Parties will…" and no party named as a subject anywhere: the
            # organisations the text introduces are the best guess.
            self.principal = tuple(g.party.id for g in self.guesses)

    def subject(self, sentence: str) -> tuple[tuple[str, ...], str] | None:
        """(actor ids, the verb) if the sentence's subject is a party."""
        found = self._subject.match(sentence)
        if found is None:
            return None
        actors = self.actors_in(found.group("subject"))
        if not actors:
            return None
        return actors, found.group("verb")

    def actors_in(self, text: str, *, collective: bool = True) -> tuple[str, ...]:
        if collective and self._collective.search(text):
            return self.all_ids()
        ids: list[str] = []
        for match in self._mention.finditer(text):
            for guess in self.guesses:
                if match.group() in guess.aliases and guess.party.id not in ids:
                    ids.append(guess.party.id)
        return tuple(ids)

    def all_ids(self) -> tuple[str, ...]:
        return self.principal
