"""`accord list [AGREEMENT]`: agreements, areas and commitments."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cli.options import add_command_options, require_corpus, resolve_agreement
from store.agreements.model import Agreement


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "list",
        help="print agreements, areas and commitments",
        description="Print the agreements in use, their areas and commitments.",
    )
    parser.add_argument(
        "agreement",
        nargs="?",
        metavar="AGREEMENT",
        help="only this agreement (an id or a file path)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_command_options(parser)
    parser.set_defaults(func=run)


def agreement_json(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.id,
        "title": agreement.title,
        "short_title": agreement.short_title,
        "kind": agreement.kind,
        "date": agreement.date.isoformat(),
        "signed": agreement.signed.isoformat() if agreement.signed else None,
        "announced": agreement.announced.isoformat() if agreement.announced else None,
        "place": agreement.place,
        "term": agreement.term,
        "term_years": agreement.term_years,
        "source": agreement.source,
        "preamble": agreement.preamble,
        "parties": [party.name for party in agreement.parties],
        "party_ids": [party.id for party in agreement.parties],
        "signatories": [
            {"name": s.name, "role": s.role, "party": s.party} for s in agreement.signatories
        ],
        "areas": [
            {
                "id": area.id,
                "title": area.title,
                "context": area.context,
                "commitments": [
                    {
                        "id": c.id,
                        "ref": c.ref,
                        "text": c.text,
                        "actors": list(c.actors),
                        "modality": c.modality,
                        "topics": list(c.topics),
                        "part": c.part,
                        "lead_in": c.lead_in,
                        "incomplete": c.incomplete,
                        "fingerprint": c.fingerprint,
                    }
                    for c in area.commitments
                ],
            }
            for area in agreement.areas
        ],
    }


def run(args: argparse.Namespace) -> int:
    corpus = require_corpus(args)
    agreements = (
        [resolve_agreement(corpus, args.agreement)] if args.agreement else list(corpus.agreements)
    )
    if args.format == "json":
        json.dump(
            {"agreements": [agreement_json(a) for a in agreements]},
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return 0
    from cli.output import list_table

    list_table(agreements)
    return 0
