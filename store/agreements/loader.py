"""Reading agreement and lexicon files: bytes → findings and a frozen model.

Every problem a file has is reported in one pass; a file with errors yields no
model, and the agreements that are valid are still loaded. Nothing here raises
on bad input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

from store import forked
from store.agreements import builders
from store.agreements.findings import Finding
from store.agreements.model import Agreement, Corpus, Lexicon
from store.agreements.positions import KeyIndex, Position, index_toml, lazy_index, source_lines
from store.agreements.schema import AGREEMENT
from store.agreements.syntax_scan import MAX_NESTING, Spot, scan_structure
from store.agreements.terms import TermFinder
from store.agreements.validate import Checker
from store.locate import agreement_files
from store.safe_paths import MAX_FILE_BYTES, UnsafePathError, read_regular

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class LoadResult:
    corpus: Corpus
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


@dataclass
class Parsed:
    path: Path
    data: dict[str, Any] | None
    index: KeyIndex
    findings: list[Finding]


def _finding(
    path: Path,
    lines: list[str],
    line: int,
    col: int,
    code: str,
    message: str,
    hint: str | None = None,
) -> Finding:
    source = lines[line - 1] if 1 <= line <= len(lines) else None
    return Finding(path, line, col, code, message, hint, source)


def parse_toml_file(path: Path, raw: bytes | None = None) -> Parsed:
    """Read, decode and parse one file; syntax problems become findings."""
    findings: list[Finding] = []
    empty = KeyIndex(lines=[])
    if raw is None:
        try:
            raw = read_regular(path)
        except UnsafePathError as error:
            code, hint = (
                ("E006", f"Accord reads files of up to {MAX_FILE_BYTES // (1024 * 1024)} MB")
                if error.too_large
                else ("E005", "replace it with a regular file, or remove it")
            )
            findings.append(Finding(path, 1, 1, code, str(error), hint))
            return Parsed(path, None, empty, findings)
        except OSError as error:
            reason = error.strerror or str(error)
            findings.append(
                Finding(
                    path,
                    1,
                    1,
                    "E004",
                    f"cannot read the file: {reason}",
                    "check that the path exists and is readable",
                )
            )
            return Parsed(path, None, empty, findings)
    if raw.startswith(BOM):
        findings.append(
            Finding(
                path,
                1,
                1,
                "E002",
                "the file starts with a UTF-8 byte-order mark",
                "save the file as UTF-8 without BOM (in VS Code: 'Save with Encoding')",
                source_line=None,
            )
        )
        raw = raw[len(BOM) :]
    if len(raw) > MAX_FILE_BYTES:  # bytes handed in by a caller, not read here
        message = f"{path} is larger than Accord's limit of {MAX_FILE_BYTES // (1024 * 1024)} MB"
        findings.append(Finding(path, 1, 1, "E006", message, "split it into several files"))
        return Parsed(path, None, empty, findings)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        lines = source_lines(raw.decode("utf-8", errors="replace"))
        findings.append(
            _finding(
                path,
                lines,
                line,
                col,
                "E003",
                f"the file is not UTF-8: byte 0x{raw[error.start]:02X} cannot be decoded",
                "re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)",
            )
        )
        return Parsed(path, None, KeyIndex(lines=lines), findings)
    lines = source_lines(text)
    # The character scan is slow on large files and needed only when something
    # is wrong: a syntax error (to place an unclosed multi-line string), or data
    # nested deeper than the position index recurses.
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        structure = scan_structure(text)
        if structure.too_deep is not None:
            return _too_deep(path, lines, structure.too_deep, findings)
        line = getattr(error, "lineno", 1) or 1
        col = getattr(error, "colno", 1) or 1
        message = getattr(error, "msg", None) or str(error).split(" (at ")[0]
        hint = _syntax_hint(message, lines, line)
        opening = _unclosed_array(lines, line) if "array" in message.lower() else None
        if opening is not None:
            hint = f"this array is not closed: add ']' (tomli noticed it on line {line})"
            line, col = opening
        unclosed = structure.unclosed_multiline
        if unclosed is not None and unclosed.line <= line:
            message = f"this multi-line string ({unclosed.what}) is never closed"
            hint = (
                f"end the text with {unclosed.what}; everything after it, to the end of the "
                f"file (line {line}), was read as part of the string"
            )
            line, col = unclosed.line, unclosed.col
        findings.append(
            _finding(path, lines, line, col, "E001", f"TOML syntax error: {message}", hint)
        )
        return Parsed(path, None, KeyIndex(lines=lines), findings)
    except (RecursionError, ValueError) as error:
        structure = scan_structure(text)
        if structure.too_deep is not None:
            return _too_deep(path, lines, structure.too_deep, findings)
        findings.append(_finding(path, lines, 1, 1, "E001", f"TOML syntax error: {error}"))
        return Parsed(path, None, KeyIndex(lines=lines), findings)
    if _depth_over(data, MAX_NESTING):
        structure = scan_structure(text)
        if structure.too_deep is not None:
            return _too_deep(path, lines, structure.too_deep, findings)
    return Parsed(path, data, lazy_index(text), findings)


def _too_deep(path: Path, lines: list[str], at: Spot, findings: list[Finding]) -> Parsed:
    findings.append(
        _finding(
            path,
            lines,
            at.line,
            at.col,
            "E001",
            f"values are nested more than {MAX_NESTING} levels deep here",
            "Accord's files nest a few levels at most: look for a bracket that is "
            "repeated or never closed",
        )
    )
    return Parsed(path, None, KeyIndex(lines=lines), findings)


def _depth_over(data: object, limit: int) -> bool:
    """Whether parsed data nests deeper than `limit` (bracket nesting never exceeds it)."""
    level: list[object] = [data]
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[object] = []
        for item in level:
            if isinstance(item, dict):
                below.extend(v for v in item.values() if isinstance(v, (dict, list)))
            elif isinstance(item, list):
                below.extend(v for v in item if isinstance(v, (dict, list)))
        level = below
    return False


_ARRAY_START = re.compile(r"^\s*[\w.\"'-]+\s*=\s*\[")


def _unclosed_array(lines: list[str], error_line: int) -> tuple[int, int] | None:
    """The line and column of the `[` that tomli found unclosed, searching upwards."""
    for number in range(min(error_line, len(lines)), 0, -1):
        text = lines[number - 1]
        match = _ARRAY_START.match(text)
        if match and text.count("[") > text.count("]"):
            return number, match.end()
    return None


def _syntax_hint(message: str, lines: list[str], line: int) -> str:
    lowered = message.lower()
    if "duplicate" in lowered or "overwrite" in lowered or "cannot declare" in lowered:
        return "each key may appear once per table; rename or remove one of them"
    if "unclosed" in lowered or "expected ']'" in lowered or "array" in lowered:
        return "an array or string is not closed: look at this line and the one above"
    if "date" in lowered or "time" in lowered:
        return "dates are written YYYY-MM-DD, without quotes"
    if "newline" in lowered or "end of document" in lowered:
        return 'a string is not closed on its line; use """ for text over several lines'
    return "see https://toml.io for the syntax; strings need double quotes"


