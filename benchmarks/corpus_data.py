"""A synthetic corpus on disk: many agreements of many commitments (fixed seed).

Two generators over the same vocabulary (the words of the bundled agreements):

- **markov**: realistic policy prose from `benchmarks/synthetic.py`'s
  first-order Markov chain, with a few growing-pool specifics (countries,
  conventions, years, programme codes), and 30% paraphrases of commitments of
  the agreements before it (lexicon phrases swapped for others of the same
  topic), so that commitments recur across the corpus as real ones do;
- **uniform**: the same number of words drawn uniformly from the vocabulary:
  no syntax, no boilerplate, the worst case for a candidate stage.

Agreements alternate between the two, are dated from 2008 onwards, and are
written as TOML files beside a copy of the bundled lexicon, so that loading,
validation and the file-bytes cache keys all run as for real files.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from benchmarks.synthetic import _Chain, _paraphrase, _specific
from store.agreements.loader import load_corpus
from store.agreements.model import MODALITIES, Agreement, Area, Commitment, Party
from store.agreements.writer import dumps_agreement
from store.locate import bundled_agreements_dir

AREA_SIZE = 25
PARAPHRASE_SHARE = 0.3


def _agreement(
    agreement_id: str, date: dt.date, texts: list[str], titles: list[str], rng: random.Random
) -> Agreement:
    areas = []
    for start in range(0, len(texts), AREA_SIZE):
        number = start // AREA_SIZE
        area_id = f"area-{number + 1}"
        commitments = tuple(
            Commitment(
                id=f"c{index + 1:03d}",
                agreement_id=agreement_id,
                area_id=area_id,
                text=texts[index],
                actors=("a", "b"),
                modality=rng.choice(MODALITIES),
            )
            for index in range(start, min(start + AREA_SIZE, len(texts)))
        )
        areas.append(Area(area_id, agreement_id, titles[number % len(titles)], commitments))
    return Agreement(
        id=agreement_id,
        title=f"Synthetic agreement {agreement_id}",
        date=date,
        parties=(Party("a", "Party A"), Party("b", "Party B")),
        areas=tuple(areas),
    )


def write_corpus(target: Path, agreements: int, commitments: int, seed: int = 20260209) -> Path:
    """Write `agreements` TOML files of `commitments` each, plus the lexicon, into `target`."""
    bundled = load_corpus(bundled_agreements_dir()).corpus
    texts = [c.text for a in bundled.agreements for c in a.commitments()]
    titles = [area.title for a in bundled.agreements for area in a.areas]
    vocabulary = sorted({word for text in texts for word in text.split()})
    chain = _Chain(texts)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled_agreements_dir() / "lexicon.toml", target / "lexicon.toml")
    earlier: list[str] = []
    size = agreements * commitments
    for number in range(agreements):
        markov = number % 2 == 0
        out = []
        for _ in range(commitments):
            length = rng.randrange(15, 61)
            if not markov:
                out.append(" ".join(rng.choice(vocabulary) for _ in range(length)))
            elif earlier and rng.random() < PARAPHRASE_SHARE:
                out.append(_paraphrase(rng.choice(earlier), bundled.lexicon, chain, rng))
            else:
                words = chain.sentence(rng, length)
                for _ in range(rng.randrange(0, 4)):
                    words.insert(rng.randrange(len(words) + 1), _specific(rng, size))
                out.append(" ".join(words))
        if markov:
            earlier.extend(out)
        date = dt.date(2008, 1, 1) + dt.timedelta(days=number * 6935 // max(1, agreements))
        agreement = _agreement(f"syn-{number + 1:03d}", date, out, titles, rng)
        (target / f"{agreement.id}.toml").write_text(dumps_agreement(agreement), encoding="utf-8")
    return target
