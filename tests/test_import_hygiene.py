"""Imports run one way, cli | tui → service → compare → store, and only the UI loads Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from cli.commands import COMMAND_MODULES as _ALL

REPO = Path(__file__).resolve().parents[1]


def _modules(package: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in (REPO / package).rglob("*.py")
        if path.name != "__main__.py"
    )


def _loaded_after(imports: list[str]) -> set[str]:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in imports)
        + "print('\\n'.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("package", ["store", "compare", "service"])
def test_headless_packages_never_load_textual(package: str) -> None:
    loaded = _loaded_after(_modules(package))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m == "tui" or m.startswith("tui.")}


def test_store_never_imports_compare() -> None:
    loaded = _loaded_after(_modules("store"))
    assert not {m for m in loaded if m == "compare" or m.startswith("compare.")}


def test_command_line_does_not_load_textual_until_the_ui_opens() -> None:
    loaded = _loaded_after(["cli.main"] + [f"cli.commands.{name}" for name in _ALL])
    assert "textual" not in loaded


FORBIDDEN = {
    "store": {"compare", "service", "cli", "tui", "textual", "themes"},
    "compare": {"service", "cli", "tui", "textual", "themes"},
    "service": {"cli", "tui", "textual", "themes"},
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_direction_in_source(package: str) -> None:
    forbidden = FORBIDDEN[package]
    for path in (REPO / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, (
                    f"{path.relative_to(REPO)} imports {name}"
                )


def test_every_listed_command_exists() -> None:
    missing = [name for name in _ALL if not (REPO / "cli" / "commands" / f"{name}.py").exists()]
    assert missing == []


def test_import_linter_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """The static half (pyproject's [tool.importlinter]): layers, Textual, themes, no circle."""
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "4 kept, 0 broken" in report
