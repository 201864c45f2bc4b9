"""Whatever a file holds, the loader answers with findings or a model, never an exception."""

from __future__ import annotations

import string
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.agreements.loader import load_agreement, load_corpus
from store.agreements.writer import agreement_to_dict, dumps_agreement

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_yield_findings_or_a_model(tmp_path: Path, raw: bytes) -> None:
    agreement, findings = load_agreement(tmp_path / "fuzz.toml", raw=raw)
    assert agreement is not None or findings


TOMLISH = st.text(alphabet=string.printable + "[]{}=\"'.#\u202e\x1bé–", max_size=300)


@SETTINGS
@given(TOMLISH)
def test_any_text_yields_findings_or_a_model(tmp_path: Path, text: str) -> None:
    agreement, findings = load_agreement(
        tmp_path / "fuzz.toml", raw=text.encode("utf-8", "surrogatepass")
    )
    assert agreement is not None or findings
    for finding in findings:
        finding.render()  # rendering never raises either


SCALARS = st.one_of(
    st.text(max_size=20), st.integers(), st.booleans(), st.dates(), st.floats(allow_nan=False)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "date", "parties", "areas", "extra", "preamble"]), VALUES
    )
)
def test_any_well_formed_toml_shape_yields_findings_or_a_model(
    tmp_path: Path, data: dict[str, object]
) -> None:
    text = tomli_w.dumps(data)
    agreement, findings = load_agreement(tmp_path / "shape.toml", raw=text.encode())
    assert agreement is not None or findings


def test_bundled_agreements_written_back_load_equal(tmp_path: Path, bundled_dir: Path) -> None:
    corpus = load_corpus(bundled_dir).corpus
    for agreement in corpus.agreements:
        path = tmp_path / f"{agreement.id}.toml"
        path.write_text(dumps_agreement(agreement), encoding="utf-8")
        reloaded, findings = load_agreement(path, corpus.lexicon)
        assert [f for f in findings if f.severity == "error"] == []
        assert reloaded == agreement


IDS = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    ),
    min_size=1,
    max_size=60,
).filter(str.strip)


@SETTINGS
@given(
    commitment_ids=st.lists(IDS, min_size=1, max_size=5, unique=True),
    texts=st.lists(TEXT, min_size=5, max_size=5),
    date=st.dates(),
)
def test_generated_models_round_trip_through_tomli_w(
    tmp_path: Path, commitment_ids: list[str], texts: list[str], date: object
) -> None:
    data = {
        "id": "generated",
        "title": texts[0],
        "date": date,
        "parties": [{"id": "ilo", "name": "ILO"}],
        "areas": [
            {
                "id": "area",
                "title": texts[1],
                "commitments": [
                    {"id": cid, "text": texts[n % 5], "actors": ["ilo"], "modality": "will"}
                    for n, cid in enumerate(commitment_ids)
                ],
            }
        ],
    }
    first, findings = load_agreement(tmp_path / "g.toml", raw=tomli_w.dumps(data).encode())
    assert first is not None, [f.headline() for f in findings]
    again, _ = load_agreement(
        tmp_path / "g2.toml", raw=tomli_w.dumps(agreement_to_dict(first)).encode()
    )
    assert again == first
