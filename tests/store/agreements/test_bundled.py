"""The bundled agreements: complete, valid, and faithful to the source documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from store.agreements.loader import load_corpus
from store.agreements.schema import agreement_json_schema, lexicon_json_schema, render_json_schema
from store.locate import agreement_files

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
HLM_SEED = SEEDS / "000_5a9309664e441bf4.txt"
ETF_SEED = SEEDS / "003_e896a47141152b7a.txt"


def test_bundled_agreements_load_without_errors(bundled_dir: Path) -> None:
    result = load_corpus(bundled_dir)
    assert result.errors == [], [f.headline() for f in result.errors]
    assert {a.id for a in result.corpus.agreements} == {"hlm-2022", "etf-2026"}


def test_every_bundled_file_names_its_schema(bundled_dir: Path) -> None:
    for path in [*agreement_files(bundled_dir)]:
        assert path.read_text(encoding="utf-8").startswith("#:schema ./agreement.schema.json\n")
    lexicon = (bundled_dir / "lexicon.toml").read_text(encoding="utf-8")
    assert lexicon.startswith("#:schema ./lexicon.schema.json\n")


def test_committed_json_schemas_are_generated_from_the_format(bundled_dir: Path) -> None:
    # Regenerate with `python -m store schemas`.
    assert (bundled_dir / "agreement.schema.json").read_text() == render_json_schema(
        agreement_json_schema()
    )
    assert (bundled_dir / "lexicon.schema.json").read_text() == render_json_schema(
        lexicon_json_schema()
    )
    schema = json.loads((bundled_dir / "agreement.schema.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"


def test_hlm_has_every_area_of_the_conclusions(bundled_dir: Path) -> None:
    hlm = load_corpus(bundled_dir).corpus.agreement("hlm-2022")
    assert hlm is not None
    titles = " | ".join(area.title.casefold() for area in hlm.areas)
    for words in [
        "general conclusions",
        "building back better",
        "ukraine",
        "supply chains",
        "trade and labour",
        "occupational safety and health",
        "forced labour and child labour",
        "care",
        "fishing and maritime",
        "youth employment",
        "labour market inequalities",
        "social and solidarity economy",
        "skills development",
    ]:
        assert words in titles
    assert len(hlm.areas) == 13
    assert hlm.date.isoformat() == "2022-07-05" and hlm.place == "Brussels"
    fishing = hlm.area("fishing-maritime")
    assert fishing is not None
    parts = {c.part for c in fishing.commitments}
    assert {"Fishing", "Shipping"} <= parts
    assert any(c.actors == ("ilo",) for c in fishing.commitments)
    assert any(c.actors == ("commission",) for c in fishing.commitments)
    assert all(area.context for area in hlm.areas)
    assert hlm.preamble and "4-5 July" in hlm.preamble


def test_etf_has_five_joint_items_and_six_areas_of_cooperation(bundled_dir: Path) -> None:
    etf = load_corpus(bundled_dir).corpus.agreement("etf-2026")
    assert etf is not None
    assert [len(area.commitments) for area in etf.areas] == [5, 6]
    assert etf.term_years == 5 and etf.signed is not None
    assert len(etf.signatories) == 2


def test_incomplete_source_is_flagged_not_invented(bundled_dir: Path) -> None:
    hlm = load_corpus(bundled_dir).corpus.agreement("hlm-2022")
    assert hlm is not None
    sse = hlm.area("social-solidarity-economy")
    assert sse is not None
    flagged = [c for c in sse.commitments if c.incomplete]
    assert flagged, "the gap in the social and solidarity economy area must be marked"
    cut = next(c for c in flagged if "creating decent work in the care" in c.text)
    assert cut.text.rstrip(" .;…").endswith("creating decent work in the care")


def test_no_extraction_artefacts_survive(bundled_dir: Path) -> None:
    corpus = load_corpus(bundled_dir).corpus
    texts = [c.text for a in corpus.agreements for c in a.commitments()]
    texts += [a.context or "" for ag in corpus.agreements for a in ag.areas]
    for text in texts:
        assert "<i>" not in text and "</i>" not in text and "•" not in text
        assert "Issues addressed in technical meetings" not in text
        assert "fastering" not in text and "group transition" not in text
        assert "\t" not in text
    joined = " ".join(texts)
    assert joined.count("Consulting each other on issues of common interest requiring") == 1


def _normalise(text: str) -> str:
    text = re.sub(r"</?i>|\*", "", text)
    text = text.replace("•", " ").replace("’", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # "non- EU" is an extraction artefact
    return " ".join(text.split()).casefold()


# Headings of the document's layout that state no commitment.
LAYOUT_HEADINGS = ("strategic orientations for ilo-eu cooperation in the global agenda",)


def _seed_items(seed: Path) -> list[str]:
    body = seed.read_text(encoding="utf-8").replace("Issues addressed in technical meetings", "\n")
    items = []
    for piece in re.split(r";|\n|(?<=\.) (?=[A-Z])|:(?= [A-Z])", body):
        clean = _normalise(piece).strip(" .;:")
        if len(clean.split()) >= 6 and clean not in LAYOUT_HEADINGS:
            items.append(clean)
    return items


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout"
)
def test_every_commitment_sentence_of_the_sources_is_encoded(run_accord) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(run_accord("list", "--format", "json").stdout)
    haystack_parts = []
    for agreement in listed["agreements"]:
        haystack_parts += [agreement["title"], agreement["preamble"] or ""]
        for area in agreement["areas"]:
            haystack_parts += [area["title"], area["context"] or ""]
            for commitment in area["commitments"]:
                haystack_parts += [commitment["text"], commitment["lead_in"] or ""]
    haystack = _normalise(" ".join(haystack_parts))
    missing = []
    for seed in (HLM_SEED, ETF_SEED):
        for item in _seed_items(seed):
            # Page breaks cut items; a long enough head or tail must still be found.
            words = item.split()
            head, tail = " ".join(words[:6]), " ".join(words[-6:])
            if head not in haystack and tail not in haystack:
                missing.append(item[:90])
    assert missing == []
