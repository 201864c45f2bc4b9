"""`accord check`'s view of the review store: orphaned review records (W202)."""

from __future__ import annotations

from pathlib import Path

from store.agreements.findings import Finding
from store.agreements.model import Corpus
from store.review.records import Orphan
from store.review.store import ReviewStore


def orphan_findings(store_path: Path, corpus: Corpus) -> list[Finding]:
    """W202 warnings for `accord check`: one per missing commitment that records refer to.

    A store that does not exist yet has no orphans (and is not created).
    Raises StoreError (e.g. StoreTooNewError) if the store cannot be read.
    """
    if not store_path.exists():
        return []
    with ReviewStore.open(
        store_path, "accord-check", corpus=corpus, create=False, read_only=True
    ) as store:
        orphans = store.orphans()
    by_ref: dict[str, list[Orphan]] = {}
    for orphan in orphans:
        by_ref.setdefault(orphan.ref, []).append(orphan)
    findings = []
    for ref, found in sorted(by_ref.items()):
        agreement_id = ref.partition("/")[0]
        agreement = corpus.agreement(agreement_id)
        path = agreement.path if agreement is not None and agreement.path else store_path
        kinds = sorted(
            {
                type(o.record).__name__.lower().replace("reviewedmark", "reviewed mark")
                for o in found
            }
        )
        where = f"agreement {agreement_id}" if agreement is not None else "the agreements in use"
        findings.append(
            Finding(
                path,
                1,
                1,
                "W202",
                f"{len(found)} review record(s) ({', '.join(kinds)}) refer to {ref}, "
                f"which is not in {where}",
                hint=f"restore the commitment id, or keep the records as orphans "
                f"(review store: {store_path})",
            )
        )
    return findings
