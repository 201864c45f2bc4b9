"""`accord ingest FILE [--id ID] [-o PATH] [--force]`: a TOML draft from a document.

Reads PDF, DOCX, HTML, Markdown or plain text and writes a draft in Accord's
own format: the document's own words, every repair and every doubt noted as a
comment (`# repair:` / `# check:`). Without -o the draft goes to stdout and the
summary to stderr. Exit codes: 0 draft written, 1 unusable input or output.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from cli.options import CommandError, add_command_options, load_in_use
from compare.lexicon import named_topics
from store.agreements.loader import load_agreement
from store.agreements.schema import ID_PATTERN


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="draft an agreement file from a PDF, DOCX, HTML or text document",
        description=(
            "Read a PDF, DOCX, HTML, Markdown or text document and write a TOML draft "
            "in Accord's format: areas, commitments, modality, actors and topics, in the "
            "document's own words. Repairs of extraction damage are noted as `# repair:` "
            "comments, uncertain places as `# check:` comments. Parties already used by "
            "the agreements in use are offered first. Exit codes: 0 written, 1 unusable "
            "input or output."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the document to read")
    parser.add_argument("--id", dest="agreement_id", metavar="ID", help="the agreement id")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="write the draft here (default: stdout)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing -o file")
    add_command_options(parser)
    parser.set_defaults(func=run)


def _check_output(path: Path, force: bool) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise CommandError(f"{path}: its folder does not exist; create it first") from None
        return
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise CommandError(f"{path}: a broken symbolic link; give another path") from None
    if not stat.S_ISREG(info.st_mode):
        raise CommandError(f"{path}: not a regular file (a folder, FIFO or device); not replaced")
    if not force:
        raise CommandError(f"{path} exists; pass --force to replace it")


SCHEMA = "agreement.schema.json"


def _schema_for(output: Path | None, agreements: Path | None) -> tuple[str, str | None]:
    """The `#:schema` path for a draft written to `output`, and a note when it cannot be right.

    Inside the project (the folder that holds the agreements folder) the path is
    relative to the draft, so it works on every checkout. Anywhere else a
    relative path would climb through this machine's folders, so the draft
    names the schema's file only and says where to point it.
    """
    plain = f"./{SCHEMA}"
    if output is None or agreements is None or not (agreements / SCHEMA).is_file():
        return plain, None
    schema = (agreements / SCHEMA).resolve()
    folder = output.parent.resolve()
    if not folder.is_relative_to(schema.parent.parent):
        return plain, (
            f"schema: this draft is outside the project, so the line above names only "
            f"{SCHEMA}; point it at {SCHEMA} in the agreements folder `accord check` "
            "uses, or move the draft into that folder"
        )
    relative = os.path.relpath(schema, folder)
    return (relative if relative.startswith(".") else f"./{relative}"), None


def run(args: argparse.Namespace) -> int:
    from store.atomic import atomic_write_text

    if args.agreement_id is not None:
        import re

        if not re.match(ID_PATTERN, args.agreement_id):
            raise CommandError(
                f"--id {args.agreement_id!r} is not a kebab-case id (such as 'hlm-2023')"
            )
    output = Path(args.output) if args.output else None
    if output is not None:
        _check_output(output, args.force)
    corpus = load_in_use(args).corpus
    schema, schema_note = _schema_for(output, corpus.directory)
    # Imported here: the PDF and Word readers are not needed to start `accord`.
    from store.agreements.ingest import IngestError, ingest_file

    try:
        result = ingest_file(
            Path(args.file),
            corpus=corpus,
            term_finder=named_topics,
            agreement_id=args.agreement_id,
            schema=schema,
            schema_note=schema_note,
        )
    except IngestError as error:
        raise CommandError(str(error)) from None
    if corpus.agreement(result.agreement_id) is not None:
        print(
            f"accord: note: the agreement id {result.agreement_id!r} is already in use; keep "
            f"this draft outside the agreements folder and compare the two with "
            f"`accord diff {result.agreement_id} DRAFT`",
            file=sys.stderr,
        )
    if output is None:
        sys.stdout.write(result.toml)
        sys.stdout.flush()
        print(result.summary(), file=sys.stderr)
        return 0
    try:
        atomic_write_text(output, result.toml)
    except OSError as error:
        raise CommandError(f"{output}: cannot be written ({error.strerror})") from None
    _, findings = load_agreement(output, corpus.lexicon)
    errors = sum(1 for f in findings if f.severity == "error")
    print(result.summary())
    print(
        f"Wrote {output}; `accord check` finds {errors} error(s) in it. "
        "Read each `# check:` comment before using it."
    )
    return 0
