"""WCAG 2.1 contrast, computed ourselves, against pairs whose ratios are published."""

from __future__ import annotations

import pytest

from themes.colours import (
    BLACK,
    WHITE,
    contrast_ratio,
    from_oklch,
    nearest_passing_shade,
    parse_hex,
    passes,
    relative_luminance,
    to_oklch,
)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        # The grey that just fails and the one that just passes 4.5:1 on white.
        ("#777777", "#ffffff", 4.48),
        ("#767676", "#ffffff", 4.54),
        ("#0000ff", "#ffffff", 8.59),
        ("#ff0000", "#ffffff", 4.0),
        ("#008000", "#ffffff", 5.14),
    ],
)
def test_contrast_ratio_of_known_pairs(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(parse_hex(first), parse_hex(second)) == pytest.approx(ratio, abs=0.01)
    # The order of the two colours does not matter.
    assert contrast_ratio(parse_hex(second), parse_hex(first)) == pytest.approx(ratio, abs=0.01)


def test_relative_luminance_follows_wcag() -> None:
    assert relative_luminance(BLACK) == 0.0
    assert relative_luminance(WHITE) == pytest.approx(1.0)
    # Mid grey #808080: ((128/255 + 0.055) / 1.055) ** 2.4
    assert relative_luminance(parse_hex("#808080")) == pytest.approx(0.2158605, abs=1e-6)


def test_passing_is_never_rounded_up() -> None:
    assert not passes(parse_hex("#777777"), WHITE, 4.5)
    assert passes(parse_hex("#767676"), WHITE, 4.5)
    # #959595 on white is 2.995:1: not enough for a border (3:1); #949494 (3.03:1) is.
    assert not passes(parse_hex("#959595"), WHITE, 3.0)
    assert passes(parse_hex("#949494"), WHITE, 3.0)


@pytest.mark.parametrize("value", ["", "#fff", "0b5394", "#0b539g", "#0b53944", "red"])
def test_only_six_digit_hex_colours_are_read(value: str) -> None:
    with pytest.raises(ValueError):
        parse_hex(value)


@pytest.mark.parametrize("value", ["#0b5394", "#ffcc00", "#15191f", "#ffffff", "#000000"])
def test_oklch_round_trip_keeps_the_colour(value: str) -> None:
    colour = parse_hex(value)
    back = from_oklch(to_oklch(colour))
    assert (
        max(
            abs(back.red - colour.red), abs(back.green - colour.green), abs(back.blue - colour.blue)
        )
        <= 1
    )


def test_nearest_passing_shade_passes_and_keeps_the_hue() -> None:
    yellow = parse_hex("#ffcc00")

    shade = nearest_passing_shade(yellow, against=[WHITE], minimum=4.5)

    assert shade is not None
    assert passes(shade, WHITE, 4.5)
    # Darker, the same hue, and not darker than needed: a little lighter fails again.
    assert to_oklch(shade).lightness < to_oklch(yellow).lightness
    assert abs(to_oklch(shade).hue - to_oklch(yellow).hue) < 3
    lighter = from_oklch(
        to_oklch(shade).__class__(
            to_oklch(shade).lightness + 0.01, to_oklch(shade).chroma, to_oklch(shade).hue
        )
    )
    assert not passes(lighter, WHITE, 4.5)


def test_a_passing_colour_is_its_own_nearest_shade() -> None:
    blue = parse_hex("#0b5394")
    assert nearest_passing_shade(blue, against=[WHITE], minimum=4.5) == blue


def test_no_shade_passes_against_both_black_and_white_at_text_contrast() -> None:
    assert nearest_passing_shade(parse_hex("#808080"), against=[BLACK, WHITE], minimum=4.5) is None
