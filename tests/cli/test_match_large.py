"""`accord match` on large agreements: ranked by matrix products, written in two halves."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import orjson

from compare import match_pair
from tests.support.corpus import ROOT, load, write_agreements

WORDS = [
    "skills",
    "apprenticeships",
    "labour",
    "market",
    "data",
    "youth",
    "employment",
    "social",
    "dialogue",
    "green",
    "jobs",
    "digital",
    "transition",
    "training",
    "teachers",
    "qualifications",
    "migration",
    "statistics",
    "women",
    "care",
    "reform",
    "policy",
    "inclusive",
    "networks",
    "research",
    "tools",
    "country",
    "support",
    "workers",
    "evidence",
]


def large_pair(folder: Path, size: int = 1_100) -> Path:
    pick = random.Random(7)

    def side(name: str) -> dict[str, list[tuple[str, str]]]:
        return {
            f"area-{area}": [
                (f"c{area}-{n}", " ".join(pick.choices(WORDS, k=pick.randint(4, 14))))
                for n in range(size // 10)
            ]
            for area in range(10)
        }

    write_agreements(folder, {"alpha": side("alpha"), "beta": side("beta")})
    shutil.copy(ROOT / "agreements" / "lexicon.toml", folder / "lexicon.toml")
    return folder


def test_large_json_is_one_compact_document_with_every_match(  # type: ignore[no-untyped-def]
    run_accord, run_accord_process, tmp_path: Path
) -> None:
    folder = large_pair(tmp_path / "agreements")
    args = ("--agreements", str(folder), "match", "alpha", "beta", "--no-cache", "--format", "json")
    # A fresh process forks for the second half; pytest's worker may not.
    forked, here = run_accord_process(*args), run_accord(*args)
    assert forked.returncode == 0, forked.stderr
    assert forked.stdout == here.stdout
    document = forked.stdout.rstrip("\n")
    data = json.loads(document)
    # The halves join into exactly what one compact encoding of the whole writes.
    assert orjson.dumps(data).decode("utf-8") == document
    corpus = load(folder)
    a, b = corpus.agreements
    pair = match_pair(a, b, corpus.lexicon, use_cache=False)
    assert [r["ref"] for r in data["results"]] == [c.ref for c in a.commitments()]
    for result in data["results"]:
        want = pair.forward[result["ref"]]
        assert [(m["ref"], m["score"], m["shared"]) for m in result["matches"]] == [
            (m.other, round(m.score, 2), list(m.shared)) for m in want
        ]
