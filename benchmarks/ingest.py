"""`accord ingest` and `accord diff`, measured (issue 12).

    python3 benchmarks/ingest.py              # everything below
    python3 benchmarks/ingest.py --quality    # drafts of the seeds vs the hand-encoded files
    python3 benchmarks/ingest.py --pdf        # pypdf vs pdfminer.six on two-column pages
    python3 benchmarks/ingest.py --diff       # aligning two 10,000-commitment versions
    python3 benchmarks/ingest.py --family -v  # hand-written documents, tuned-on vs held-out

Quality: each seed (`../shared/seeds/` beside the repository, or $ACCORD_SEEDS)
is ingested three ways: as its text, as a PDF and as a DOCX built from that
text (tests/support/ingest_documents.py: the HLM text as a table with a heading
column, the ETF text in two newspaper columns). Each hand commitment is matched
to the draft commitment with the greatest word overlap; a match counts at a
token Jaccard of 0.8 or more. F1 over commitments, then the share of matches in
the same area (by title) and with the same modality, and `accord check` errors.

PDF: the same two-column pages read by pypdf (Accord's layout pass) and by
pdfminer.six's `extract_text` when it is installed: seconds per page and the
share of the source's paragraphs that come out whole and in reading order.

Diff: a synthetic 10,000-commitment agreement and an edited copy (ids changed
on 20%, 10% reworded, 2% removed, 2% added, 1% moved, 20 splits), then the
worst case where no id survives. Timings are wall clock on this machine.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project's packages first: a benchmark script named like a package must not shadow it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(ROOT)]

from compare.lexicon import named_topics  # noqa: E402
from compare.versions import diff_agreements  # noqa: E402
from store.agreements.ingest import IngestError, ingest_file  # noqa: E402
from store.agreements.ingest.quality import compare_agreements  # noqa: E402
from store.agreements.loader import load_agreement, load_corpus  # noqa: E402
from store.agreements.model import Agreement, Area, Commitment  # noqa: E402
from tests.support.ingest_documents import (  # noqa: E402
    ETF_SEED,
    HLM_SEED,
    SEEDS,
    build_columns_pdf,
    build_docx,
    build_table_pdf,
    pdf_safe,
    seed_text,
)
from tests.support.ingest_family import fixtures, materialise, score  # noqa: E402

SEED_AGREEMENTS = {
    HLM_SEED: ("HLM", "hlm-2022", build_table_pdf),
    ETF_SEED: ("ETF", "etf-2026", build_columns_pdf),
}


def quality() -> None:
    if not SEEDS.is_dir():
        print(f"quality: skipped, no seeds at {SEEDS} (set ACCORD_SEEDS)")
        return
    corpus = load_corpus(ROOT / "agreements").corpus
    folder = Path(tempfile.mkdtemp(prefix="accord-ingest-"))
    print("seed  route  hand  draft  F1     area   modality  check-errors  seconds")
    for seed, (label, agreement_id, builder) in SEED_AGREEMENTS.items():
        text = seed_text(seed)
        assert text is not None
        plain = folder / f"{agreement_id}.txt"
        plain.write_text(pdf_safe(text), encoding="utf-8")
        routes = {
            "text": SEEDS / seed,
            "pdf": builder(text, folder / f"{agreement_id}.pdf"),
            "docx": build_docx(pdf_safe(text), folder / f"{agreement_id}.docx"),
        }
        hand = corpus.agreement(agreement_id)
        assert hand is not None
        for route, path in routes.items():
            started = time.perf_counter()
            result = ingest_file(path, corpus=corpus, term_finder=named_topics)
            seconds = time.perf_counter() - started
            out = folder / f"{agreement_id}-{route}.toml"
            out.write_text(result.toml, encoding="utf-8")
            draft, findings = load_agreement(out, corpus.lexicon)
            errors = sum(1 for f in findings if f.severity == "error")
            if draft is None:
                print(f"{label:5} {route:6} draft does not load ({errors} errors)")
                continue
            q = compare_agreements(hand, draft)
            print(
                f"{label:5} {route:6} {q.hand:4}  {q.draft:5}  {q.f1:.3f}  {q.area_rate:.3f}  "
                f"{q.modality_rate:.3f}     {errors:2}            {seconds:.2f}"
            )


def family(verbose: bool = False) -> None:
    """The hand-written documents of tests/data/ingest/, tuned-on and held-out halves."""
    corpus = load_corpus(ROOT / "agreements").corpus
    folder = Path(tempfile.mkdtemp(prefix="accord-family-"))
    print(
        "document                half      want  draft  F1     area   modality  title  parties  errors"
    )
    totals: dict[str, list[int]] = {}
    for fixture in fixtures():
        path = materialise(fixture, folder)
        try:
            result = ingest_file(
                path,
                corpus=corpus,
                term_finder=named_topics,
                agreement_id=fixture.name.replace("_", "-"),
            )
        except IngestError as error:
            print(f"{fixture.name:23} {fixture.half:9} refused: {str(error)[-90:]}")
            totals.setdefault(fixture.half, [0] * 7)[0] += len(fixture.commitments)
            continue
        out = folder / f"{fixture.name}.toml"
        out.write_text(result.toml, encoding="utf-8")
        draft, findings = load_agreement(out, corpus.lexicon)
        errors = sum(1 for f in findings if f.severity == "error")
        if draft is None:
            print(f"{fixture.name:23} {fixture.half:9} draft does not load ({errors} errors)")
            continue
        s = score(fixture, draft)
        area = s.area_agree / s.matched if s.matched else 0.0
        modality = s.modality_agree / s.matched if s.matched else 0.0
        print(
            f"{fixture.name:23} {fixture.half:9} {s.expected:4}  {s.drafted:5}  {s.f1:.3f}  "
            f"{area:.3f}  {modality:.3f}     {'yes' if s.title_ok else 'no':5}  "
            f"{s.parties_found}/{s.parties_expected}      {errors}"
        )
        if verbose:
            for text in s.missed:
                print(f"    missed: {text[:90]}")
            for text in s.extra:
                print(f"    extra:  {text[:90]}")
            for text in s.wrong:
                print(f"    wrong:  {text[:110]}")
            if not s.title_ok:
                print(f"    title:  {draft.title[:100]!r}")
        total = totals.setdefault(fixture.half, [0] * 7)
        for i, n in enumerate(
            (s.expected, s.drafted, s.matched, s.area_agree, s.modality_agree, errors, s.title_ok)
        ):
            total[i] += int(n)
    for half, (want, drafted, matched, area, modality, errors, titles) in totals.items():
        p = matched / drafted if drafted else 0.0
        r = matched / want if want else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"{'all ' + half:23} {half:9} {want:4}  {drafted:5}  {f1:.3f}  "
            f"{area / matched if matched else 0:.3f}  {modality / matched if matched else 0:.3f}"
            f"     {titles} ok        {errors}"
        )


def _paragraphs(text: str) -> list[str]:
    return [
        " ".join(p.split())
        for p in re.split(r"\n\s*\n", text)
        if len(p.split()) >= 8 and "\t" not in p
    ]


def _fidelity(source: str, extracted: str) -> str:
    """Share of the source's paragraphs found whole, and whole and in reading order."""
    flat = " ".join(extracted.split())
    paragraphs = _paragraphs(source)
    whole = sum(1 for p in paragraphs if p in flat)
    ordered, cursor = 0, 0
    for paragraph in paragraphs:
        at = flat.find(paragraph, cursor)
        if at >= 0:
            ordered += 1
            cursor = at + len(paragraph)
    total = len(paragraphs) or 1
    return f"paragraphs whole {whole / total:.2f}, whole and in order {ordered / total:.2f}"


