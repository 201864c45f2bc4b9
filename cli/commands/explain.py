"""`accord explain REF_A REF_B`: two commitments side by side, and why they score."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cli.match_rows import band_legend, shown
from cli.options import (
    CommandError,
    add_command_options,
    default_pair,
    require_corpus,
    resolve_commitment,
)
from cli.output import console, print_whole_words
from compare import BANDS, explain, highlight
from compare.highlight import Token
from store.agreements.model import Commitment, Corpus, split_ref
from store.untrusted import terminal_text, visible

STYLES = {"equal": "bold green", "synonym": "bold yellow underline", "other": ""}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="show why two commitments match",
        description=(
            "Both texts with shared words and synonym concepts highlighted, "
            "and the score broken down."
        ),
    )
    parser.add_argument(
        "ref_a",
        metavar="REF_A",
        nargs="?",
        help="AGREEMENT/COMMITMENT (none: every commitment of the pair last opened in "
        "the UI, or of the only two agreements, with its best counterpart)",
    )
    parser.add_argument(
        "ref_b",
        metavar="REF_B",
        nargs="?",
        help="AGREEMENT/COMMITMENT (none: REF_A's best counterpart in that pair)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_command_options(parser)
    parser.set_defaults(func=run)


def painted(tokens: tuple[Token, ...]) -> Text:
    text = Text()
    for token in tokens:
        # Newlines in a token are layout, kept; every control character is made visible.
        text.append(visible(token.text), style=STYLES.get(token.kind, ""))
    return text


def tenths(total: float, parts: list[float]) -> tuple[int, list[int]]:
    """The total as shown (tenths, rounded down) and each part in tenths, adding up to it.

    Rounding every part on its own could make the shown parts miss the shown
    total by a tenth; the largest remainders take the tenths left over.
    """
    shown_total = math.floor(total * 10 + 1e-9)
    raw = [part * 10 for part in parts]
    floors = [math.floor(value) for value in raw]
    left = shown_total - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for index in order[: max(0, left)]:
        floors[index] += 1
    return shown_total, floors


def run(args: argparse.Namespace) -> int:
    corpus = require_corpus(args)
    pairs = pairs_to_explain(args, corpus)
    out = console()
    documents = []
    for number, (a, b) in enumerate(pairs):
        if number and args.format != "json":
            out.rule(style="dim")
        documents.append(explain_pair(args, corpus, a, b, out))
    if args.format == "json":
        # Two refs give one explanation; fewer give a list, one per commitment.
        data = documents[0] if args.ref_b is not None else documents
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


def pairs_to_explain(
    args: argparse.Namespace, corpus: Corpus
) -> list[tuple[Commitment, Commitment]]:
    """REF_A REF_B; or REF_A and its best counterpart; or every commitment of the pair's A."""
    if args.ref_b is not None:
        return [(resolve_commitment(corpus, args.ref_a), resolve_commitment(corpus, args.ref_b))]
    from compare import match_pair

    first, second = default_pair(args, corpus)
    wanted = [resolve_commitment(corpus, args.ref_a)] if args.ref_a else list(first.commitments())
    if wanted[0].agreement_id == second.id:
        first, second = second, first
    elif wanted[0].agreement_id != first.id:
        raise CommandError(
            f"{args.ref_a} is in neither {first.id} nor {second.id}: give REF_B too", exit_code=2
        )
    best = match_pair(first, second, corpus.lexicon, top_k=1).forward
    pairs = []
    for commitment in wanted:
        found = best.get(commitment.ref, ())
        other = corpus.commitment(found[0].other) if found else None
        if other is not None:
            pairs.append((commitment, other))
    if not pairs:
        raise CommandError(f"no counterpart of {first.id} found in {second.id}")
    return pairs


def explain_pair(
    args: argparse.Namespace, corpus: Corpus, a: Commitment, b: Commitment, out: Console
) -> dict[str, Any] | None:
    """Print one explanation (table), or return it (json)."""
    match = explain(
        a,
        b,
        corpus.lexicon,
        a_agreement=corpus.agreement(split_ref(a.ref)[0]),
        b_agreement=corpus.agreement(split_ref(b.ref)[0]),
    )
    marks = highlight(a.text, b.text, corpus.lexicon)
    if args.format == "json":
        data = {
            **match.to_json(),
            "score": round(match.score, 2),
            "band": match.band,
            "bands": dict(BANDS),
            "a_tokens": [[t.text, t.kind, t.concept] for t in marks.a_tokens],
            "b_tokens": [[t.text, t.kind, t.concept] for t in marks.b_tokens],
            "opcodes": [list(op) for op in marks.opcodes],
        }
        return data
    for ref, tokens in ((a.ref, marks.a_tokens), (b.ref, marks.b_tokens)):
        print_whole_words(out, terminal_text(ref, "bold cyan", single_line=True))
        out.print(painted(tokens))
        out.print()
    verdict = "counterpart" if match.is_counterpart else "not a counterpart"
    out.print(
        Text.assemble(
            ("score ", "bold"),
            f"{shown(match.score)} / 100  ",
            (match.band, "bold"),
            f" ({verdict}; {band_legend()})",
        )
    )
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("part", width=18, no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    entries = match.contributions
    total, points = tenths(match.score, [p for _, _, p in entries])
    words = sum(p for (kind, _, _), p in zip(entries, points, strict=True) if kind == "word")
    table.add_row("words", Text(f"{words / 10:.1f}"))
    table.add_row("concepts", Text(f"{(total - words) / 10:.1f}"))
    for (kind, label, _), value in zip(entries, points, strict=True):
        table.add_row(
            terminal_text(f"  {kind}", single_line=True),
            terminal_text(f"{value / 10:.1f}  {label}", single_line=True),
        )
    table.add_row("= score", Text(f"{total / 10:.1f}"))
    table.add_row(
        "shared concepts", terminal_text(", ".join(match.concepts) or "-", single_line=True)
    )
    table.add_row(
        "synonyms",
        terminal_text(
            "; ".join(f"{x} = {y} ({t})" for x, y, t in match.synonyms) or "-", single_line=True
        ),
    )
    table.add_row("shared words", terminal_text(", ".join(match.shared) or "-", single_line=True))
    out.print(table)
    out.print(
        Text.assemble(
            ("legend: ", "dim"),
            ("shared word", STYLES["equal"]),
            "  ",
            ("same concept, other words", STYLES["synonym"]),
        )
    )
    return None
