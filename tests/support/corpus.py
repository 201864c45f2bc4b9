"""Helpers for the review-store suites: small real agreement files and corpora."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import tomli_w

from store.agreements.loader import load_corpus
from store.agreements.model import Agreement, Area, Commitment, Corpus, Lexicon, Party

ROOT = Path(__file__).resolve().parents[2]

# agreement id → area id → [(commitment id, text)]
Layout = Mapping[str, Mapping[str, Sequence[tuple[str, str]]]]

SMALL: Layout = {
    "alpha": {
        "skills": [
            ("improve-data", "improve skills and labour market data"),
            ("youth", "support youth employment programmes"),
        ],
        "social": [("dialogue", "promote social dialogue in the region")],
    },
    "beta": {
        "jobs": [
            ("better-data", "develop better labour market information systems"),
            ("young", "help young people into decent jobs"),
            ("green", "prepare workers for green transitions"),
        ],
    },
}


def agreement_document(agreement_id: str, areas: Mapping[str, Sequence[tuple[str, str]]]) -> dict:
    return {
        "id": agreement_id,
        "title": f"The {agreement_id} agreement",
        "date": dt.date(2024, 1, 15),
        "parties": [{"id": "ilo", "name": "International Labour Organization", "short": "ILO"}],
        "areas": [
            {
                "id": area_id,
                "title": f"Area {area_id}",
                "commitments": [
                    {"id": cid, "text": text, "actors": ["ilo"], "modality": "will"}
                    for cid, text in commitments
                ],
            }
            for area_id, commitments in areas.items()
        ],
    }


def write_agreements(directory: Path, layout: Layout = SMALL) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for agreement_id, areas in layout.items():
        text = tomli_w.dumps(agreement_document(agreement_id, areas))
        (directory / f"{agreement_id}.toml").write_text(text, encoding="utf-8")
    return directory


def load(directory: Path) -> Corpus:
    result = load_corpus(directory)
    errors = [f.render() for f in result.findings if f.severity == "error"]
    assert not errors, "\n".join(errors)
    return result.corpus


def edit_text(directory: Path, ref: str, new_text: str, layout: Layout = SMALL) -> Layout:
    """Rewrite one commitment's text in the agreement file; return the new layout."""
    agreement_id, commitment_id = ref.split("/")
    changed = {
        aid: {
            area: [
                (cid, new_text if (aid, cid) == (agreement_id, commitment_id) else text)
                for cid, text in commitments
            ]
            for area, commitments in areas.items()
        }
        for aid, areas in layout.items()
    }
    write_agreements(directory, {agreement_id: changed[agreement_id]})
    return changed


def make_corpus(layout: Layout) -> Corpus:
    """The same agreements as model objects, without files (fast, for big or many corpora)."""
    agreements = []
    for agreement_id, areas in layout.items():
        built = tuple(
            Area(
                area_id,
                agreement_id,
                f"Area {area_id}",
                tuple(
                    Commitment(cid, agreement_id, area_id, text, ("ilo",), "will")
                    for cid, text in commitments
                ),
            )
            for area_id, commitments in areas.items()
        )
        agreements.append(
            Agreement(
                agreement_id,
                f"The {agreement_id} agreement",
                dt.date(2024, 1, 15),
                (Party("ilo", "ILO"),),
                built,
            )
        )
    return Corpus(tuple(agreements), Lexicon(()))


def grid_layout(per_agreement: int, areas: int = 10) -> Layout:
    """Two agreements with `per_agreement` commitments each, spread over `areas` areas."""

    def one(prefix: str) -> dict[str, list[tuple[str, str]]]:
        result: dict[str, list[tuple[str, str]]] = {}
        for n in range(per_agreement):
            result.setdefault(f"area-{n % areas}", []).append(
                (f"c{n}", f"{prefix} commitment number {n} on skills and decent work")
            )
        return result

    return {"left": one("left"), "right": one("right")}


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("ACCORD_STORE", None)
    env.pop("ACCORD_AGREEMENTS", None)
    return env


PYTHON = sys.executable
