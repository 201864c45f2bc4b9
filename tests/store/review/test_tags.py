"""The tag vocabulary: defaults, tags.toml, and broken files reported with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.agreements.model import Corpus
from store.agreements.tags import DEFAULT_TAGS, load_tags
from store.review.errors import UnknownTagError
from store.review.store import ReviewStore


def test_defaults() -> None:
    assert DEFAULT_TAGS.ids == (
        "aligned",
        "partial-overlap",
        "complementary",
        "divergent",
        "duplicate",
    )
    assert DEFAULT_TAGS.label("partial-overlap") == "Partial overlap"
    assert load_tags(None) == (DEFAULT_TAGS, [])


def test_tags_toml_replaces_the_vocabulary(
    agreements_dir: Path, store_path: Path, corpus: Corpus
) -> None:
    (agreements_dir / "tags.toml").write_text(
        '[[tags]]\nid = "same"\nlabel = "Same thing"\n\n'
        '[[tags]]\nid = "related"\nlabel = "Related"\ndescription = "close enough"\n'
    )
    tags, findings = load_tags(agreements_dir)
    assert findings == [] and tags.ids == ("same", "related")
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        assert store.set_link("alpha/youth", "beta/young", tag="related").tag == "related"
        with pytest.raises(UnknownTagError, match="one of: same, related"):
            store.set_tag("alpha/youth", "beta/young", "aligned")


def test_a_broken_tags_file_falls_back_with_findings(agreements_dir: Path) -> None:
    (agreements_dir / "tags.toml").write_text(
        '[[tags]]\nid = "Not Kebab"\nlabel = "x"\n\n[[tags]]\nid = "ok"\nlabel = 3\ncolour = "red"\n\n'
        '[[tags]]\nid = "ok"\nlabel = "\\u001b]52;c;evil\\u0007"\n'
    )
    tags, findings = load_tags(agreements_dir)
    assert tags is DEFAULT_TAGS
    assert sorted((f.line, f.code) for f in findings) == [
        (2, "E106"), (7, "E104"), (8, "E103"), (11, "E102"), (12, "E108"),
    ]  # fmt: skip
    assert all(f.path == agreements_dir / "tags.toml" for f in findings)


def test_a_tags_file_with_a_syntax_error(agreements_dir: Path) -> None:
    (agreements_dir / "tags.toml").write_text('[[tags]]\nid = "a\nlabel = "A"\n')
    tags, findings = load_tags(agreements_dir)
    assert tags is DEFAULT_TAGS and [(f.code, f.line) for f in findings] == [("E001", 2)]
