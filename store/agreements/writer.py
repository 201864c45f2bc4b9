"""The model back to TOML data, for tomli-w: generated files and round-trip tests."""

from __future__ import annotations

from typing import Any

from store.agreements.model import Agreement, Commitment


def _compact(table: dict[str, Any]) -> dict[str, Any]:
    """Drop unset optional keys so the output reads like a hand-written file."""
    return {key: value for key, value in table.items() if value not in (None, (), [])}


def commitment_to_dict(commitment: Commitment) -> dict[str, Any]:
    return _compact(
        {
            "id": commitment.id,
            "text": commitment.text,
            "actors": list(commitment.actors),
            "modality": commitment.modality,
            "topics": list(commitment.topics),
            "part": commitment.part,
            "lead_in": commitment.lead_in,
            "incomplete": commitment.incomplete,
        }
    )


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    data = _compact(
        {
            "id": agreement.id,
            "title": agreement.title,
            "short_title": agreement.short_title,
            "kind": agreement.kind,
            "date": agreement.date,
            "signed": agreement.signed,
            "announced": agreement.announced,
            "place": agreement.place,
            "term": agreement.term,
            "term_years": agreement.term_years,
            "source": agreement.source,
            "preamble": agreement.preamble,
        }
    )
    data["parties"] = [
        _compact({"id": p.id, "name": p.name, "short": p.short}) for p in agreement.parties
    ]
    if agreement.signatories:
        data["signatories"] = [
            _compact({"name": s.name, "role": s.role, "party": s.party})
            for s in agreement.signatories
        ]
    data["areas"] = [
        _compact(
            {
                "id": area.id,
                "title": area.title,
                "context": area.context,
                "commitments": [commitment_to_dict(c) for c in area.commitments],
            }
        )
        for area in agreement.areas
    ]
    return data


def dumps_agreement(agreement: Agreement) -> str:
    import tomli_w

    header = "#:schema ./agreement.schema.json\n"
    return header + tomli_w.dumps(agreement_to_dict(agreement), multiline_strings=True)
