"""Where each key and array element of a TOML document sits in its source.

tomli gives positions only for syntax errors, but a maintainer wants semantic
errors on the offending key's own line. This scanner walks the (already
syntactically valid) text once, following table headers, arrays of tables,
dotted keys, multi-line strings and multi-line arrays, and records a position
for every key path such as ("areas", 2, "commitments", 5, "text") and for every
element of an inline array: ("areas", 2, "commitments", 5, "topics", 1).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based
    width: int = 1


class KeyIndex:
    """Positions of keys, values and tables; computed on first use.

    A valid file needs no position at all, and scanning a 10,000-commitment
    file costs seconds, so `lazy_index` defers the scan until a finding asks
    where something is. `table_line` answers the common question "on which
    line does this [[table]] start" from the table headers alone.
    """

    def __init__(
        self,
        lines: list[str],
        keys: dict[PathKey, Position] | None = None,
        values: dict[PathKey, Position] | None = None,
        tables: dict[PathKey, Position] | None = None,
        *,
        source: str | None = None,
    ) -> None:
        self.lines = lines
        self._keys = keys if keys is not None else {}
        self._values = values if values is not None else {}
        self._tables = tables if tables is not None else {}
        self._source = source  # not scanned yet while set
        self._headers: dict[PathKey, int] | None = None

    def _scan(self) -> None:
        if self._source is not None:
            text, self._source = self._source, None
            found = _Scanner(text).run()
            self._keys, self._values, self._tables = found.keys, found.values, found.tables

    @property
    def keys(self) -> dict[PathKey, Position]:
        self._scan()
        return self._keys

    @property
    def values(self) -> dict[PathKey, Position]:
        self._scan()
        return self._values

    @property
    def tables(self) -> dict[PathKey, Position]:
        self._scan()
        return self._tables

    def key(self, path: PathKey) -> Position | None:
        return self.keys.get(path)

    def value(self, path: PathKey) -> Position | None:
        return self.values.get(path) or self.keys.get(path)

    def table(self, path: PathKey) -> Position | None:
        return self.tables.get(path)

    def table_line(self, path: PathKey) -> int:
        """The line of a table's header, else of its key; 0 when it has neither.

        Before a full scan, only the header lines are read (one pass of a
        regular expression); a table written inline falls back to the scan.
        """
        if self._source is not None:
            if self._headers is None:
                self._headers = _header_lines(source_lines(self._source))
            line = self._headers.get(path)
            if line is not None:
                return line
        found = self.table(path) or self.key(path)
        return found.line if found else 0

    def nearest(self, path: PathKey) -> Position:
        """The best position for a path: itself, else its closest ancestor."""
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            for found in (self.keys.get(prefix), self.tables.get(prefix)):
                if found is not None:
                    return found
        return Position(1, 1)

    def source_line(self, line: int) -> str | None:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return None


_HEADER = re.compile(
    r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_\-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_\-]+)*)[ \t]*\]"
)
_TRIPLE = re.compile(r'"""|\'\'\'')


def _header_lines(lines: list[str]) -> dict[PathKey, int]:
    """Line of every table header with bare keys, with array-of-tables indices.

    Lines inside multi-line strings are skipped (a header-like line in a text
    is text). Quoted keys are left to the full scan.
    """
    found: dict[PathKey, int] = {}
    counts: dict[PathKey, int] = {}
    open_quote: str | None = None
    for number, line in enumerate(lines, 1):
        if open_quote is None and line.lstrip().startswith("["):
            match = _HEADER.match(line)
            if match:
                names = [name.strip() for name in match.group(2).split(".")]
                path: PathKey = ()
                for name in names[:-1]:
                    path = (*path, name)
                    if path in counts:
                        path = (*path, counts[path] - 1)
                path = (*path, names[-1])
                if match.group(1) == "[[":
                    counts[path] = counts.get(path, 0) + 1
                    path = (*path, counts[path] - 1)
                found.setdefault(path, number)
                continue
        for quote in _TRIPLE.findall(line):
            if open_quote is None:
                open_quote = quote
            elif quote == open_quote:
                open_quote = None
    return found


def source_lines(text: str) -> list[str]:
    """The document's lines as TOML counts them: split on "\n" only (CRLF ends one too).

    Not str.splitlines(), which also splits on U+2028, U+2029, U+0085 and
    \x1c-\x1e: one of those inside a string would shift every later line.
    """
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the newline that ends the last line does not start another
    return lines


