"""Synthetic agreement pairs for the scale benchmark (fixed seed, no I/O).

The text is realistic policy prose: a first-order Markov chain over the words
of the bundled agreements, so that function words, boilerplate and lexicon
phrases occur as often as in real commitments, with 15-60 words a sentence.
Real collections grow their vocabulary with their size (countries, instruments,
programmes, years); each sentence therefore also names a few such specifics,
drawn from pools that grow with the number of commitments.

Side B holds paraphrases of 30% of side A: every lexicon phrase swapped for
another phrase of the same topic (a term for its abbreviation, and so on),
some words dropped, a few added. The rest of B is independent text.

`kind="uniform"` draws every word uniformly from the same vocabulary instead
of following the chain: no word is common, so almost every pair shares some
rare word and the candidate graph is far denser. Users' corpora hold both
kinds of text.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from compare.lexicon import mapper
from store.agreements.loader import load_corpus
from store.agreements.model import Agreement, Area, Commitment, Lexicon, Party
from store.locate import bundled_agreements_dir

PARAPHRASE_SHARE = 0.3
AREA_SIZE = 50
_COUNTRIES = [
    "Albania",
    "Algeria",
    "Armenia",
    "Azerbaijan",
    "Belarus",
    "Bosnia",
    "Egypt",
    "Georgia",
    "Israel",
    "Jordan",
    "Kazakhstan",
    "Kosovo",
    "Kyrgyzstan",
    "Lebanon",
    "Libya",
    "Moldova",
    "Montenegro",
    "Morocco",
    "Palestine",
    "Serbia",
    "Syria",
    "Tajikistan",
    "Tunisia",
    "Turkmenistan",
    "Uzbekistan",
    "Ukraine",
    "Kenya",
    "Ghana",
    "Senegal",
    "Ethiopia",
    "Nigeria",
    "Rwanda",
    "Uganda",
    "Zambia",
    "Malawi",
    "Bangladesh",
    "Cambodia",
    "Vietnam",
    "Indonesia",
    "Philippines",
    "Peru",
    "Colombia",
    "Ecuador",
    "Bolivia",
]
_KINDS = ("programme", "initiative", "facility", "platform", "network", "pilot", "project")


class _Chain:
    def __init__(self, texts: list[str]) -> None:
        self.starts: list[str] = []
        self.next: dict[str, list[str]] = defaultdict(list)
        for text in texts:
            tokens = text.split()
            if not tokens:
                continue
            self.starts.append(tokens[0])
            for here, there in pairwise(tokens):
                self.next[here].append(there)

    def sentence(self, rng: random.Random, length: int) -> list[str]:
        out = [rng.choice(self.starts)]
        while len(out) < length:
            options = self.next.get(out[-1])
            out.append(rng.choice(options) if options else rng.choice(self.starts).lower())
        return out


def _specific(rng: random.Random, n: int) -> str:
    """A proper name from a pool that grows with the collection, as real ones do."""
    pool = max(50, n // 4)
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(_COUNTRIES)
    if kind == 1:
        return f"Convention No. {rng.randrange(1, 200)}"
    if kind == 2:
        return str(rng.randrange(1990, 2035))
    letters = "ABCDEFGHIJKLMNOPRSTUVW"
    number = rng.randrange(pool)
    code = "".join(letters[(number // 22**i) % 22] for i in range(3))
    return f"{code} {rng.choice(_KINDS)}"


def _paraphrase(text: str, lexicon: Lexicon, chain: _Chain, rng: random.Random) -> str:
    phrases: dict[str, list[str]] = {
        topic.id: [*topic.terms, *topic.synonyms, *topic.abbreviations] for topic in lexicon.topics
    }
    out: list[str] = []
    cursor = 0
    for unit in mapper(lexicon).units(text):
        out.append(text[cursor : unit.start])
        if unit.topics and phrases.get(unit.topics[0]):
            out.append(rng.choice(phrases[unit.topics[0]]))
        elif unit.kind == "word" and rng.random() < 0.15:
            out.append("")
        else:
            out.append(text[unit.start : unit.end])
        cursor = unit.end
    out.append(text[cursor:])
    extra = " ".join(chain.sentence(rng, rng.randrange(2, 6)))
    return " ".join("".join(out).split() + extra.split())


def _agreement(agreement_id: str, texts: list[str], titles: list[str]) -> Agreement:
    areas = []
    for start in range(0, len(texts), AREA_SIZE):
        area_id = f"area-{start // AREA_SIZE + 1}"
        commitments = tuple(
            Commitment(
                id=f"c{index + 1}",
                agreement_id=agreement_id,
                area_id=area_id,
                text=texts[index],
                actors=("a", "b"),
                modality="intend",
            )
            for index in range(start, min(start + AREA_SIZE, len(texts)))
        )
        title = titles[(start // AREA_SIZE) % len(titles)]
        areas.append(Area(area_id, agreement_id, title, commitments))
    return Agreement(
        id=agreement_id,
        title=f"Synthetic agreement {agreement_id}",
        date=dt.date(2026, 1, 1),
        parties=(Party("a", "Party A"), Party("b", "Party B")),
        areas=tuple(areas),
    )


def synthetic_pair(
    n: int, seed: int = 20260209, directory: Path | None = None, kind: str = "markov"
) -> tuple[Agreement, Agreement, Lexicon]:
    """Two agreements of `n` commitments each, and the lexicon they use.

    `kind` is "markov" (the chain over the bundled texts) or "uniform" (words
    drawn uniformly from the same vocabulary).
    """
    if kind not in ("markov", "uniform"):
        raise ValueError(f"unknown kind of synthetic text: {kind!r}")
    corpus = load_corpus(directory or bundled_agreements_dir()).corpus
    texts = [c.text for a in corpus.agreements for c in a.commitments()]
    titles = [area.title for a in corpus.agreements for area in a.areas]
    chain = _Chain(texts)
    rng = random.Random(seed)

    vocabulary = sorted({word for text in texts for word in text.split()})

    def fresh() -> str:
        length = rng.randrange(15, 61)
        if kind == "uniform":
            words = [rng.choice(vocabulary) for _ in range(length)]
        else:
            words = chain.sentence(rng, length)
        for _ in range(rng.randrange(0, 4)):
            words.insert(rng.randrange(len(words) + 1), _specific(rng, n))
        return " ".join(words)

    a_texts = [fresh() for _ in range(n)]
    b_texts = [
        _paraphrase(rng.choice(a_texts), corpus.lexicon, chain, rng)
        if rng.random() < PARAPHRASE_SHARE
        else fresh()
        for _ in range(n)
    ]
    rng.shuffle(b_texts)
    return (
        _agreement(f"synthetic-a-{n}", a_texts, titles),
        _agreement(f"synthetic-b-{n}", b_texts, titles),
        corpus.lexicon,
    )


def agreement_toml(agreement: Agreement) -> dict[str, object]:
    """The agreement as the TOML data of an agreement file (for whole-process runs)."""
    return {
        "id": agreement.id,
        "title": agreement.title,
        "date": agreement.date,
        "parties": [{"id": p.id, "name": p.name} for p in agreement.parties],
        "areas": [
            {
                "id": area.id,
                "title": area.title,
                "commitments": [
                    {
                        "id": c.id,
                        "text": c.text,
                        "actors": list(c.actors),
                        "modality": c.modality,
                    }
                    for c in area.commitments
                ],
            }
            for area in agreement.areas
        ],
    }
