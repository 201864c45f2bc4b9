"""store.untrusted: the one rule for untrusted text, for the terminal and for CSV."""

from __future__ import annotations

from rich.text import Text

from store.untrusted import csv_cell, terminal_text


def test_untrusted_text_is_made_harmless() -> None:
    hostile = "[bold]x[/] \x1b]52;c;ZXZpbA==\x07 \u202eevil"
    rendered = terminal_text(hostile, single_line=True)
    assert isinstance(rendered, Text)
    assert "\x1b" not in rendered.plain and "\u202e" not in rendered.plain
    assert "[bold]x[/]" in rendered.plain  # shown as written, never parsed as markup
    assert csv_cell("=HYPERLINK(1)").startswith("'")
    assert "\x1b" not in csv_cell("a\x1bb")
