"""The report a reviewer sends, Markdown and HTML, on the bundled pair with a realistic review.

The Markdown is parsed by a CommonMark parser (markdown-it-py) and the HTML by an
HTML5 parser (html5lib), as a reader's tools would, and checked section by section.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from service.export import render
from store.agreements.loader import load_corpus
from store.agreements.model import Corpus
from store.review.selection import ExportFilter
from store.review.store import ReviewStore
from store.untrusted import BIDI_CONTROLS, visible
from tests.support.realistic_review import PAIR, Decisions, review_bundled_pair

DAY = dt.date(2026, 2, 10)
NAMES = {"alice": "Alice Martin"}
SCOPE = ExportFilter(agreements=PAIR)
HOSTILE_PIECES = [
    "# heading", "\n## fake section\n", "| a | b |", "<script>alert(1)</script>", "</div>",
    '"><img src=x onerror=alert(1)>', "<style>body{display:none}</style>", "```", "> quote",
    "- item", "1. one", "[x](javascript:alert(1))", "http://evil.test/x.css", "&amp;", "\x1b[31m",
    "\x1b]52;c;aGk=\x07", "\u202e", "\x9b", "\x00", "\r", "\t", "*", "_", "`", "\\", "word", " ",
]  # fmt: skip
hostile = st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=12).map("".join)
RAW_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


@pytest.fixture(scope="module")
def bundled(request: pytest.FixtureRequest) -> Corpus:
    return load_corpus(Path(request.config.rootpath) / "agreements").corpus


def _review(corpus: Corpus, note: str | None = None) -> tuple[ReviewStore, Decisions]:
    store = ReviewStore.open(":memory:", "alice", corpus=corpus)
    return store, review_bundled_pair(store, corpus, note)


def _report(corpus: Corpus, fmt: str, note: str | None = None, **kwargs: bool) -> str:
    store, _ = _review(corpus, note)
    with store:
        return render(fmt, store, corpus, SCOPE, names=NAMES, generated=DAY, **kwargs)


# -- Markdown ------------------------------------------------------------------------


def _flat(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out += _flat(token.children or [])
    return out


def _sections(markdown: str) -> dict[str, list[Token]]:
    """Level-2 heading text → the tokens up to the next level-2 heading."""
    found: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    tokens = MarkdownIt("gfm-like").parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = found.setdefault(tokens[index + 1].content, [])
        elif current is not None:
            current.append(token)
    return found


def _headings(tokens: list[Token], tag: str) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == tag]  # fmt: skip


def _text(tokens: list[Token]) -> str:
    return " ".join(t.content for t in _flat(tokens) if t.type in ("text", "code_inline"))


def test_markdown_report_has_the_sections_a_reader_expects(bundled: Corpus) -> None:
    store, made = _review(bundled)
    with store:
        markdown = render("md", store, bundled, SCOPE, names=NAMES, generated=DAY)
    etf = bundled.agreement(PAIR[0])
    assert etf is not None
    order = [c.ref for c in etf.commitments()]
    sections = _sections(markdown)
    titles = list(sections)
    assert titles == [
        "Summary",
        "Commitments of ILO–ETF 2026 and their counterparts in ILO–EC HLM 2022",
        "Open questions: ILO–ETF 2026 ↔ ILO–EC HLM 2022",
        "Gaps: ILO–ETF 2026 commitments with no confirmed counterpart in ILO–EC HLM 2022",
        "Corpus: topics × agreements",
        "Appendix: rejected links",
    ]
    summary, confirmed, open_questions, gaps, corpus_part, appendix = sections.values()
    # The corpus section: every topic across every agreement, with confirmed links counted.
    assert "Labour-market data" in _text(corpus_part)

    # Summary: counts, coverage per area and per topic, the scale of scores.
    summary_text = _text(summary)
    assert f"{len(made.confirmed)} of {len(order)} commitments" in summary_text
    cells = [t.content for t in _flat(summary) if t.type == "inline"]
    assert cells[cells.index("confirmed") + 1] == str(sum(map(len, made.confirmed.values())))
    assert cells[cells.index("rejected") + 1] == str(len(made.rejected))
    assert {"Area", "Topic", "Coverage"} <= set(cells) and "Labour-market data" in cells
    assert re.search(
        r"bands: strong from \d+, likely from \d+, weak from \d+, unlikely below \d+", summary_text
    )

    # Per commitment of A: its confirmed counterparts, grouped by tag, with notes.
    assert _headings(confirmed, "h4") == [r for r in order if r in made.confirmed]
    body = markdown.split("## Commitments of ", 1)[1].split("\n## ", 1)[0]
    first = order[0]
    entry = body.split(f"#### {first}\n", 1)[1].split("\n#### ", 1)[0]
    assert entry.count("improve skills and labour market data") == 1  # A's text, once
    assert entry.index("**Aligned** (1 confirmed)") < entry.index("**Complementary** (1 confirmed)")
    for other in made.confirmed[first]:
        assert f"- **{other}**: score " in entry
    assert "Both promise better labour market data." in entry
    assert "Measurement supports the data work." in entry

    # Open questions: deferred and undecided links, nothing else.
    open_refs = {a for a, _ in made.deferred | made.suggested}
    assert set(_headings(open_questions, "h4")) == open_refs
    assert "Ask the ETF whether TVET reform is in scope." in _text(open_questions)

    # Gaps: A's commitments with no confirmed counterpart, with their notes.
    gap_refs = [t.content for t in _flat(gaps) if t.type == "text" and t.content in order]
    assert gap_refs == [r for r in order if r not in made.confirmed]
    assert "No HLM counterpart: raise at the next meeting." in _text(gaps)

    # Rejected links only in the appendix, with their notes.
    for a, b in made.rejected:
        assert f"- **{a}** ↔ **{b}**: score" in markdown.split("## Appendix", 1)[1]
    assert "Different audiences; not a counterpart." in _text(appendix)
    assert "rejected by" not in body

    # Reviewers by display name, scores with band, no fingerprints.
    assert "Alice Martin" in markdown and "alice" not in markdown
    scores = re.findall(r"score \d+\.\d( \((?:strong|likely|weak|unlikely)\))?", markdown)
    assert scores and all(scores)
    for agreement in bundled.agreements:
        for commitment in agreement.commitments():
            assert commitment.fingerprint[:8] not in markdown


def test_rejected_links_can_be_left_out(bundled: Corpus) -> None:
    store, made = _review(bundled)
    with store:
        markdown = render(
            "md", store, bundled, SCOPE, names=NAMES, generated=DAY, include_rejected=False
        )
    assert "Appendix" not in markdown and "rejected by" not in markdown
    assert f"{len(made.rejected)} rejected link(s) are left out of this report." in markdown
    assert "Different audiences" not in markdown


def _shape(tokens: list[Token]) -> list[tuple[str, str]]:
    """The Markdown's structure: everything but paragraphs (a note may hold paragraph breaks)."""
    kinds = ("heading_open", "bullet_list_open", "ordered_list_open", "list_item_open",
             "table_open", "tr_open", "td_open", "blockquote_open", "hr", "strong_open",
             "em_open", "html_block", "html_inline", "fence", "code_block")  # fmt: skip
    found = [(t.type, t.tag) for t in _flat(tokens) if t.type in kinds]
    return found + [("heading", h) for tag in ("h2", "h3", "h4") for h in _headings(tokens, tag)]


