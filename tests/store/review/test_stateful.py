"""The review store against a plain dict model, driven by hypothesis.

Two reviewers (alice and bob, on separate connections to one file) link,
tag, note, edit and delete notes, undo; alice's connection is reopened; a
maintainer edits agreement text on disk. After every step the store must
equal the model, including versions and which records are outdated.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from store.agreements.model import text_fingerprint
from store.review.errors import ConflictError, NotFoundError
from store.review.store import ReviewStore
from tests.support.corpus import SMALL, Layout, edit_text, load, write_agreements

ALPHA = [f"alpha/{cid}" for area in SMALL["alpha"].values() for cid, _ in area]
BETA = [f"beta/{cid}" for area in SMALL["beta"].values() for cid, _ in area]
TAGS = ["aligned", "partial-overlap", "complementary", "divergent", "duplicate"]
STATUSES = ["suggested", "confirmed", "rejected", "deferred"]
WORDING = ["first wording", "second wording", "a third, longer wording of it"]
WHO = st.sampled_from(["alice", "bob"])


@dataclass
class Rec:
    """A link (refs has 2, status/tag set) or a note (text set) as the model sees it."""

    id: int
    refs: tuple[str, ...]
    snaps: dict[str, str]
    version: int = 1
    token: int = 0  # content identity: changes with every write, comes back on undo
    status: str | None = None
    tag: str | None = None
    text: str | None = None


@dataclass
class Action:
    who: str
    kind: str
    record_id: int
    before: Rec | None
    after_token: int | None
    undone: bool = False


@dataclass
class Model:
    links: dict[int, Rec] = field(default_factory=dict)
    notes: dict[int, Rec] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    next_link: int = 1
    next_note: int = 1
    tokens: int = 0

    def token(self) -> int:
        self.tokens += 1
        return self.tokens

    def link_for(self, a: str, b: str) -> Rec | None:
        return next((r for r in self.links.values() if set(r.refs) == {a, b}), None)


class ReviewMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="accord-stateful-"))
        self.agreements = write_agreements(self.tmp / "agreements")
        self.layout: Layout = SMALL
        self.corpus = load(self.agreements)
        self.path = self.tmp / "reviews.sqlite3"
        self.stores = {who: self._open(who) for who in ("alice", "bob")}
        self.model = Model()

    def _open(self, who: str) -> ReviewStore:
        store = ReviewStore.open(self.path, who, corpus=self.corpus)
        store.note_coalesce_seconds = 0  # wall-clock folding is tested on its own
        return store

    def teardown(self) -> None:
        for store in self.stores.values():
            store.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def text(self, ref: str) -> str:
        found = self.corpus.commitment(ref)
        assert found is not None
        return found.text

    def _write(self, who: str, kind: str, before: Rec | None, after: Rec | None) -> None:
        self.model.actions.append(
            Action(who, kind, (after or before).id, copy.deepcopy(before),  # type: ignore[union-attr]
                   after.token if after else None)
        )  # fmt: skip

    def _expect_change_seen(self, who: str, wrote: bool) -> None:
        other = self.stores["bob" if who == "alice" else "alice"]
        assert other.has_changed() is wrote
        assert other.has_changed() is False

    # -- rules ------------------------------------------------------------------
    @rule(who=WHO, a=st.sampled_from(ALPHA), b=st.sampled_from(BETA), flip=st.booleans(),
          status=st.none() | st.sampled_from(STATUSES), tag=st.none() | st.sampled_from(TAGS),
          clear=st.booleans())  # fmt: skip
    def judge_link(self, who: str, a: str, b: str, flip: bool, status: str | None,
                   tag: str | None, clear: bool) -> None:  # fmt: skip
        first, second = (b, a) if flip else (a, b)
        store = self.stores[who]
        self.stores["bob" if who == "alice" else "alice"].has_changed()
        current = self.model.link_for(a, b)
        if clear:
            store.set_tag(first, second, None)
            status, new_tag = None, None
        else:
            store.set_link(first, second, status=status, tag=tag)
            new_tag = tag if tag is not None else (current.tag if current else None)
        snaps = {first: self.text(first), second: self.text(second)}
        if current is None:
            rec = Rec(self.model.next_link, (first, second), snaps, status=status or "suggested",
                      tag=new_tag, token=self.model.token())  # fmt: skip
            self.model.next_link += 1
            self.model.links[rec.id] = rec
            self._write(who, "link", None, rec)
            self._expect_change_seen(who, True)
            return
        after = copy.deepcopy(current)
        after.status, after.tag, after.snaps = status or current.status, new_tag, snaps
        wrote = (after.status, after.tag, after.snaps) != (
            current.status,
            current.tag,
            current.snaps,
        )
        if wrote:
            after.version, after.token = current.version + 1, self.model.token()
            self.model.links[current.id] = after
            self._write(who, "link", current, after)
        self._expect_change_seen(who, wrote)

    @rule(who=WHO, ref=st.sampled_from(ALPHA + BETA), pair=st.tuples(st.sampled_from(ALPHA),
          st.sampled_from(BETA)), on_link=st.booleans(), text=st.text(max_size=12))  # fmt: skip
    def add_note(self, who: str, ref: str, pair: tuple[str, str], on_link: bool, text: str) -> None:
        store = self.stores[who]
        if on_link:
            if self.model.link_for(*pair) is None:
                try:
                    store.add_note(pair, text)
                except NotFoundError:
                    return
                raise AssertionError("a note on a missing link was accepted")
            refs: tuple[str, ...] = pair
        else:
            refs = (ref,)
        note = store.add_note(refs[0] if len(refs) == 1 else pair, text)
        rec = Rec(self.model.next_note, refs, {r: self.text(r) for r in refs}, text=text,
                  token=self.model.token())  # fmt: skip
        assert note.id == rec.id
        self.model.next_note += 1
        self.model.notes[rec.id] = rec
        self._write(who, "note", None, rec)

    @precondition(lambda self: self.model.notes)
    @rule(who=WHO, data=st.data(), text=st.text(max_size=12), stale=st.booleans())
    def edit_note(self, who: str, data: st.DataObject, text: str, stale: bool) -> None:
        note_id = data.draw(st.sampled_from(sorted(self.model.notes)))
        current = self.model.notes[note_id]
        if stale and current.version > 1:
            try:
                self.stores[who].update_note(note_id, text, current.version - 1)
            except ConflictError:
                return
            raise AssertionError("a stale edit was accepted")
        self.stores[who].update_note(note_id, text, current.version)
        if text != current.text:
            after = copy.deepcopy(current)
            after.text, after.version, after.token = text, current.version + 1, self.model.token()
            self.model.notes[note_id] = after
            self._write(who, "note", current, after)

    @precondition(lambda self: self.model.notes)
    @rule(who=WHO, data=st.data())
    def delete_note(self, who: str, data: st.DataObject) -> None:
        note_id = data.draw(st.sampled_from(sorted(self.model.notes)))
        current = self.model.notes.pop(note_id)
        self.stores[who].delete_note(note_id, current.version)
        self._write(who, "note", current, None)

    @rule(who=WHO)
    def undo(self, who: str) -> None:
        pending = [a for a in self.model.actions if a.who == who and not a.undone]
        if not pending:
            assert self.stores[who].undo() is None
            return
        action = pending[-1]
        table = self.model.links if action.kind == "link" else self.model.notes
        current = table.get(action.record_id)
        intact = (current is None) if action.after_token is None else (
            current is not None and current.token == action.after_token)  # fmt: skip
        if not intact:
            try:
                self.stores[who].undo()
            except ConflictError:
                return
            raise AssertionError("undo overwrote someone else's later change")
        assert self.stores[who].undo() is not None
        action.undone = True
        if action.before is None:
            del table[action.record_id]
        else:
            restored = copy.deepcopy(action.before)
            restored.version = (current.version if current else action.before.version) + 1
            table[action.record_id] = restored

    @rule()
    def reopen(self) -> None:
        self.stores["alice"].close()
        self.stores["alice"] = self._open("alice")

    @rule(ref=st.sampled_from(ALPHA + BETA), wording=st.sampled_from(WORDING))
    def maintainer_edits_text(self, ref: str, wording: str) -> None:
        self.layout = edit_text(self.agreements, ref, f"{ref} {wording}", self.layout)
        self.corpus = load(self.agreements)
        for store in self.stores.values():
            store.corpus = self.corpus

    # -- invariants ---------------------------------------------------------------
    @invariant()
    def store_equals_model(self) -> None:
        store = self.stores["alice"]
        links = {
            link.id: (link.ref_a, link.ref_b, link.status, link.tag, link.version,
                      {link.ref_a: link.snapshot_a, link.ref_b: link.snapshot_b})
            for link in store.links()
        }  # fmt: skip
        assert links == {
            r.id: (*r.refs, r.status, r.tag, r.version, r.snaps) for r in self.model.links.values()
        }
        notes = {
            n.id: (n.refs, n.text, n.version, {ref: n.snapshot_of(ref)[1] for ref in n.refs})
            for n in store.notes()
        }
        assert notes == {
            r.id: (r.refs, r.text, r.version, r.snaps) for r in self.model.notes.values()
        }

    @invariant()
    def outdated_matches_model(self) -> None:
        found = {
            (type(o.record).__name__, o.record.id, o.ref, o.old_text, o.new_text)
            for o in self.stores["bob"].outdated()
        }
        expected = {
            (kind, rec.id, ref, old, self.text(ref))
            for kind, table in (("Link", self.model.links), ("Note", self.model.notes))
            for rec in table.values()
            for ref, old in rec.snaps.items()
            if text_fingerprint(old) != text_fingerprint(self.text(ref))
        }
        assert found == expected


ReviewMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_review_store_matches_model = ReviewMachine.TestCase
