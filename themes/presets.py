"""Presets to start a theme from, and the self-hosted fonts a theme can use.

Every preset passes the contrast check (a test proves it), so a buurtsite that starts from one
can publish at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from themes.models import CornerStyle, Font, HomeLayout
from themes.palette import ColourChoice

SYSTEM_FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


@dataclass(frozen=True)
class FontFiles:
    """An open font served from our own static files: no third-party font host sees residents."""

    family: str
    # Static paths of the regular (400) and bold (700) Latin files.
    regular: str
    bold: str


FONT_FILES: dict[str, FontFiles] = {
    key: FontFiles(
        family=label,
        regular=f"fonts/{key}/{key}-latin-400-normal.woff2",
        bold=f"fonts/{key}/{key}-latin-700-normal.woff2",
    )
    for key, label in (
        (Font.ATKINSON_HYPERLEGIBLE.value, "Atkinson Hyperlegible"),
        (Font.SOURCE_SANS_3.value, "Source Sans 3"),
        (Font.LEXEND.value, "Lexend"),
    )
}


def font_stack(font: str) -> str:
    files = FONT_FILES.get(font)
    return f'"{files.family}", {SYSTEM_FONT_STACK}' if files else SYSTEM_FONT_STACK


@dataclass(frozen=True)
class Preset:
    key: str
    label: Promise
    description: Promise
    primary_color: str
    accent_color: str
    background_color: str
    text_color: str
    font: str
    home_layout: str
    corner_style: str

    def choice(self) -> ColourChoice:
        return ColourChoice.from_hex(
            primary=self.primary_color,
            accent=self.accent_color,
            background=self.background_color,
            text=self.text_color,
        )

    def values(self) -> dict[str, str]:
        return {
            "primary_color": self.primary_color,
            "accent_color": self.accent_color,
            "background_color": self.background_color,
            "text_color": self.text_color,
            "font": self.font,
            "home_layout": self.home_layout,
            "corner_style": self.corner_style,
        }


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="stadsblauw",
        label=_("City blue"),
        description=_("Calm blue with orange, on white. The platform's own look."),
        primary_color="#0b5394",
        accent_color="#b35c00",
        background_color="#ffffff",
        text_color="#1b1b1b",
        font=Font.SYSTEM,
        home_layout=HomeLayout.BANNER,
        corner_style=CornerStyle.ROUNDED,
    ),
    Preset(
        key="waalgroen",
        label=_("River green"),
        description=_("Deep green with warm brown, on off-white, in Source Sans 3."),
        primary_color="#1d6b3c",
        accent_color="#8a4b08",
        background_color="#fbfaf6",
        text_color="#1c2620",
        font=Font.SOURCE_SANS_3,
        home_layout=HomeLayout.SPLIT,
        corner_style=CornerStyle.ROUND,
    ),
    Preset(
        key="baksteen",
        label=_("Brick"),
        description=_("Brick red with blue, on a warm background, in Lexend."),
        primary_color="#9c2b1c",
        accent_color="#1f5b80",
        background_color="#fffaf4",
        text_color="#2b1d17",
        font=Font.LEXEND,
        home_layout=HomeLayout.BANNER,
        corner_style=CornerStyle.SQUARE,
    ),
    Preset(
        key="avond",
        label=_("Evening"),
        description=_("Light text on a dark background, in Atkinson Hyperlegible."),
        primary_color="#8cc8ff",
        accent_color="#ffb95a",
        background_color="#15191f",
        text_color="#f1f3f5",
        font=Font.ATKINSON_HYPERLEGIBLE,
        home_layout=HomeLayout.SPLIT,
        corner_style=CornerStyle.ROUNDED,
    ),
)
DEFAULT_PRESET = PRESETS[0]


def preset_named(key: str) -> Preset | None:
    return next((preset for preset in PRESETS if preset.key == key), None)
