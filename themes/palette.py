"""From the four colours a buurtverbinder picks to every colour the stylesheet uses, and the check
that each pair of them used for text or controls meets WCAG 2.1 AA.

Derived shades (hover, panels, borders, focus ring, grey help text, errors) are adjusted until they
pass whenever some shade can; only a choice no shade can rescue fails. Each pair names the chosen
colour to change, and the check proposes the nearest shade of it with which every pair passes.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields, replace
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from themes.colours import (
    LARGE_TEXT_MINIMUM,
    TEXT_MINIMUM,
    UI_MINIMUM,
    Oklch,
    Rgb,
    best_text_colour,
    contrast_ratio,
    from_oklch,
    is_light,
    mix,
    nearest_lightness,
    nearest_passing_shade,
    parse_hex,
    passes,
    shift_lightness,
    to_oklch,
)

ChoiceField = Literal["primary_color", "accent_color", "background_color", "text_color"]
CHOICE_FIELDS: tuple[ChoiceField, ...] = (
    "primary_color",
    "accent_color",
    "background_color",
    "text_color",
)

# How far hover shades move, in OKLCH lightness.
_HOVER_STEP = 0.08
_LIGHT_ERROR = Rgb(0xA4, 0x00, 0x0F)
_DARK_ERROR = Rgb(0xFF, 0x9A, 0x9A)


@dataclass(frozen=True)
class ColourChoice:
    """What the buurtverbinder picks."""

    primary_color: Rgb
    accent_color: Rgb
    background_color: Rgb
    text_color: Rgb

    @classmethod
    def from_hex(cls, *, primary: str, accent: str, background: str, text: str) -> ColourChoice:
        return cls(parse_hex(primary), parse_hex(accent), parse_hex(background), parse_hex(text))

    def as_hex(self) -> dict[str, str]:
        return {field.name: getattr(self, field.name).hex for field in fields(self)}


@dataclass(frozen=True)
class Palette:
    """Every colour the stylesheet uses. Attribute names match the CSS custom properties."""

    primary: Rgb
    primary_dark: Rgb  # hover of links and buttons; the name site.css has always used
    on_primary: Rgb
    accent: Rgb
    accent_dark: Rgb
    on_accent: Rgb
    background: Rgb
    surface: Rgb
    text: Rgb
    muted: Rgb
    border: Rgb
    focus: Rgb
    error: Rgb

    def css_variables(self) -> dict[str, str]:
        return {
            f"--color-{field.name.replace('_', '-')}": getattr(self, field.name).hex
            for field in fields(self)
        }


def _hover(colour: Rgb, *, on: Rgb) -> Rgb:
    """A hover shade: a step away from the text on it, so the text keeps (or gains) contrast."""
    hover = shift_lightness(colour, -_HOVER_STEP if is_light(on) else _HOVER_STEP)
    return nearest_passing_shade(hover, against=[on], minimum=TEXT_MINIMUM) or hover


def _adjusted(colour: Rgb, *, against: list[Rgb], minimum: float) -> Rgb:
    return nearest_passing_shade(colour, against=against, minimum=minimum) or colour


@functools.lru_cache(maxsize=1024)
def derive_palette(choice: ColourChoice) -> Palette:
    background, text = choice.background_color, choice.text_color
    primary, accent = choice.primary_color, choice.accent_color

    # Panels (footer, notices) are tinted a little towards the main colour, unless that would
    # cost the text its contrast.
    surface = mix(background, primary, 0.06)
    if not passes(text, surface, TEXT_MINIMUM) and passes(text, background, TEXT_MINIMUM):
        surface = background
    panels = [background, surface]

    on_primary = best_text_colour(primary, [background, text])
    on_accent = best_text_colour(accent, [background, text])
    error = _DARK_ERROR if not is_light(background) else _LIGHT_ERROR
    return Palette(
        primary=primary,
        primary_dark=_hover(primary, on=on_primary),
        on_primary=on_primary,
        accent=accent,
        accent_dark=_hover(accent, on=on_accent),
        on_accent=on_accent,
        background=background,
        surface=surface,
        text=text,
        muted=_adjusted(mix(text, background, 0.3), against=panels, minimum=TEXT_MINIMUM),
        border=_adjusted(mix(text, background, 0.45), against=panels, minimum=UI_MINIMUM),
        focus=_adjusted(accent, against=panels, minimum=UI_MINIMUM),
        error=_adjusted(error, against=panels, minimum=TEXT_MINIMUM),
    )


@dataclass(frozen=True)
class Pair:
    """A foreground and a background the stylesheet puts together, and what they must reach."""

    key: str
    label: Promise
    foreground: str  # a Palette attribute
    background: str  # a Palette attribute
    minimum: float
    field: ChoiceField  # the chosen colour to change when this pair fails


PAIRS: tuple[Pair, ...] = (
    Pair("text", _("Text on the page background"), "text", "background", TEXT_MINIMUM,
         "text_color"),
    Pair("text-panel", _("Text on panels (footer, notices)"), "text", "surface", TEXT_MINIMUM,
         "text_color"),
    Pair("muted", _("Grey help text on the page background"), "muted", "background",
         TEXT_MINIMUM, "text_color"),
    Pair("muted-panel", _("Grey help text on panels"), "muted", "surface", TEXT_MINIMUM,
         "text_color"),
    Pair("border", _("Borders of input fields"), "border", "background", UI_MINIMUM,
         "text_color"),
    Pair("link", _("Links on the page background"), "primary", "background", TEXT_MINIMUM,
         "primary_color"),
    Pair("link-hover", _("Links under the mouse pointer"), "primary_dark", "background",
         TEXT_MINIMUM, "primary_color"),
    Pair("link-panel", _("Links on panels"), "primary", "surface", TEXT_MINIMUM,
         "primary_color"),
    Pair("header", _("Header and button text on the main colour"), "on_primary", "primary",
         TEXT_MINIMUM, "primary_color"),
    Pair("button-hover", _("Button text under the mouse pointer"), "on_primary", "primary_dark",
         TEXT_MINIMUM, "primary_color"),
    Pair("accent-button", _("Text on buttons in the accent colour"), "on_accent", "accent",
         TEXT_MINIMUM, "accent_color"),
    Pair("accent-hover", _("Accent button text under the mouse pointer"), "on_accent",
         "accent_dark", TEXT_MINIMUM, "accent_color"),
    Pair("accent-edge", _("Buttons in the accent colour against the page background"), "accent",
         "background", UI_MINIMUM, "accent_color"),
    Pair("focus", _("Focus outline on the page background"), "focus", "background", UI_MINIMUM,
         "accent_color"),
    Pair("focus-panel", _("Focus outline on panels"), "focus", "surface", UI_MINIMUM,
         "accent_color"),
    Pair("error", _("Error messages on the page background"), "error", "background",
         TEXT_MINIMUM, "background_color"),
)  # fmt: skip


@dataclass(frozen=True)
class PairResult:
    pair: Pair
    foreground: Rgb
    background: Rgb
    ratio: float
    passes: bool

    @property
    def rounded_ratio(self) -> float:
        """The ratio as shown: rounded down, so a pair never shows as passing when it fails."""
        return math.floor(self.ratio * 10) / 10

    @property
    def is_large_text_only(self) -> bool:
        return self.pair.minimum == LARGE_TEXT_MINIMUM


@dataclass(frozen=True)
class ContrastReport:
    choice: ColourChoice
    palette: Palette
    results: tuple[PairResult, ...]
    # For each chosen colour with a failing pair: the nearest shade with which all its pairs
    # pass, or None when no shade of it can.
    proposals: dict[ChoiceField, Rgb | None]

    @property
    def passed(self) -> bool:
        return all(result.passes for result in self.results)

    @property
    def failing(self) -> list[PairResult]:
        return [result for result in self.results if not result.passes]


def _results(palette: Palette) -> tuple[PairResult, ...]:
    results = []
    for pair in PAIRS:
        foreground = getattr(palette, pair.foreground)
        background = getattr(palette, pair.background)
        results.append(
            PairResult(
                pair=pair,
                foreground=foreground,
                background=background,
                ratio=contrast_ratio(foreground, background),
                passes=passes(foreground, background, pair.minimum),
            )
        )
    return tuple(results)


def _field_passes(choice: ColourChoice, field: ChoiceField) -> bool:
    palette = derive_palette(choice)
    return all(
        passes(getattr(palette, pair.foreground), getattr(palette, pair.background), pair.minimum)
        for pair in PAIRS
        if pair.field == field
    )


def propose_shade(choice: ColourChoice, field: ChoiceField) -> Rgb | None:
    """The shade of the chosen `field` colour nearest in lightness with which its pairs pass."""
    original: Rgb = getattr(choice, field)
    start = to_oklch(original)
    # Move away from what the colour is read against: the background, or for the background
    # itself, away from the text.
    reference = choice.text_color if field == "background_color" else choice.background_color

    def shade(lightness: float) -> Rgb:
        return from_oklch(Oklch(lightness, start.chroma, start.hue))

    def acceptable(lightness: float) -> bool:
        changes: dict[str, Rgb] = {field: shade(lightness)}
        return _field_passes(replace(choice, **changes), field)

    lightness = nearest_lightness(
        start.lightness, acceptable, directions=(-1, 1) if is_light(reference) else (1, -1)
    )
    return None if lightness is None else shade(lightness)


@functools.lru_cache(maxsize=256)
def check_contrast(choice: ColourChoice) -> ContrastReport:
    palette = derive_palette(choice)
    results = _results(palette)
    failing_fields: list[ChoiceField] = []
    for result in results:
        if not result.passes and result.pair.field not in failing_fields:
            failing_fields.append(result.pair.field)
    return ContrastReport(
        choice=choice,
        palette=palette,
        results=results,
        proposals={field: propose_shade(choice, field) for field in failing_fields},
    )
