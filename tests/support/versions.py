"""Hand-made versions of the bundled agreements: one edit of each kind, on disk."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import tomli
import tomli_w

REPO = Path(__file__).resolve().parents[2]


def bundled(name: str) -> dict[str, Any]:
    with open(REPO / "agreements" / f"{name}.toml", "rb") as handle:
        return tomli.load(handle)


def find(data: dict[str, Any], commitment_id: str) -> tuple[dict[str, Any], int]:
    for area in data["areas"]:
        for number, commitment in enumerate(area["commitments"]):
            if commitment["id"] == commitment_id:
                return area, number
    raise KeyError(commitment_id)


def edited_hlm() -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new): the bundled HLM file and a version with one edit of each kind."""
    old = bundled("hlm-2022")
    new = copy.deepcopy(old)
    # Reword: two words changed, same id.
    area, n = find(new, "inequality-joint-cooperation")
    area["commitments"][n]["text"] = (
        area["commitments"][n]["text"]
        .replace("Explore joint cooperation", "Explore closer joint cooperation")
        .replace("global and/or country level", "global, regional and country level")
    )
    # Move: same id and text, another area.
    area, n = find(new, "global-wage-report")
    moved = area["commitments"].pop(n)
    find(new, "youth-participation-representation")[0]["commitments"].append(moved)
    # Split: the first half keeps the id, the second half is new.
    area, n = find(new, "skills-anticipation-big-data")
    split_text = area["commitments"][n]["text"]
    first, second = split_text.split(", leveraging ")
    area["commitments"][n]["text"] = first
    area["commitments"].insert(
        n + 1,
        {**area["commitments"][n], "id": "big-data-cedefop", "text": "Leverage " + second},
    )
    # Merge: two commitments become one under a new id.
    area, n = find(new, "sse-awareness")
    a, b = area["commitments"][n], area["commitments"][n + 1]
    merged = {**a, "id": "sse-awareness-environment", "text": a["text"] + "; " + b["text"]}
    area["commitments"][n : n + 2] = [merged]
    # Add and remove.
    new["areas"][2]["commitments"].append(
        {
            "id": "ukraine-social-dialogue",
            "text": "Support social dialogue institutions in Ukraine during the recovery",
            "actors": ["commission", "ilo"],
            "modality": "intend",
        }
    )
    area, n = find(new, "twin-transition-meetings-events")
    del area["commitments"][n]
    # Modality: intend → will strengthens, will → explore weakens.
    area, n = find(new, "promote-twin-transition-practices")
    area["commitments"][n]["modality"] = "will"
    area, n = find(new, "decent-work-measurement-framework")
    area["commitments"][n]["modality"] = "explore"
    return old, new


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text("#:schema ./agreement.schema.json\n" + tomli_w.dumps(data), encoding="utf-8")
    return path
