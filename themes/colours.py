"""Colour arithmetic for themes: WCAG 2.1 contrast, perceptual lightness steps, derived shades.

Contrast follows WCAG 2.1 exactly (relative luminance of sRGB, ratio (L1 + 0.05) / (L2 + 0.05)).
To propose a shade that passes, lightness is stepped in OKLCH, which keeps the hue and the
perceived colourfulness while only the lightness changes: the proposal still looks like the
colour the buurtverbinder chose, only lighter or darker.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# WCAG 2.1 AA minimums.
TEXT_MINIMUM = 4.5
LARGE_TEXT_MINIMUM = 3.0
UI_MINIMUM = 3.0

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# Searching for a passing shade: walk in steps of this OKLCH lightness, then halve the last step
# this many times (to within 0.0003, far below what an eye tells apart).
_COARSE_STEP = 0.02
_REFINEMENTS = 6


@dataclass(frozen=True)
class Rgb:
    """An sRGB colour with 8-bit channels."""

    red: int
    green: int
    blue: int

    @property
    def hex(self) -> str:
        return f"#{self.red:02x}{self.green:02x}{self.blue:02x}"

    def __str__(self) -> str:
        return self.hex


WHITE = Rgb(255, 255, 255)
BLACK = Rgb(0, 0, 0)


def is_hex_colour(value: str) -> bool:
    return bool(_HEX.match(value))


def parse_hex(value: str) -> Rgb:
    """`#rrggbb` (either case) to a colour; anything else is a ValueError."""
    if not is_hex_colour(value):
        raise ValueError(f"Not a #rrggbb colour: {value!r}")
    return Rgb(int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _linear(channel: int) -> float:
    # The sRGB transfer function as WCAG 2.1 states it (0.03928; for 8-bit values it gives the
    # same result as the 0.04045 of the sRGB standard).
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)


def relative_luminance(colour: Rgb) -> float:
    return (
        0.2126 * _linear(colour.red)
        + 0.7152 * _linear(colour.green)
        + 0.0722 * _linear(colour.blue)
    )


def contrast_ratio(first: Rgb, second: Rgb) -> float:
    """WCAG 2.1 contrast ratio, from 1.0 (the same) to 21.0 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def passes(first: Rgb, second: Rgb, minimum: float) -> bool:
    # Rounded down to two decimals before comparing, so 4.499 never shows as "4.5 and failing".
    return math.floor(contrast_ratio(first, second) * 100) / 100 >= minimum


# OKLab / OKLCH (Björn Ottosson's published matrices) ------------------------------------------


@dataclass(frozen=True)
class Oklch:
    lightness: float  # 0 .. 1
    chroma: float  # 0 .. about 0.37
    hue: float  # degrees