def load_lexicon(path: Path) -> tuple[Lexicon | None, list[Finding]]:
    parsed = parse_toml_file(path)
    if parsed.data is None:
        return None, parsed.findings
    checker = Checker(path, parsed.index, list(parsed.findings))
    lexicon = builders.build_lexicon(parsed.data, checker)
    if any(f.severity == "error" for f in checker.findings):
        return None, checker.findings
    return lexicon, checker.findings


def load_agreement(
    path: Path,
    lexicon: Lexicon | None = None,
    raw: bytes | None = None,
    *,
    term_finder: TermFinder | None = None,
) -> tuple[Agreement | None, list[Finding]]:
    """Load and check one agreement file.

    With a `term_finder` (`accord check` passes the matcher's), W201 warns of
    lexicon topics a commitment's text names but its `topics` lack; a command
    that only reports errors (match, gaps, explain) passes none and pays nothing.
    """
    parsed = parse_toml_file(path, raw)
    if parsed.data is None:
        return None, parsed.findings
    checker = Checker(path, parsed.index, list(parsed.findings))
    checker.check_table(parsed.data, AGREEMENT, ())
    builders.check_agreement_references(parsed.data, checker, lexicon)
    if any(f.severity == "error" for f in checker.findings):
        return None, checker.findings
    agreement = builders.build_agreement(parsed.data, path, parsed.index)
    if lexicon is not None and term_finder is not None:
        builders.warn_untagged_topics(agreement, lexicon, checker, term_finder)
    return agreement, checker.findings


