"""`accord check [PATH ...]`: every problem in the agreement files, in one run."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cli.options import add_command_options, load_in_use
from compare.lexicon import named_topics
from store.agreements.findings import Finding
from store.agreements.loader import load_agreement, load_corpus, load_lexicon, parse_toml_file
from store.agreements.model import Corpus
from store.agreements.tags import TAGS_FILE, load_tags
from store.locate import KEYMAP_FILE, RESERVED_FILES, agreement_files, resolve_store_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate agreement files",
        description=(
            "Validate agreement files and the lexicon. Prints each problem as "
            "path:line:col, with the source line and a hint. Exit codes: 0 valid "
            "(warnings allowed), 1 invalid, 2 usage or I/O error."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check (default: the agreements in use)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_command_options(parser)
    parser.set_defaults(func=run)


def _collect(args: argparse.Namespace) -> tuple[list[Finding], int]:
    """Findings for the requested paths, and the number of files checked."""
    if not args.paths:
        result = load_in_use(args, term_finder=named_topics)
        directory = result.corpus.directory
        files = agreement_files(directory) if directory else []
        extra, extra_count = _folder_files(directory) if directory else ([], 0)
        return [*result.findings, *extra, *_orphans(args, result.corpus)], len(files) + extra_count
    findings: list[Finding] = []
    checked = 0
    missing: list[str] = args.missing
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            findings.extend(load_corpus(path, term_finder=named_topics).findings)
            extra, extra_count = _folder_files(path)
            findings.extend(extra)
            checked += len(agreement_files(path)) + extra_count
        elif os.path.lexists(path):  # a FIFO or a dangling link is a finding, not "missing"
            checked += 1
            if path.name == "lexicon.toml":
                findings.extend(load_lexicon(path)[1])
            elif path.name == TAGS_FILE:
                findings.extend(load_tags(path.parent)[1])
            elif path.name == KEYMAP_FILE:
                findings.extend(parse_toml_file(path).findings)
            elif path.name in RESERVED_FILES:
                continue
            else:
                lexicon_path = path.parent / "lexicon.toml"
                lexicon = load_lexicon(lexicon_path)[0] if lexicon_path.exists() else None
                findings.extend(load_agreement(path, lexicon, term_finder=named_topics)[1])
        else:
            missing.append(raw)
    return findings, checked


def _folder_files(directory: Path) -> tuple[list[Finding], int]:
    """Findings of the folder's other files Accord reads, and how many were read.

    The lexicon's findings come with the corpus; it is only counted here. The
    team's keymap.toml is checked as a file (readable, regular, TOML); its
    binding ids belong to the UI, which reports unknown ones when it starts.
    """
    findings: list[Finding] = []
    counted = int(os.path.lexists(directory / "lexicon.toml"))
    if os.path.lexists(directory / TAGS_FILE):
        findings.extend(load_tags(directory)[1])
        counted += 1
    if os.path.lexists(directory / KEYMAP_FILE):
        findings.extend(parse_toml_file(directory / KEYMAP_FILE).findings)
        counted += 1
    return findings, counted


def _orphans(args: argparse.Namespace, corpus: Corpus) -> list[Finding]:
    """Review records that point at commitments which no longer exist (W202)."""
    try:
        from store.review.checks import orphan_findings

        return orphan_findings(resolve_store_path(getattr(args, "store", None)), corpus)
    except Exception as error:  # a broken store must not hide the agreement findings
        print(f"accord: warning: could not read the review store: {error}", file=sys.stderr)
        return []


def run(args: argparse.Namespace) -> int:
    args.missing = []
    findings, checked = _collect(args)
    findings.sort(key=lambda f: (str(f.path), f.line, f.col, f.code))
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if args.format == "json":
        json.dump(
            {
                "checked": checked,
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_json() for f in findings],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    else:
        for finding in findings:
            print(finding.render())
            print()
        plural = "s" if checked != 1 else ""
        if findings:
            print(f"Checked {checked} file{plural}: {errors} error(s), {warnings} warning(s).")
        else:
            print(f"Checked {checked} file{plural}: all valid.")
    for raw in args.missing:
        print(f"accord: error: {raw}: no such file or folder", file=sys.stderr)
    if args.missing:
        return 2
    return 1 if errors else 0