def pdf() -> None:
    from store.agreements.ingest.sources import read_source

    text = seed_text(ETF_SEED)
    if text is None:
        print(f"pdf: skipped, no seeds at {SEEDS} (set ACCORD_SEEDS)")
        return
    folder = Path(tempfile.mkdtemp(prefix="accord-pdf-"))
    page = build_columns_pdf(text, folder / "two-columns.pdf")
    source = pdf_safe(text)
    started = time.perf_counter()
    document = read_source(page)
    ours = time.perf_counter() - started
    lines = "\n".join(line.text for line in document.lines)
    print(f"two-column page ({document.pages} page):")
    print(f"  pypdf + layout pass   {ours:.3f} s   {_fidelity(source, lines)}")
    try:
        from pdfminer.high_level import extract_text
    except ImportError:
        print("  pdfminer.six          not installed (pip install pdfminer.six to compare)")
        return
    started = time.perf_counter()
    mined = extract_text(str(page))
    theirs = time.perf_counter() - started
    print(f"  pdfminer.six          {theirs:.3f} s   {_fidelity(source, mined)}")
    hlm = seed_text(HLM_SEED)
    if hlm is not None:
        table = build_table_pdf(hlm, folder / "table.pdf")
        started = time.perf_counter()
        document = read_source(table)
        ours = time.perf_counter() - started
        cells = sum(1 for line in document.lines if "\t" in line.text.strip("\t"))
        started = time.perf_counter()
        mined = extract_text(str(table))
        theirs = time.perf_counter() - started
        print(f"HLM table with a heading column ({document.pages} pages):")
        print(f"  pypdf + layout pass   {ours:.3f} s   heading<TAB>text rows recovered: {cells}")
        print(
            f"  pdfminer.six          {theirs:.3f} s   (no cell structure: headings and text "
            "come out as separate boxes)"
        )