@pytest.fixture(scope="module")
def plain_shape(bundled: Corpus) -> list[tuple[str, str]]:
    """The structure of the report whose notes are plain words: the same for every example."""
    return _shape(MarkdownIt("gfm-like").parse(_report(bundled, "md", note="plain words")))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=hostile)
def test_no_note_can_break_the_markdown_structure(
    bundled: Corpus, plain_shape: list[tuple[str, str]], note: str
) -> None:
    marked = _report(bundled, "md", note=note)
    parsed = MarkdownIt("gfm-like").parse(marked)
    assert _shape(parsed) == plain_shape
    tokens = _flat(parsed)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "fence", "image")]
    assert not [t for t in tokens if t.type == "link_open"]
    assert not RAW_CONTROL.search(marked)
    words = "".join("".join(t.content for t in tokens if t.type == "text").split())
    assert "".join(visible(note).split()) in words


# -- HTML ------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "h5", "p",
    "nav", "ul", "li", "a", "section", "table", "thead", "tbody", "tr", "th", "td",
    "strong", "span", "div", "blockquote",
}  # fmt: skip


def _parse(document: str) -> Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree: Element = parser.parse(document)
    return tree


def _classes(element: Element) -> set[str]:
    return set(element.get("class", "").split())


def _all_text(element: Element) -> str:
    return "".join(element.itertext())


