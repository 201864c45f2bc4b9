"""What a live reload changed in each agreement, and which review records it touches.

The app asks before taking the fresh load into the session: the old
versions are still the session's, so each changed agreement can be diffed
against its successor and its records checked against both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compare.version_report import ReviewImpact, impact_in, reload_notice, with_agreement
from compare.versions import VersionDiff

if TYPE_CHECKING:
    from service.session import Session
    from store.agreements.loader import LoadResult


@dataclass(frozen=True, slots=True)
class AgreementChange:
    agreement_id: str
    diff: VersionDiff
    impact: ReviewImpact
    summary: str  # "hlm-2022 changed: 3 reworded, … Press D to see the changes."


def changes_on_reload(session: Session, result: LoadResult) -> list[AgreementChange]:
    before = session.corpus
    fresh = {agreement.id: agreement for agreement in result.corpus.agreements}
    changes: list[AgreementChange] = []
    for old in before.agreements:
        new = fresh.get(old.id)
        if new is None or new == old:
            continue  # gone (or broken: the last good version stays) or untouched
        impact = impact_in(session.store, before, with_agreement(before, new), old.id)
        notice = reload_notice(old, new, impact)
        if notice is not None:
            diff, summary = notice
            changes.append(AgreementChange(old.id, diff, impact, summary))
    return changes
