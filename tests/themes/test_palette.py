"""Derived shades, the check of every colour pair, and proposals that pass."""

from __future__ import annotations

import pytest

from themes.colours import parse_hex, passes
from themes.palette import PAIRS, ColourChoice, check_contrast, derive_palette
from themes.presets import PRESETS


def choice(primary: str, accent: str, background: str, text: str) -> ColourChoice:
    return ColourChoice.from_hex(primary=primary, accent=accent, background=background, text=text)


@pytest.mark.parametrize("preset", PRESETS, ids=lambda preset: preset.key)
def test_every_preset_passes_every_pair(preset: object) -> None:
    report = check_contrast(preset.choice())  # type: ignore[attr-defined]

    assert report.passed, [result.pair.key for result in report.failing]
    assert len(report.results) == len(PAIRS)


def test_presets_include_a_dark_one_and_all_differ() -> None:
    backgrounds = {preset.background_color for preset in PRESETS}
    assert len({preset.key for preset in PRESETS}) == len(PRESETS) >= 4
    assert len(backgrounds) == len(PRESETS)
    assert any(parse_hex(b).red < 64 for b in backgrounds)


def test_derived_shades_are_adjusted_until_they_pass() -> None:
    # A pale text colour: the grey help text derived from it would fail if not darkened.
    palette = derive_palette(choice("#0b5394", "#b35c00", "#ffffff", "#444444"))

    assert passes(palette.muted, palette.background, 4.5)
    assert passes(palette.muted, palette.surface, 4.5)
    assert passes(palette.border, palette.background, 3.0)
    assert passes(palette.on_primary, palette.primary_dark, 4.5)
    assert passes(palette.focus, palette.background, 3.0)


def test_light_main_colour_gets_dark_text_in_the_header() -> None:
    palette = derive_palette(choice("#8cc8ff", "#ffb95a", "#15191f", "#f1f3f5"))

    assert palette.on_primary == parse_hex("#15191f")
    assert passes(palette.on_primary, palette.primary, 4.5)


def test_failing_choice_names_each_pair_and_proposes_passing_shades() -> None:
    bad = choice("#ffcc00", "#eeeeee", "#ffffff", "#999999")

    report = check_contrast(bad)

    assert not report.passed
    failing = {result.pair.key for result in report.failing}
    assert {"text", "link", "accent-edge"} <= failing
    assert set(report.proposals) == {"text_color", "primary_color", "accent_color"}
    fixed = ColourChoice(
        primary_color=report.proposals["primary_color"],  # type: ignore[arg-type]
        accent_color=report.proposals["accent_color"],  # type: ignore[arg-type]
        background_color=bad.background_color,
        text_color=report.proposals["text_color"],  # type: ignore[arg-type]
    )
    assert check_contrast(fixed).passed


def test_proposal_is_the_nearest_passing_grey() -> None:
    report = check_contrast(choice("#0b5394", "#b35c00", "#ffffff", "#777777"))

    # #777777 is 4.48:1 on white; one step darker, #767676, is the nearest that passes.
    assert report.proposals["text_color"] == parse_hex("#767676")


def test_background_that_nothing_can_rescue_has_no_proposal_for_its_pairs() -> None:
    # A mid-grey background: the error red cannot reach 4.5:1 in any lightness of its hue
    # against it while staying red; the check says so instead of proposing nonsense.
    report = check_contrast(choice("#808080", "#808080", "#808080", "#808080"))

    assert not report.passed
    for field, proposal in report.proposals.items():
        if proposal is not None:
            assert field in {"text_color", "primary_color", "accent_color", "background_color"}