def _check_html_is_inert(document: str) -> Element:
    tree = _parse(document)  # strict: any parse error raises
    elements = list(tree.iter())
    assert {e.tag for e in elements} <= ALLOWED_TAGS
    assert not [e for e in elements if e.tag == "script"]
    for element in elements:
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert name != "style" and name != "src"
            assert "://" not in value and not value.startswith("//")
            if name == "href":
                assert value.startswith("#")
    (style,) = [e for e in elements if e.tag == "style"]
    assert "url(" not in (style.text or "") and "@import" not in (style.text or "")
    assert not RAW_CONTROL.search(document)
    (policy,) = [e for e in elements if e.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy.get("content", "")
    return tree


def test_html_report_is_one_inert_file_with_side_by_side_highlighting(bundled: Corpus) -> None:
    store, made = _review(bundled)
    with store:
        document = render("html", store, bundled, SCOPE, names=NAMES, generated=DAY)
    tree = _check_html_is_inert(document)
    sections = {s.get("id"): s for s in tree.iter("section")}
    assert list(sections) == ["summary", "pair-1-confirmed", "pair-1-open", "pair-1-gaps", "corpus", "rejected"]  # fmt: skip
    links = [d for d in sections["pair-1-confirmed"].iter("div") if "link" in _classes(d)]
    assert len(links) == sum(map(len, made.confirmed.values()))
    kinds: set[str] = set()
    for link in links:
        sides = [d for d in link.iter("div") if "sides" in _classes(d)]
        (pair,) = sides
        texts = [q for q in pair.iter("blockquote")]
        assert len(texts) == 2  # A and B, side by side
        for quote in texts:
            spans = list(quote.iter("span"))
            kinds.update(c for s in spans for c in _classes(s))
        a_text = _all_text(texts[0])
        assert any(a_text == visible(c.text) for c in bundled.agreement(PAIR[0]).commitments())  # type: ignore[union-attr]
    assert {"eq", "syn"} <= kinds
    style = next(tree.iter("style")).text or ""
    # Marked by style as well as colour, so a grey printout still tells them apart.
    assert re.search(r"\.eq \{[^}]*font-weight: 700[^}]*color:", style)
    assert re.search(r"\.syn \{[^}]*font-style: italic[^}]*text-decoration: underline", style)
    assert "@media print" in style
    assert "Alice Martin" in document and "alice" not in document
    rejected_text = _all_text(sections["rejected"])
    assert all(a in rejected_text and b in rejected_text for a, b in made.rejected)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=hostile, name=hostile)
def test_no_note_or_name_gets_through_the_html_unescaped(
    bundled: Corpus, note: str, name: str
) -> None:
    store, _ = _review(bundled, note)
    with store:
        document = render("html", store, bundled, SCOPE, names={"alice": name}, generated=DAY)
    tree = _check_html_is_inert(document)
    notes = [d for d in tree.iter("div") if _classes(d) == {"text"}]
    assert len(notes) == 5
    shown = visible(note)
    assert all(_all_text(d) == shown for d in notes)
