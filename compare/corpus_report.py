"""The corpus matrix as a Markdown section, for the Markdown and HTML reports.

`corpus_markdown(matrix)` returns a self-contained section: the matrix in
blocks of agreement columns (so a hundred agreements stay readable), then the
drill-down: each non-empty row's commitments, oldest agreement first, with
their modality and whether they carry a confirmed link. Every piece of
untrusted text (labels, titles, ids, commitment text) goes through
`store.escape`, so it can neither break a table nor inject HTML or markup.
"""

from __future__ import annotations

from compare.corpus import Cell, CorpusMatrix, drill_down
from store.untrusted import md_cell, md_inline

COLUMNS_PER_TABLE = 8


def _cell(cell: Cell) -> str:
    if not cell.count:
        return "·"
    return f"{cell.count} ✓{len(cell.linked)}" if cell.linked else str(cell.count)


def corpus_markdown(
    matrix: CorpusMatrix,
    *,
    level: int = 2,
    columns: int = COLUMNS_PER_TABLE,
    drill: bool = True,
) -> str:
    """The section, starting with a heading of `level` (2: `##`); ends with a newline."""
    mark = "#" * max(1, min(level, 5))
    sub = mark + "#"
    what = "Topics" if matrix.kind == "topics" else "Areas"
    row_name = "Topic" if matrix.kind == "topics" else "Area"
    count = len(matrix.agreements)
    out = [f"{mark} Corpus: {what.lower()} × agreements", ""]
    if not matrix.agreements:
        return "\n".join([*out, "No agreements.", ""])
    first, last = matrix.agreements[0].date, matrix.agreements[-1].date
    out += [
        f"{count} agreements, oldest first ({first.isoformat()} to {last.isoformat()}). "
        "Each cell counts the commitments that state the row's "
        f"{row_name.lower()}; ✓ counts those with a confirmed link.",
        "",
    ]
    step = max(1, columns)
    for start in range(0, count, step):
        block = list(range(start, min(start + step, count)))
        header = " | ".join(md_cell(matrix.agreements[i].id) for i in block)
        out += [f"| {row_name} | {header} |", "| :--- |" + " ---: |" * len(block)]
        for row in matrix.rows:
            cells = " | ".join(_cell(row.cells[i]) for i in block)
            out.append(f"| {md_cell(row.label)} | {cells} |")
        out.append("")
    if drill:
        out += _drill(matrix, sub)
    return "\n".join(out).rstrip("\n") + "\n"


def _drill(matrix: CorpusMatrix, mark: str) -> list[str]:
    out: list[str] = []
    for row in matrix.rows:
        items = drill_down(matrix, row.key)
        if not items:
            continue
        agreements = sum(1 for cell in row.cells if cell.count)
        out += [
            f"{mark} {md_inline(row.label)}",
            "",
            f"{row.total} commitments in {agreements} agreements, "
            f"{row.linked} with a confirmed link.",
            "",
            "| Date | Commitment | Modality | ✓ | Text |",
            "| :--- | :--- | :--- | :---: | :--- |",
        ]
        for item in items:
            out.append(
                f"| {item.date.isoformat()} | {md_cell(item.ref)} | {md_cell(item.modality)} "
                f"| {'✓' if item.linked else ' '} | {md_cell(item.text)} |"
            )
        out.append("")
    return out