# Possessive runs: a repeated single-character group costs the regex engine a
# backtracking frame per character (600 MB for a 4 MB string); runs cost one each.
_BASIC_STRING = re.compile(r'"((?:[^"\\\n]++|\\.)*+)"?')
_LITERAL_STRING = re.compile(r"'([^'\n]*+)'?")
_ESCAPE = re.compile(r"\\(.)")
_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.index = KeyIndex(lines=source_lines(text))
        self.table: PathKey = ()
        self.aot_counts: dict[PathKey, int] = {}

    # -- low-level movement -------------------------------------------------
    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.text[i] if i < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        # Bulk moves keep the scan linear: strings are skipped with one slice, not per character.
        end = min(self.pos + count, len(self.text))
        newlines = self.text.count("\n", self.pos, end)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.pos, end) + 1
        self.pos = end

    def here(self, width: int = 1) -> Position:
        return Position(self.line, self.pos - self.line_start + 1, width)

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.pos < len(self.text) and self.peek() != "\n":
                    self.advance()
            else:
                return

    # -- tokens --------------------------------------------------------------
    def read_string(self) -> str:
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            self.advance(3)
            end = self.text.find(quote * 3, self.pos)
            while end != -1 and quote == '"' and self._escaped(end):
                end = self.text.find(quote * 3, end + 1)
            end = len(self.text) if end == -1 else end
            # A closing run may hold up to two extra quotes that belong to the string.
            while self.text.startswith(quote, end + 3):
                end += 1
            raw = self.text[self.pos : end]
            self.advance(end + 3 - self.pos)
            return raw
        pattern = _BASIC_STRING if quote == '"' else _LITERAL_STRING
        match = pattern.match(self.text, self.pos)
        assert match is not None  # both patterns accept an empty, unclosed string
        self.advance(match.end() - self.pos)
        body = match.group(1)
        return _ESCAPE.sub(lambda m: m.group(1), body) if quote == '"' else body

    def _escaped(self, index: int) -> bool:
        backslashes = 0
        while index - 1 - backslashes >= 0 and self.text[index - 1 - backslashes] == "\\":
            backslashes += 1
        return backslashes % 2 == 1

    def read_key(self) -> list[tuple[str, Position]]:
        parts: list[tuple[str, Position]] = []
        while True:
            self.skip_blank(newlines=False)
            start = self.here()
            if self.peek() in ('"', "'"):
                begin = self.pos
                name = self.read_string()
                width = self.pos - begin
            else:
                begin = self.pos
                while self.peek() in _BARE and self.peek():
                    self.advance()
                name = self.text[begin : self.pos]
                width = max(self.pos - begin, 1)
            parts.append((name, Position(start.line, start.col, width)))
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.advance()
                continue
            return parts

    def resolve(self, names: list[str]) -> PathKey:
        """Map header names to a path, stepping into the latest array-of-tables entries."""
        path: PathKey = ()
        for name in names:
            path = (*path, name)
            if path in self.aot_counts:
                path = (*path, self.aot_counts[path] - 1)
        return path

    # -- values ----------------------------------------------------------------
    def skip_value(self, path: PathKey) -> None:
        char = self.peek()
        self.index.values[path] = self.here()
        if char in ('"', "'"):
            begin = self.pos
            self.read_string()
            start = self.index.values[path]
            self.index.values[path] = Position(start.line, start.col, max(1, self.pos - begin))
        elif char == "[":
            self.skip_array(path)
        elif char == "{":
            self.skip_inline_table(path)
        else:
            begin = self.pos
            while self.pos < len(self.text) and self.peek() not in ",]}\n#":
                self.advance()
            start = self.index.values[path]
            width = len(self.text[begin : self.pos].rstrip())
            self.index.values[path] = Position(start.line, start.col, max(1, width))

    def skip_array(self, path: PathKey) -> None:
        elements = itertools.count()
        self._skip_sequence("]", lambda: self.skip_value((*path, next(elements))))

    def skip_inline_table(self, path: PathKey) -> None:
        self._skip_sequence("}", lambda: self.key_value(path))

    def _skip_sequence(self, close: str, item: Callable[[], None]) -> None:
        """Skip `[a, b]` or `{k = v}` from its opening bracket, calling item() per entry."""
        self.advance()
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            char = self.peek()
            if char == close:
                self.advance()
                return
            if char == ",":
                self.advance()
            elif not char:
                return
            else:
                item()

    def key_value(self, base: PathKey) -> None:
        parts = self.read_key()
        path = base
        for name, position in parts:
            path = (*path, name)
            self.index.keys.setdefault(path, position)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.advance()
            self.skip_blank(newlines=False)
            self.skip_value(path)

    # -- statements --------------------------------------------------------------
    def header(self) -> None:
        start = self.here()
        is_array = self.text.startswith("[[", self.pos)
        self.advance(2 if is_array else 1)
        names = [name for name, _ in self.read_key()]
        self.advance(2 if is_array else 1)
        if is_array:
            parent = self.resolve(names[:-1])
            array_path = (*parent, names[-1])
            count = self.aot_counts.get(array_path, 0)
            self.aot_counts[array_path] = count + 1
            self.table = (*array_path, count)
        else:
            self.table = self.resolve(names)
        self.index.tables.setdefault(self.table, Position(start.line, start.col, 1))

    def run(self) -> KeyIndex:
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if not self.peek():
                break
            if self.peek() == "[":
                self.header()
            else:
                before = self.pos
                self.key_value(self.table)
                if self.pos == before:
                    self.advance()  # never loop on a stray character
            # Anything left on the line (a comment) is skipped.
            self.skip_blank(newlines=False)
        return self.index


def index_toml(text: str) -> KeyIndex:
    """Index a TOML document that tomli has already accepted."""
    return _Scanner(text).run()


def lazy_index(text: str) -> KeyIndex:
    """The same index, scanned only when a position is first asked for."""
    return KeyIndex(lines=source_lines(text), source=text)
