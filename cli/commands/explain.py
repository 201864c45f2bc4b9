"""`accord explain REF_A REF_B`: two commitments side by side, and why they score."""

from __future__ import annotations

import argparse
import json
import sys

from rich.table import Table
from rich.text import Text

from cli.commands.match import shown
from cli.options import add_command_options, require_corpus, resolve_commitment
from cli.output import console
from compare import explain, highlight
from compare.highlight import Token
from store.agreements.model import split_ref
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
    parser.add_argument("ref_a", metavar="REF_A", help="AGREEMENT/COMMITMENT")
    parser.add_argument("ref_b", metavar="REF_B", help="AGREEMENT/COMMITMENT")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_command_options(parser)
    parser.set_defaults(func=run)


def painted(tokens: tuple[Token, ...]) -> Text:
    text = Text()
    for token in tokens:
        # Newlines in a token are layout, kept; every control character is made visible.
        text.append(visible(token.text), style=STYLES.get(token.kind, ""))
    return text


def run(args: argparse.Namespace) -> int:
    corpus = require_corpus(args)
    a = resolve_commitment(corpus, args.ref_a)
    b = resolve_commitment(corpus, args.ref_b)
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
            "a_tokens": [[t.text, t.kind, t.concept] for t in marks.a_tokens],
            "b_tokens": [[t.text, t.kind, t.concept] for t in marks.b_tokens],
            "opcodes": [list(op) for op in marks.opcodes],
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    out = console()
    for ref, tokens in ((a.ref, marks.a_tokens), (b.ref, marks.b_tokens)):
        out.print(terminal_text(ref, "bold cyan", single_line=True))
        out.print(painted(tokens))
        out.print()
    verdict = "counterpart" if match.is_counterpart else "not a counterpart"
    out.print(Text.assemble(("score ", "bold"), f"{shown(match.score)} / 100  ", (verdict, "bold")))
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("part", width=18, no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    parts = match.breakdown
    table.add_row(
        "concepts",
        Text(
            f"{parts.get('concepts', 0):.1f}  (similarity {parts.get('concept_similarity', 0):.2f})"
        ),
    )
    table.add_row(
        "words",
        Text(f"{parts.get('words', 0):.1f}  (similarity {parts.get('word_similarity', 0):.2f})"),
    )
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
    return 0