def _edited(old: Agreement, rng: random.Random) -> Agreement:
    commitments = list(old.commitments())
    areas = [area.id for area in old.areas]
    out: list[Commitment] = []
    for index, commitment in enumerate(commitments):
        roll = rng.random()
        if roll < 0.02:
            continue  # removed
        if roll < 0.12:
            words = commitment.text.split()
            del words[rng.randrange(len(words))]
            commitment = replace(commitment, text=" ".join(words), id=f"r{index}")
        elif roll < 0.32:
            commitment = replace(commitment, id=f"n{index}")
        elif roll < 0.33:
            commitment = replace(commitment, area_id=rng.choice(areas))
        elif roll < 0.335:
            words = commitment.text.split()
            half = len(words) // 2
            out.append(replace(commitment, text=" ".join(words[:half])))
            commitment = replace(commitment, id=f"s{index}", text=" ".join(words[half:]))
        out.append(commitment)
        if rng.random() < 0.02:
            out.append(
                replace(
                    commitment, id=f"a{index}", text=f"New item {index}: " + commitment.text[::-1]
                )
            )
    by_area: dict[str, list[Commitment]] = {area: [] for area in areas}
    for commitment in out:
        by_area[commitment.area_id].append(commitment)
    new_areas = tuple(
        Area(area.id, old.id, area.title, tuple(by_area[area.id]))
        for area in old.areas
        if by_area[area.id]
    )
    return replace(old, areas=new_areas)


def diff_timing(n: int = 10_000) -> None:
    from synthetic import synthetic_pair  # benchmarks/synthetic.py

    old, _, _ = synthetic_pair(n)
    rng = random.Random(12)
    new = _edited(old, rng)
    started = time.perf_counter()
    diff = diff_agreements(old, new)
    seconds = time.perf_counter() - started
    counts = dict(sorted(diff.counts().items()))
    print(f"diff {n:,} × {len(new):,} commitments, typical edits: {seconds:.2f} s  {counts}")
    renamed = replace(
        new,
        areas=tuple(
            replace(
                a,
                commitments=tuple(
                    replace(c, id=f"x{i}-{c.id}") for i, c in enumerate(a.commitments)
                ),
            )
            for a in new.areas
        ),
    )
    started = time.perf_counter()
    diff = diff_agreements(old, renamed)
    seconds = time.perf_counter() - started
    print(f"diff {n:,} × {len(new):,}, no id kept (all by wording): {seconds:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--diff", action="store_true")
    parser.add_argument("--family", action="store_true", help="tests/data/ingest documents")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses (--family)")
    args = parser.parse_args()
    everything = not (args.quality or args.pdf or args.diff or args.family)
    sys.path.insert(1, str(ROOT / "benchmarks"))
    if everything or args.quality:
        quality()
    if everything or args.family:
        family(args.verbose)
    if everything or args.pdf:
        pdf()
    if everything or args.diff:
        diff_timing()


if __name__ == "__main__":
    main()
