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


def test_the_quick_check_of_terminal_output_misses_no_unsafe_character() -> None:
    # terminal_safe skips its pattern when str.isprintable (with newlines and
    # tabs set aside) accepts the text: every character the pattern matches
    # must be unprintable or among the few it lists.
    from store import untrusted

    for code in range(0x110000):
        char = chr(code)
        if untrusted._TERMINAL_UNSAFE.match(char) and char != "\r":
            assert not untrusted._plainly_safe(f"ok {char} ok\n"), hex(code)
            assert untrusted.terminal_safe(char) != char, hex(code)
    assert untrusted._plainly_safe("plain – text\twith\ttabs\nand lines ✓\n")
    assert untrusted.terminal_safe("a\r\nb") == "a\r\nb"
    assert untrusted.terminal_safe("a\rb") != "a\rb"
