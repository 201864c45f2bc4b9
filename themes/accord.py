"""Accord's own colour themes, as Textual `Theme`s, and the variables Accord adds.

Every screen states review state with glyphs and text style (bold, underline,
reverse), never with colour alone, so these colours only make it pleasant: the
app stays legible at 16 colours (TERM=linux) and under NO_COLOR.

Accord's CSS variables (use them in TCSS as `$accord-…`):

    accord-reviewed   reviewed marks (✓) and confirmed links
    accord-outdated   outdated notes and marks (!)
    accord-rejected   rejected links (✗)
    accord-equal      words the two sides share (compare view)
    accord-synonym    words that match through the lexicon (compare view)
    accord-chip       topic chips
    accord-score      the score bar (▇▇▇▁▁)

`ACCORD_VARIABLE_DEFAULTS` fills them in for Textual's built-in themes, and
`ansi_variants` gives the ANSI themes ANSI-named values, so a 16-colour terminal
draws its own palette rather than approximations of hex colours.

This module imports Textual; only the TUI imports it.
"""

from __future__ import annotations

import dataclasses

from textual.theme import BUILTIN_THEMES, Theme

DEFAULT_THEME = "accord-dark"

ACCORD_VARIABLE_DEFAULTS: dict[str, str] = {
    "accord-reviewed": "#4EBF71",
    "accord-outdated": "#ffa62b",
    "accord-rejected": "#e0607e",
    "accord-equal": "#7fd4ff",
    "accord-synonym": "#e6b450",
    "accord-chip": "#9aa5b1",
    "accord-score": "#5fb3b3",
}

_ANSI_VARIABLES: dict[str, str] = {
    "accord-reviewed": "ansi_green",
    "accord-outdated": "ansi_yellow",
    "accord-rejected": "ansi_red",
    "accord-equal": "ansi_cyan",
    "accord-synonym": "ansi_magenta",
    "accord-chip": "ansi_default",
    "accord-score": "ansi_cyan",
}

ACCORD_DARK = Theme(
    name="accord-dark",
    primary="#3d8fd1",
    secondary="#5fb3b3",
    accent="#e6b450",
    warning="#e6b450",
    error="#e0607e",
    success="#6cbf6c",
    foreground="#d8dee9",
    background="#14181f",
    surface="#1b212b",
    panel="#232b38",
    dark=True,
    variables={**ACCORD_VARIABLE_DEFAULTS, "footer-key-foreground": "#e6b450"},
)

ACCORD_LIGHT = Theme(
    name="accord-light",
    primary="#1f5f99",
    secondary="#2b7a78",
    accent="#9c4f00",
    warning="#9c4f00",
    error="#b3213b",
    success="#1d7a36",
    foreground="#1c2128",
    background="#f7f7f4",
    surface="#ffffff",
    panel="#e6e8eb",
    dark=False,
    variables={
        "accord-reviewed": "#1d7a36",
        "accord-outdated": "#9c4f00",
        "accord-rejected": "#b3213b",
        "accord-equal": "#1f5f99",
        "accord-synonym": "#8a3ffc",
        "accord-chip": "#4a5360",
        "accord-score": "#2b7a78",
    },
)

# Pure black and white with a few saturated accents: for low vision, glare and
# projectors. Borders and the cursor are white, so focus never hides in a tint.
ACCORD_HIGH_CONTRAST = Theme(
    name="accord-high-contrast",
    primary="#ffffff",
    secondary="#ffff00",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff5555",
    success="#55ff55",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "accord-reviewed": "#55ff55",
        "accord-outdated": "#ffff00",
        "accord-rejected": "#ff5555",
        "accord-equal": "#55ffff",
        "accord-synonym": "#ffff00",
        "accord-chip": "#ffffff",
        "accord-score": "#ffffff",
        "block-cursor-background": "#ffffff",
        "block-cursor-foreground": "#000000",
        "block-cursor-blurred-background": "#808080",
        "block-cursor-blurred-foreground": "#000000",
        "border": "#ffffff",
        "border-blurred": "#808080",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "input-selection-background": "#ffff00",
    },
)

ACCORD_THEMES: tuple[Theme, ...] = (ACCORD_DARK, ACCORD_LIGHT, ACCORD_HIGH_CONTRAST)


def ansi_variants() -> tuple[Theme, ...]:
    """Textual's ANSI themes with Accord's variables in ANSI colour names."""
    variants = []
    for name in ("ansi-dark", "ansi-light"):
        base = BUILTIN_THEMES[name]
        variants.append(dataclasses.replace(base, variables={**base.variables, **_ANSI_VARIABLES}))
    return tuple(variants)


def all_themes() -> tuple[Theme, ...]:
    """Every theme the app registers on top of Textual's built-in ones."""
    return ACCORD_THEMES + ansi_variants()
