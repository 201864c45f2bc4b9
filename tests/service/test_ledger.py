"""The ledger's filters and cycling, Textual-free."""

from __future__ import annotations

from dataclasses import replace

from service.ledger import LedgerEntry, LedgerFilter, cycle, next_outdated, next_status


def test_filters_accept_what_they_name() -> None:
    link = LedgerEntry(
        "link", "link:1", "a/x", "b/y", "2026", "alice", "confirmed", "aligned", "manual", "", True
    )
    note = replace(link, kind="note", key="note:1", status=None, tag=None, origin=None)
    assert LedgerFilter(status="confirmed").accepts(link)
    assert not LedgerFilter(status="confirmed").accepts(note)
    assert LedgerFilter(tag="aligned").accepts(link) and not LedgerFilter(tag="").accepts(link)
    assert not LedgerFilter(reviewer="bob").accepts(link)
    assert LedgerFilter(outdated="outdated").accepts(link)
    assert not LedgerFilter(outdated="current").accepts(link)
    assert not LedgerFilter(area="a/area").accepts(link)
    assert LedgerFilter(area="a/area").accepts(replace(link, areas=("a/area",)))


def test_each_filter_key_steps_through_its_values_and_back_to_all() -> None:
    assert cycle(None, ["a", "b"]) == "a"
    assert cycle("a", ["a", "b"]) == "b"
    assert cycle("b", ["a", "b"]) is None
    assert cycle("gone", ["a", "b"]) is None  # a value that vanished: back to all
    assert cycle(None, []) is None
    assert next_status(None) == "suggested" and next_status("deferred") is None
    flt = LedgerFilter()
    seen = [flt.outdated]
    for _ in range(3):
        flt = next_outdated(flt)
        seen.append(flt.outdated)
    assert seen == ["all", "outdated", "current", "all"]