def _to_linear_unit(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else float(((c + 0.055) / 1.055) ** 2.4)


def _from_linear_unit(value: float) -> float:
    if value <= 0.0031308:
        return 12.92 * value
    return 1.055 * float(value ** (1 / 2.4)) - 0.055


def to_oklch(colour: Rgb) -> Oklch:
    r, g, b = (_to_linear_unit(c) for c in (colour.red, colour.green, colour.blue))
    l_ = math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
    m_ = math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
    s_ = math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
    lightness = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    a = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    b_ = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    return Oklch(lightness, math.hypot(a, b_), math.degrees(math.atan2(b_, a)) % 360)


def _oklch_to_linear(colour: Oklch) -> tuple[float, float, float]:
    a = colour.chroma * math.cos(math.radians(colour.hue))
    b = colour.chroma * math.sin(math.radians(colour.hue))
    l_ = (colour.lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (colour.lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (colour.lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )


def _in_gamut(linear: tuple[float, float, float]) -> bool:
    return all(-0.0001 <= channel <= 1.0001 for channel in linear)


def from_oklch(colour: Oklch) -> Rgb:
    """Back to sRGB; a colour outside sRGB loses chroma (not lightness or hue) until it fits."""
    lightness = min(max(colour.lightness, 0.0), 1.0)
    linear = _oklch_to_linear(Oklch(lightness, colour.chroma, colour.hue))
    if not _in_gamut(linear):
        low, high = 0.0, colour.chroma
        for _ in range(24):
            middle = (low + high) / 2
            if _in_gamut(_oklch_to_linear(Oklch(lightness, middle, colour.hue))):
                low = middle
            else:
                high = middle
        linear = _oklch_to_linear(Oklch(lightness, low, colour.hue))
    channels = [round(min(max(_from_linear_unit(c), 0.0), 1.0) * 255) for c in linear]
    return Rgb(*channels)


def with_lightness(colour: Rgb, lightness: float) -> Rgb:
    current = to_oklch(colour)
    return from_oklch(Oklch(lightness, current.chroma, current.hue))


def shift_lightness(colour: Rgb, delta: float) -> Rgb:
    return with_lightness(colour, to_oklch(colour).lightness + delta)


def mix(first: Rgb, second: Rgb, amount: float) -> Rgb:
    """`amount` of `second` into `first`, in OKLab (even steps to the eye)."""
    a, b = to_oklch(first), to_oklch(second)

    def cartesian(c: Oklch) -> tuple[float, float, float]:
        return (
            c.lightness,
            c.chroma * math.cos(math.radians(c.hue)),
            c.chroma * math.sin(math.radians(c.hue)),
        )

    (l1, a1, b1), (l2, a2, b2) = cartesian(a), cartesian(b)
    lightness = l1 + (l2 - l1) * amount
    ax, bx = a1 + (a2 - a1) * amount, b1 + (b2 - b1) * amount
    return from_oklch(Oklch(lightness, math.hypot(ax, bx), math.degrees(math.atan2(bx, ax)) % 360))


def is_light(colour: Rgb) -> bool:
    """Whether dark text reads better on this colour than light text does."""
    return contrast_ratio(colour, BLACK) >= contrast_ratio(colour, WHITE)


def nearest_lightness(
    start: float, acceptable: Callable[[float], bool], *, directions: tuple[int, int]
) -> float | None:
    """The OKLCH lightness nearest to `start` for which `acceptable` holds, or None.

    A coarse walk in each direction finds the first acceptable lightness, then halving the last
    step narrows it down: about twenty tries instead of two hundred, which keeps the live check
    in the editor quick.
    """
    best: float | None = None
    for direction in directions:
        previous = start
        for step in range(1, math.ceil(1 / _COARSE_STEP) + 1):
            lightness = min(max(start + direction * step * _COARSE_STEP, 0.0), 1.0)
            if best is not None and abs(lightness - start) >= abs(best - start):
                break
            if acceptable(lightness):
                failing, passing = previous, lightness
                for _ in range(_REFINEMENTS):
                    middle = (failing + passing) / 2
                    if acceptable(middle):
                        passing = middle
                    else:
                        failing = middle
                best = passing
                break
            if lightness in (0.0, 1.0):
                break
            previous = lightness
    return best


def nearest_passing_shade(
    colour: Rgb, *, against: Sequence[Rgb], minimum: float, prefer_darker: bool | None = None
) -> Rgb | None:
    """The shade of `colour`, closest in OKLCH lightness, that reaches `minimum` against all.

    Returns `colour` itself when it passes already, and None when no lightness of this hue does
    (for instance against both black and white at 4.5:1).
    """
    if all(passes(colour, other, minimum) for other in against):
        return colour
    start = to_oklch(colour)
    if prefer_darker is None:
        prefer_darker = all(is_light(other) for other in against)

    def acceptable(lightness: float) -> bool:
        candidate = from_oklch(Oklch(lightness, start.chroma, start.hue))
        return all(passes(candidate, other, minimum) for other in against)

    lightness = nearest_lightness(
        start.lightness, acceptable, directions=(-1, 1) if prefer_darker else (1, -1)
    )
    if lightness is None:
        return None
    return from_oklch(Oklch(lightness, start.chroma, start.hue))


def best_text_colour(background: Rgb, candidates: Sequence[Rgb]) -> Rgb:
    """The candidate with the most contrast on `background`; black or white when none passes."""
    best = max(candidates, key=lambda c: contrast_ratio(c, background))
    if passes(best, background, TEXT_MINIMUM):
        return best
    return max((BLACK, WHITE), key=lambda c: contrast_ratio(c, background))
