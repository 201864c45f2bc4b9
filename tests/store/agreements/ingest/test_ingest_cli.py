"""`accord ingest` on the command line: drafts that check, and clear refusals."""

from __future__ import annotations

import os
from pathlib import Path

from fpdf import FPDF

from tests.support.cli import RunAccord

REPO = Path(__file__).resolve().parents[4]

ETF_LIKE = """Partnership on skills between the ILO and the ETF

Geneva, 9 February 2026

The International Labour Organization (ILO) and the European Training Foundation (ETF) signed a Declaration of Intent.

Joint Focus on Skills

Under the agreement, the ILO and ETF will work together to:

improve skills and labour market data

strengthen vocational education and apprenticeships
"""


def _check(run_accord: RunAccord, path: Path) -> str:
    result = run_accord("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_ingest_writes_a_draft_that_checks(run_accord: RunAccord, tmp_path: Path) -> None:
    source = tmp_path / "declaration.txt"
    source.write_text(ETF_LIKE, encoding="utf-8")
    out = tmp_path / "draft.toml"
    result = run_accord("ingest", str(source), "--id", "ilo-etf-2026", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 areas, 2 commitments" in result.stdout and "0 error(s)" in result.stdout
    draft = out.read_text(encoding="utf-8")
    assert draft.startswith("#:schema ")
    assert 'id = "ilo-etf-2026"' in draft and "date = 2026-02-09" in draft
    assert 'text = "improve skills and labour market data"' in draft
    assert 'modality = "will"' in draft and 'actors = ["ilo", "etf"]' in draft
    _check(run_accord, out)


def test_ingest_without_output_prints_the_draft(run_accord: RunAccord, tmp_path: Path) -> None:
    source = tmp_path / "declaration.md"
    source.write_text(ETF_LIKE, encoding="utf-8")
    result = run_accord("ingest", str(source))
    assert result.returncode == 0
    assert result.stdout.startswith("#:schema ") and "commitments" in result.stderr


def _refused(run_accord: RunAccord, path: Path, *words: str) -> None:
    result = run_accord("ingest", str(path))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path.name) in lines[0], result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_paths_that_are_not_regular_files_are_never_opened(
    run_accord: RunAccord, tmp_path: Path
) -> None:
    fifo = tmp_path / "agreement.txt"
    os.mkfifo(fifo)
    _refused(run_accord, fifo, "not a regular file")  # a blocking open would hang here
    _refused(run_accord, tmp_path, "not a regular file")


def test_a_file_that_is_not_what_its_name_says(run_accord: RunAccord, tmp_path: Path) -> None:
    fake_pdf = tmp_path / "conclusions.pdf"
    fake_pdf.write_text("<!doctype html><html><body>Hello</body></html>", encoding="utf-8")
    _refused(run_accord, fake_pdf, "the name says a PDF", "HTML")
    fake_docx = tmp_path / "conclusions.docx"
    fake_docx.write_text("plain words", encoding="utf-8")
    _refused(run_accord, fake_docx, "DOCX", "plain text")
    broken_docx = tmp_path / "broken.docx"
    broken_docx.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    _refused(run_accord, broken_docx, "not a readable DOCX")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _refused(run_accord, binary, "binary")


def test_scanned_and_encrypted_pdfs(run_accord: RunAccord, tmp_path: Path) -> None:
    scan = FPDF()
    scan.add_page()
    scan.set_fill_color(90, 90, 90)
    scan.rect(20, 20, 150, 200, style="F")  # a page image, no text layer
    scanned = tmp_path / "scanned.pdf"
    scan.output(str(scanned))
    _refused(run_accord, scanned, "no text layer", "OCR")

    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("Helvetica", size=12)
    locked.cell(0, 10, "The Parties will cooperate.")
    encrypted = tmp_path / "locked.pdf"
    locked.output(str(encrypted))
    _refused(run_accord, encrypted, "encrypted")


def test_output_that_is_not_a_regular_file_is_never_replaced(
    run_accord: RunAccord, tmp_path: Path
) -> None:
    source = tmp_path / "declaration.txt"
    source.write_text(ETF_LIKE, encoding="utf-8")
    fifo = tmp_path / "out.toml"
    os.mkfifo(fifo)
    result = run_accord("ingest", str(source), "-o", str(fifo))
    assert result.returncode == 1 and "not replaced" in result.stderr
    assert Path(fifo).is_fifo()
    existing = tmp_path / "existing.toml"
    existing.write_text("keep me", encoding="utf-8")
    result = run_accord("ingest", str(source), "-o", str(existing))
    assert result.returncode == 1 and "--force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
    result = run_accord("ingest", str(source), "-o", str(existing), "--force")
    assert result.returncode == 0 and existing.read_text(encoding="utf-8").startswith("#:schema")


def test_a_draft_with_an_id_in_use_points_to_accord_diff(
    run_accord: RunAccord, tmp_path: Path
) -> None:
    source = tmp_path / "declaration.txt"
    source.write_text(ETF_LIKE, encoding="utf-8")
    result = run_accord("ingest", str(source), "--id", "etf-2026", "-o", str(tmp_path / "d.toml"))
    assert result.returncode == 0
    assert "already in use" in result.stderr and "accord diff etf-2026" in result.stderr


def test_a_draft_outside_the_project_names_the_schema_file_only(
    run_accord: RunAccord, tmp_path: Path
) -> None:
    source = tmp_path / "declaration.txt"
    source.write_text(ETF_LIKE, encoding="utf-8")
    out = tmp_path / "elsewhere" / "draft.toml"
    out.parent.mkdir()
    result = run_accord("ingest", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    first, second = out.read_text(encoding="utf-8").split("\n")[:2]
    assert first == "#:schema ./agreement.schema.json"
    assert second.startswith("# check: schema: this draft is outside the project")
    assert str(tmp_path) not in first and "/.." not in first


def test_a_draft_inside_the_project_points_at_its_schema_relatively(
    run_accord: RunAccord, tmp_path: Path
) -> None:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(REPO / "agreements", project / "agreements")
    (project / "drafts").mkdir()
    source = tmp_path / "declaration.txt"
    source.write_text(ETF_LIKE, encoding="utf-8")
    result = run_accord("ingest", str(source), "-o", "drafts/new.toml", cwd=project)
    assert result.returncode == 0, result.stderr
    draft = (project / "drafts" / "new.toml").read_text(encoding="utf-8")
    assert draft.startswith("#:schema ../agreements/agreement.schema.json\n\n")
    assert "check: schema" not in draft