EMPTY_LEXICON = Lexicon(topics=())
# From this many bytes of agreement files on, a folder is read on two cores.
LOAD_APART_FROM = 2_000_000


def load_corpus(
    directory: Path,
    files: Iterable[Path] | None = None,
    *,
    term_finder: TermFinder | None = None,
) -> LoadResult:
    """Load the lexicon and every agreement of a folder; invalid files are skipped."""
    findings: list[Finding] = []
    lexicon_path = directory / "lexicon.toml"
    lexicon: Lexicon | None = EMPTY_LEXICON
    if os.path.lexists(lexicon_path):  # a dangling link is reported, not skipped
        lexicon, lexicon_findings = load_lexicon(lexicon_path)
        findings.extend(lexicon_findings)
    agreements: list[Agreement] = []
    seen: dict[str, Agreement] = {}
    paths = list(files if files is not None else agreement_files(directory))
    for agreement, agreement_findings in _load_agreements(paths, lexicon, term_finder):
        findings.extend(agreement_findings)
        if agreement is None:
            continue
        earlier = seen.get(agreement.id)
        if earlier is not None:
            findings.append(_duplicate_agreement(agreement, earlier))
            continue
        seen[agreement.id] = agreement
        agreements.append(agreement)
    corpus = Corpus(tuple(agreements), lexicon or EMPTY_LEXICON, directory)
    return LoadResult(corpus, findings)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when it is read


def _load_agreements(
    paths: list[Path], lexicon: Lexicon | None, term_finder: TermFinder | None
) -> list[tuple[Agreement | None, list[Finding]]]:
    """Every file's agreement and findings, in order; large folders on two cores.

    Parsing and checking is pure Python, a third of a second per 10,000
    commitments: from `LOAD_APART_FROM` bytes on, the files are split into two
    shares of about equal size and one is read in a child process
    (`store.forked`, where forking is safe).
    """

    def load(share: list[Path]) -> list[tuple[Agreement | None, list[Finding]]]:
        return [load_agreement(path, lexicon, term_finder=term_finder) for path in share]

    sizes = {path: _size(path) for path in paths}
    if len(paths) < 2 or sum(sizes.values()) < LOAD_APART_FROM:
        return load(paths)
    here: list[Path] = []
    there: list[Path] = []
    here_bytes = there_bytes = 0
    for path in sorted(paths, key=lambda p: -sizes[p]):
        if here_bytes <= there_bytes:
            here.append(path)
            here_bytes += sizes[path]
        else:
            there.append(path)
            there_bytes += sizes[path]
    mine, theirs = forked.both(lambda: load(here), lambda: load(there))
    loaded = dict(zip(here, mine, strict=True)) | dict(zip(there, theirs, strict=True))
    return [loaded[path] for path in paths]


def _duplicate_agreement(agreement: Agreement, earlier: Agreement) -> Finding:
    assert agreement.path is not None
    text = agreement.path.read_text(encoding="utf-8", errors="replace")
    lines = source_lines(text)
    index = index_toml(text)
    at = index.value(("id",)) or Position(1, 1)
    return Finding(
        agreement.path,
        at.line,
        at.col,
        "E102",
        f"duplicate agreement id '{agreement.id}', also used by {earlier.path}",
        "give each agreement file its own id",
        lines[at.line - 1] if at.line <= len(lines) else None,
        at.width,
    )
