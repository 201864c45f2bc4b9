"""The review report as one self-contained HTML file, for readers without a terminal.

The same sections as the Markdown report. It makes no network request (no
external style sheet, script, font or image; a Content-Security-Policy says so
to the browser as well), works offline, and prints cleanly to PDF. Each
counterpart shows both texts side by side with the compare screen's word-level
highlighting, marked by style as well as colour (bold for a shared word,
dotted underline and italics for the same concept in other words), so it
survives a black-and-white printer.

Every piece of agreement and note text goes through `store.untrusted.html_text`:
controls become visible placeholders and `& < > " '` become entities. No
untrusted text is ever placed in a tag name, an attribute or the style sheet.
"""

from __future__ import annotations

from collections.abc import Sequence

from store.review.exports.report import (
    Counterpart,
    Entry,
    PairReport,
    Report,
    ReportNote,
    Side,
    Word,
)
from store.untrusted import html_text as esc

WORD_CLASSES = {"equal": "eq", "synonym": "syn"}
OPEN_LABELS = {"deferred": "deferred", "suggested": "undecided"}

STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  background: #fff; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #bbb;
  margin-top: 2.2rem; } h3 { font-size: 1.1rem; } h4 { font-size: 1rem; margin-bottom: .3rem; }
.place { color: #555; font-style: italic; margin: 0 0 .4rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
blockquote { margin: .3rem 0 .6rem; padding: .2rem .8rem; border-left: 3px solid #999; }
table.nums { border-collapse: collapse; margin: .5rem 0 1rem; }
table.nums th, table.nums td { border: 1px solid #ccc; padding: .15rem .6rem; }
table.nums td.n { text-align: right; font-variant-numeric: tabular-nums; }
.tag { margin: .8rem 0 .3rem; font-weight: 600; }
.link { border: 1px solid #ccc; border-radius: 4px; padding: .5rem .7rem; margin: .5rem 0 1rem; }
.meta { margin: 0 0 .4rem; }
.ref { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }
.sides > div { min-width: 0; }
.sides h5 { margin: 0 0 .2rem; font-size: .85rem; color: #444; }
.eq { font-weight: 700; color: #0a5a1c; background: #d9f3df; }
.syn { font-style: italic; text-decoration: underline dotted 2px; color: #6a4700;
  background: #fff0bf; }
.flag { font-weight: 700; color: #8a1c00; }
.note { margin: .4rem 0 .2rem; padding: .3rem .6rem; background: #f4f4f4; }
.legend span { padding: 0 .3rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h2 { break-after: avoid; } h3, h4, .tag { break-after: avoid; }
  .link, .note, tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav { display: none; }
}
"""

# The browser enforces what the file promises: nothing is fetched, nothing runs.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


def render_html(report: Report) -> str:
    body: list[str] = [f"<h1>Review: {esc(report.title)}</h1>"]
    reviewers = ", ".join(esc(name) for name in report.reviewers)
    body.append(
        f"<p>Exported by Accord on {report.generated.isoformat()}{_filters(report)}."
        + (f" Reviewers: {reviewers}." if reviewers else "")
        + "</p>"
    )
    body.append(_nav(report))
    body += _summary(report)
    for number, pair in enumerate(report.pairs, 1):
        body += _confirmed(number, pair, report)
        body += _open(number, pair, report)
        body += _gaps(number, pair)
    if report.commitment_notes:
        body.append('<section id="notes"><h2>Notes on commitments</h2>')
        for place, note in report.commitment_notes:
            body.append(_note(note, place))
        body.append("</section>")
    if report.rejected_left_out is None:
        body += _appendix(report)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Review: {esc(report.title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _filters(report: Report) -> str:
    flt = report.filter
    parts = []
    if flt.agreements:
        parts.append("agreements " + " and ".join(esc(a) for a in flt.agreements))
    if report.filter_reviewer:
        parts.append(f"reviewer {esc(report.filter_reviewer)}")
    if flt.statuses:
        parts.append("status " + ", ".join(esc(s) for s in sorted(flt.statuses)))
    return f" (only {'; '.join(parts)})" if parts else ""


def _nav(report: Report) -> str:
    items = ['<li><a href="#summary">Summary</a></li>']
    for number, pair in enumerate(report.pairs, 1):
        title = esc(pair.title)
        items += [
            f'<li><a href="#pair-{number}-confirmed">Counterparts: {title}</a></li>',
            f'<li><a href="#pair-{number}-open">Open questions: {title}</a></li>',
            f'<li><a href="#pair-{number}-gaps">Gaps: {title}</a></li>',
        ]
    if report.commitment_notes:
        items.append('<li><a href="#notes">Notes on commitments</a></li>')
    if report.rejected_left_out is None:
        items.append('<li><a href="#rejected">Appendix: rejected links</a></li>')
    return "<nav><ul>" + "".join(items) + "</ul></nav>"


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    cells = "".join(f"<th>{h}</th>" for h in head)
    out = [f'<table class="nums"><thead><tr>{cells}</tr></thead><tbody>']
    for row in rows:
        first, *rest = row
        out.append(f"<tr><td>{first}</td>" + "".join(f'<td class="n">{c}</td>' for c in rest))
    out.append("</tbody></table>")
    return "".join(out)


def _summary(report: Report) -> list[str]:
    out = ['<section id="summary"><h2>Summary</h2>', f"<p>{esc(report.scale)}</p>"]
    legend = (
        '<p class="legend">In the texts: <span class="eq">shared word</span> '
        '<span class="syn">same concept in other words</span> and the rest plain.</p>'
    )
    if any(link.words for pair in report.pairs for _, es in pair.confirmed for e in es
           for link in e.links):  # fmt: skip
        out.append(legend)
    if report.outdated:
        out.append(
            f'<p><span class="flag">{report.outdated} item(s) are OUTDATED</span>: the '
            "agreement text changed after they were reviewed; both versions are shown.</p>"
        )
    if report.orphans:
        out.append(
            f'<p><span class="flag">{report.orphans} link(s) are ORPHANED</span>: a commitment '
            "they refer to no longer exists; the text as reviewed is shown.</p>"
        )
    if report.rejected_left_out is not None:
        out.append(
            f"<p>{report.rejected_left_out} rejected link(s) are left out of this report.</p>"
        )
    for pair in report.pairs:
        label_a = esc(pair.label_a)
        out += [
            f"<h3>{esc(pair.title)}</h3>",
            f"<p>{pair.covered} of {pair.total_a} commitments of {label_a} have a confirmed "
            f"counterpart in {esc(pair.label_b)}; {pair.gap_count} are gaps.</p>",
        ]
        counts = pair.counts
        out.append(
            _table(
                ("Decision", "Links"),
                [
                    ("confirmed", str(counts["confirmed"])),
                    ("deferred (open questions)", str(counts["deferred"])),
                    ("undecided", str(counts["suggested"])),
                    ("rejected", str(counts["rejected"])),
                    ("<strong>total</strong>", f"<strong>{sum(counts.values())}</strong>"),
                ],
            )
        )
        out.append(_table(("Tag", "Links"), [(esc(lbl), str(n)) for lbl, n in pair.tag_counts]))
        for heading, lines in (("Area", pair.areas), ("Topic", pair.topics)):
            if lines:
                out.append(
                    f"<p>Coverage of {label_a} by {heading.lower()}: commitments with a "
                    "confirmed counterpart.</p>"
                )
                rows = [
                    (esc(line.label), str(line.confirmed), str(line.total), line.share)
                    for line in lines
                ]
                out.append(_table((heading, "Confirmed", "Commitments", "Coverage"), rows))
    out.append("</section>")
    return out


def _words(words: tuple[Word, ...]) -> str:
    out = []
    for word in words:
        cls = WORD_CLASSES.get(word.kind)
        out.append(f'<span class="{cls}">{esc(word.text)}</span>' if cls else esc(word.text))
    return "".join(out)


def _quote(text: str) -> str:
    return f'<blockquote class="text">{esc(text)}</blockquote>'


def _side_text(side: Side, words: tuple[Word, ...] | None) -> str:
    if side.orphan:
        return (
            '<p><span class="flag">ORPHAN</span>: this commitment no longer exists. '
            f"Text as reviewed:</p>{_quote(side.text)}"
        )
    now = f'<blockquote class="text">{_words(words)}</blockquote>' if words else _quote(side.text)
    if side.old_text is not None:
        return (
            '<p><span class="flag">OUTDATED</span>: the text changed after review. '
            f"Text as reviewed:</p>{_quote(side.old_text)}<p>Text now:</p>{now}"
        )
    return now


def _counterpart(link: Counterpart) -> str:
    status = OPEN_LABELS.get(link.status, link.status)
    words_a, words_b = link.words if link.words else (None, None)
    notes = "".join(_note(note) for note in link.notes)
    return (
        '<div class="link">'
        f'<p class="meta"><span class="ref">{esc(link.b.ref)}</span>: {esc(link.score_phrase)} · '
        f"{esc(status)} by {esc(link.reviewer)}, {esc(link.date)}</p>"
        '<div class="sides">'
        f"<div><h5>{esc(link.a.place)}</h5>{_side_text(link.a, words_a)}</div>"
        f"<div><h5>{esc(link.b.place)}</h5>{_side_text(link.b, words_b)}</div>"
        f"</div>{notes}</div>"
    )


def _entry(entry: Entry, report: Report, what: str) -> list[str]:
    side = entry.side
    out = [
        f'<h4 class="ref">{esc(side.ref)}</h4>',
        f'<p class="place">{esc(side.place)}</p>',
    ]
    for label, links in entry.by_tag(report.tags):
        out.append(f'<p class="tag">{esc(label)} ({len(links)} {what})</p>')
        out += [_counterpart(link) for link in links]
    return out


def _confirmed(number: int, pair: PairReport, report: Report) -> list[str]:
    out = [
        f'<section id="pair-{number}-confirmed"><h2>Commitments of {esc(pair.label_a)} and '
        f"their counterparts in {esc(pair.label_b)}</h2>"
    ]
    if not pair.confirmed:
        out.append("<p>No confirmed counterpart yet.</p>")
    for area, entries in pair.confirmed:
        out.append(f"<h3>{esc(area)}</h3>")
        for entry in entries:
            out += _entry(entry, report, "confirmed")
    return [*out, "</section>"]


def _open(number: int, pair: PairReport, report: Report) -> list[str]:
    out = [f'<section id="pair-{number}-open"><h2>Open questions: {esc(pair.title)}</h2>']
    if not pair.open:
        out.append("<p>None: every suggested link has been decided.</p>")
    for area, entries in pair.open:
        out.append(f"<h3>{esc(area)}</h3>")
        for entry in entries:
            out += _entry(entry, report, "open")
    return [*out, "</section>"]


def _gaps(number: int, pair: PairReport) -> list[str]:
    out = [
        f'<section id="pair-{number}-gaps"><h2>Gaps: {esc(pair.label_a)} commitments with no '
        f"confirmed counterpart in {esc(pair.label_b)}</h2>"
    ]
    if not pair.gaps:
        out.append("<p>None: every commitment has a confirmed counterpart.</p>")
    for area, items in pair.gaps:
        out.append(f"<h3>{esc(area)}</h3><ul>")
        for item in items:
            notes = "".join(_note(note) for note in item.notes)
            out.append(
                f'<li><span class="ref">{esc(item.side.ref)}</span>: '
                f'<span class="text">{esc(item.side.text)}</span>{notes}</li>'
            )
        out.append("</ul>")
    return [*out, "</section>"]


def _appendix(report: Report) -> list[str]:
    out = ['<section id="rejected"><h2>Appendix: rejected links</h2>']
    rejected = [link for pair in report.pairs for link in pair.rejected]
    if not rejected:
        out.append("<p>None.</p>")
    else:
        out.append("<ul>")
        for link in rejected:
            notes = "".join(_note(note) for note in link.notes)
            gone = ' · <span class="flag">ORPHAN</span>' if link.a.orphan or link.b.orphan else ""
            out.append(
                f'<li><span class="ref">{esc(link.a.ref)}</span> ↔ '
                f'<span class="ref">{esc(link.b.ref)}</span>: {esc(link.score_phrase)} · rejected by '
                f"{esc(link.reviewer)}, {esc(link.date)}{gone}{notes}</li>"
            )
        out.append("</ul>")
    return [*out, "</section>"]


def _note(note: ReportNote, where: str | None = None) -> str:
    place = f"{esc(where)}: " if where else ""
    flag = (
        ' <span class="flag">OUTDATED</span> (the text it refers to changed)'
        if note.outdated
        else ""
    )
    return (
        f'<div class="note"><p class="meta">{place}note by <strong>{esc(note.reviewer)}'
        f"</strong>, {esc(note.date)}{flag}:</p>"
        f'<div class="text">{esc(note.text)}</div></div>'
    )
