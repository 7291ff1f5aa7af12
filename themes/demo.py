"""Themes for the demo buurtsites: each its own preset, a drawn logo and a drawn header image.

The artwork is made here, in code, and goes through the same upload checks and the same build
as a buurtverbinder's files would.
"""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from tenants.models import Buurtsite
from themes.actions import (
    apply_theme_preset,
    provide_default_theme,
    publish_theme,
    save_theme_draft,
)
from themes.permissions import SYSTEM
from themes.presets import preset_named
from themes.selectors import theme_of
from themes.uploads import clean_header_image, clean_logo

DEMO_PRESETS = {"oost": "waalgroen", "lindenholt": "baksteen"}

# Light shapes: the logo stands on the header's main colour.
_LOGOS = {
    "oost": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">
<title>Nijmegen-Oost</title>
<path d="M12 62 L60 20 L108 62" fill="none" stroke="#fbfaf6" stroke-width="10"
 stroke-linejoin="round" stroke-linecap="round"/>
<rect x="28" y="58" width="64" height="48" rx="4" fill="#fbfaf6"/>
<rect x="52" y="76" width="16" height="30" fill="#1d6b3c"/>
<circle cx="92" cy="24" r="11" fill="#f2c14e"/>
</svg>""",
    "lindenholt": """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">
<title>Lindenholt</title>
<circle cx="60" cy="46" r="34" fill="#fffaf4"/>
<circle cx="40" cy="58" r="20" fill="#f6dcc9"/>
<circle cx="80" cy="58" r="20" fill="#f6dcc9"/>
<rect x="53" y="70" width="14" height="40" rx="3" fill="#fffaf4"/>
</svg>""",
}


def _header_image(slug: str) -> bytes:
    """A drawn street: sky, a row of houses with roofs, trees. Deterministic per buurtsite."""
    chance = random.Random(slug)  # noqa: S311  (artwork, not security)
    width, height = 1600, 600
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = (150, 196, 228), (226, 238, 244)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)),
        )
    draw.ellipse((1260, 60, 1380, 180), fill=(252, 214, 112))
    draw.rectangle((0, 470, width, height), fill=(106, 148, 92))
    roofs = [(156, 60, 44), (120, 72, 48), (92, 64, 58), (170, 88, 60)]
    walls = [(214, 170, 140), (196, 120, 96), (232, 214, 190), (180, 150, 130)]
    x = -20
    while x < width:
        house_width = chance.randint(130, 190)
        wall_top = chance.randint(300, 360)
        draw.rectangle((x, wall_top, x + house_width, 480), fill=chance.choice(walls))
        draw.polygon(
            [
                (x - 8, wall_top),
                (x + house_width / 2, wall_top - 90),
                (x + house_width + 8, wall_top),
            ],
            fill=chance.choice(roofs),
        )
        for window_x in (x + 24, x + house_width - 58):
            draw.rectangle(
                (window_x, wall_top + 40, window_x + 34, wall_top + 84), fill=(250, 236, 180)
            )
        x += house_width + chance.randint(10, 40)
    for tree_x in range(60, width, 260):
        offset = chance.randint(-40, 40)
        draw.rectangle((tree_x + offset, 440, tree_x + offset + 14, 520), fill=(96, 70, 50))
        draw.ellipse((tree_x + offset - 45, 360, tree_x + offset + 60, 460), fill=(74, 128, 70))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=88)
    return output.getvalue()


def load_demo_theme(buurtsite: Buurtsite) -> None:
    """Give a demo buurtsite its theme and build it now; running it twice changes nothing."""
    preset_key = DEMO_PRESETS.get(buurtsite.slug)
    if preset_key is None or preset_named(preset_key) is None:
        return
    current = theme_of(buurtsite)
    # Provisioning gave the buurtsite the default theme; the demo replaces it with its own once.
    if current is None or current.preset != preset_key:
        theme = apply_theme_preset(buurtsite, editor=SYSTEM, preset_key=preset_key)
        logo = clean_logo(
            SimpleUploadedFile("logo.svg", _LOGOS[buurtsite.slug].encode(), "image/svg+xml")
        )
        header = clean_header_image(
            SimpleUploadedFile("header.jpg", _header_image(buurtsite.slug), "image/jpeg")
        )
        values = {
            name: value
            for name, value in theme.draft_settings().items()
            if name not in {"logo", "header_image"}
        }
        save_theme_draft(buurtsite, editor=SYSTEM, values=values, logo=logo, header_image=header)
        publish_theme(buurtsite, editor=SYSTEM, synchronous=True)
        return
    provide_default_theme(buurtsite, preset_key=preset_key, synchronous=True)
