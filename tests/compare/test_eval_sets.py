"""The evaluation sets parse, name real commitments and give every probe a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from store.agreements.loader import load_agreement, load_corpus

DATA = Path(__file__).resolve().parents[1] / "data"
BUNDLED = load_corpus(Path(__file__).resolve().parents[2] / "agreements").corpus


@pytest.mark.parametrize("stem", ["paraphrase_heldout", "paraphrase_tuning"])
def test_probe_set_is_a_valid_agreement_with_labelled_probes(stem: str) -> None:
    agreement, findings = load_agreement(DATA / f"{stem}.toml", BUNDLED.lexicon)
    assert agreement is not None, [f.message for f in findings if f.severity == "error"]
    labels = tomli.loads((DATA / f"{stem}-labels.toml").read_text(encoding="utf-8"))
    assert labels["agreement"] == agreement.id
    probes = labels["probe"]
    ids = [c.id for c in agreement.commitments()]
    assert sorted(p["id"] for p in probes) == sorted(ids), "every probe labelled exactly once"
    paraphrases = [p for p in probes if not p.get("off_topic")]
    off_topic = [p for p in probes if p.get("off_topic")]
    assert len(paraphrases) >= 40
    assert len(off_topic) >= 10
    for probe in probes:
        assert probe["why"].strip(), f"{probe['id']} has no reason"
    for probe in off_topic:
        assert probe["targets"] == []
    for probe in paraphrases:
        assert probe["targets"], f"{probe['id']} names no counterpart"
        for ref in probe["targets"]:
            assert ref.startswith(probe["agreement"] + "/")
            assert BUNDLED.commitment(ref) is not None, f"{probe['id']}: no commitment {ref}"


def test_held_out_and_tuning_sets_do_not_share_wording() -> None:
    texts = {}
    for stem in ("paraphrase_heldout", "paraphrase_tuning"):
        agreement, _ = load_agreement(DATA / f"{stem}.toml", BUNDLED.lexicon)
        assert agreement is not None
        texts[stem] = {c.text.casefold() for c in agreement.commitments()}
    assert not texts["paraphrase_heldout"] & texts["paraphrase_tuning"]
