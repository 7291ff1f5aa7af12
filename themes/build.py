"""Turning a published theme into files: stylesheet, logo renditions, favicons, app icons, the
web app manifest, header image renditions and the share image.

Pure production: settings and source files in, named file contents out. Writing them, and
deciding which build is live, is for `themes.actions`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import resvg_py
from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont, ImageOps

from themes.colours import Rgb, contrast_ratio
from themes.css import stylesheet
from themes.models import HomeLayout
from themes.palette import ColourChoice, Palette, derive_palette
from themes.presets import FONT_FILES
from themes.storage import hashed_name

SHARE_SIZE = (1200, 630)
# Role: (file name stem, size). icon_512 is drawn; the others are scaled from it.
ICON_SIZES = {
    "icon_192": ("icon-192", 192),
    "apple_touch_icon": ("apple-touch-icon", 180),
    "favicon_png": ("favicon-32", 32),
}
FAVICON_ICO_SIZES = [(16, 16), (32, 32), (48, 48)]
# The logo in the header is 2.5rem high: 45 px at our 18 px root size; 48 and 96 for 1x and 2x.
LOGO_HEIGHTS = (48, 96)
LOGO_MAX_ASPECT = 4  # wider logos are shown at most four times as wide as high
# Header image crops per layout (width : height) and the widths built for `srcset`.
HEADER_CROPS: dict[str, tuple[tuple[int, int], tuple[int, ...]]] = {
    HomeLayout.BANNER: ((16, 5), (800, 1200, 1600)),
    HomeLayout.SPLIT: ((4, 3), (480, 720, 960)),
}
HEADER_JPEG_QUALITY = 72
HEADER_WEBP_QUALITY = 70
# A maskable icon may be cut to a circle of 80 % of its size: keep the logo within it.
MASKABLE_LOGO_SHARE = 0.56
ICON_LOGO_SHARE = 0.8
# When a theme has the device's own font, images are lettered in this open font.
DRAWING_FONT = "atkinson-hyperlegible"


@dataclass(frozen=True)
class BuildSource:
    """What one build is made from."""

    name: str  # the buurtsite's name
    settings: Mapping[str, Any]  # Theme.draft_settings() as frozen at publishing
    url_prefix: str  # where the files will be served, ending in "/"
    logo: Path | None = None
    header_image: Path | None = None


@dataclass
class BuildOutput:
    files: dict[str, bytes] = field(default_factory=dict)  # file name -> content
    roles: dict[str, str] = field(default_factory=dict)  # role -> file name
    dimensions: dict[str, Any] = field(default_factory=dict)

    def add(self, role: str, stem: str, extension: str, content: bytes) -> str:
        name = hashed_name(stem, content, extension)
        self.files[name] = content
        self.roles[role] = name
        return name


def palette_of(settings: Mapping[str, Any]) -> Palette:
    return derive_palette(
        ColourChoice.from_hex(
            primary=settings["primary_color"],
            accent=settings["accent_color"],
            background=settings["background_color"],
            text=settings["text_color"],
        )
    )


def short_name_for(name: str, chosen: str = "") -> str:
    """The name under the app icon on a phone: at most 12 characters show."""
    if chosen:
        return chosen
    if len(name) <= 12:
        return name
    words = [word for word in name.replace("-", " ").replace("/", " ").split() if word]
    return words[-1][:12] if words else name[:12]


def _rgb(colour: Rgb) -> tuple[int, int, int]:
    return (colour.red, colour.green, colour.blue)


def _png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _font(settings: Mapping[str, Any], size: int) -> ImageFont.FreeTypeFont:
    files = FONT_FILES.get(settings["font"]) or FONT_FILES[DRAWING_FONT]
    path = finders.find(files.bold)
    if not isinstance(path, str):
        raise FileNotFoundError(files.bold)
    return ImageFont.truetype(path, size)


class _Logo:
    """The logo as a raster image at any size: SVG is drawn by resvg, PNG is scaled."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_svg = path.suffix == ".svg"
        self._markup = path.read_text(encoding="utf-8") if self.is_svg else ""
        self._png: Image.Image | None = None
        if not self.is_svg:
            with Image.open(path) as opened:
                self._png = opened.convert("RGBA")
        self._large: Image.Image | None = None

    def fitted(self, width: int, height: int) -> Image.Image:
        """The logo scaled to fit within width x height, keeping its proportions."""
        if self._png is not None:
            image = self._png.copy()
            image.thumbnail((width, height), Image.Resampling.LANCZOS)
            if image.width < width and image.height < height:
                scale = min(width / image.width, height / image.height)
                size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
                image = self._png.resize(size, Image.Resampling.LANCZOS)
            return image
        if self._large is None:
            self._large = self._render(512)
        image = self._large.copy()
        if width > image.width and height > image.height:
            return self._render(max(width, height))
        image.thumbnail((width, height), Image.Resampling.LANCZOS)
        return image

    def average_colour(self) -> Rgb:
        """The mean colour of the logo's visible pixels."""
        small = self.fitted(64, 64)
        red, green, blue, alpha = (list(band.tobytes()) for band in small.split())
        total = sum(alpha) or 1
        mean = [
            round(sum(value * weight for value, weight in zip(band, alpha, strict=True)) / total)
            for band in (red, green, blue)
        ]
        return Rgb(*mean)

    def _render(self, box: int) -> Image.Image:
        drawn = resvg_py.svg_to_bytes(svg_string=self._markup, width=box)
        image = Image.open(io.BytesIO(drawn)).convert("RGBA")
        if image.height > box:
            image.thumbnail((box, box), Image.Resampling.LANCZOS)
        return image


def _monogram(settings: Mapping[str, Any], name: str, size: int, palette: Palette) -> Image.Image:
    """For a theme without a logo: the first letter of the name on the main colour."""
    image = Image.new("RGB", (size, size), _rgb(palette.primary))
    draw = ImageDraw.Draw(image)
    letter = (name.strip()[:1] or "M").upper()
    font = _font(settings, round(size * 0.6))
    draw.text((size / 2, size / 2), letter, font=font, fill=_rgb(palette.on_primary), anchor="mm")
    return image


def _icon_background(palette: Palette, logo: _Logo) -> Rgb:
    colour = logo.average_colour()
    return max((palette.background, palette.primary), key=lambda back: contrast_ratio(back, colour))


def _icon(
    source: BuildSource,
    palette: Palette,
    logo: _Logo | None,
    size: int,
    *,
    share: float = ICON_LOGO_SHARE,
) -> Image.Image:
    if logo is None:
        return _monogram(source.settings, source.name, size, palette)
    # Opaque: a phone fills transparent corners with black. On the background colour, or on
    # the main colour when the logo stands out more there (a light logo made for the header).
    canvas = Image.new("RGB", (size, size), _rgb(_icon_background(palette, logo)))
    box = round(size * share)
    picture = logo.fitted(box, box)
    canvas.paste(picture, ((size - picture.width) // 2, (size - picture.height) // 2), picture)
    return canvas


def _add_icons(
    output: BuildOutput, source: BuildSource, palette: Palette, logo: _Logo | None
) -> None:
    base = _icon(source, palette, logo, 512)
    output.add("icon_512", "icon-512", "png", _png(base))
    for role, (stem, size) in ICON_SIZES.items():
        output.add(role, stem, "png", _png(base.resize((size, size), Image.Resampling.LANCZOS)))
    maskable = _icon(source, palette, logo, 512, share=MASKABLE_LOGO_SHARE)
    output.add("icon_maskable", "icon-maskable-512", "png", _png(maskable))

    ico = io.BytesIO()
    base.resize((48, 48), Image.Resampling.LANCZOS).save(ico, format="ICO", sizes=FAVICON_ICO_SIZES)
    output.add("favicon_ico", "favicon", "ico", ico.getvalue())


def _add_logo(output: BuildOutput, logo: _Logo) -> None:
    if logo.is_svg:
        output.add("logo", "logo", "svg", logo.path.read_bytes())
        ratio = logo.fitted(512, 512)
        output.dimensions["logo"] = _logo_box(ratio.width, ratio.height, LOGO_HEIGHTS[0])
        return
    for height in LOGO_HEIGHTS:
        picture = logo.fitted(height * LOGO_MAX_ASPECT, height)
        role = "logo" if height == LOGO_HEIGHTS[-1] else "logo_1x"
        output.add(role, f"logo-{height}", "png", _png(picture))
        if role == "logo_1x":
            output.dimensions["logo"] = [picture.width, picture.height]


def _logo_box(width: int, height: int, target_height: int) -> list[int]:
    aspect = min(width / height, LOGO_MAX_ASPECT)
    return [round(target_height * aspect), target_height]


def _add_header(output: BuildOutput, source: BuildSource) -> Image.Image | None:
    if source.header_image is None:
        return None
    layout = source.settings["home_layout"]
    (ratio_w, ratio_h), widths = HEADER_CROPS.get(layout, ((0, 0), ()))
    with Image.open(source.header_image) as opened:
        photo = opened.convert("RGB")
    # Scale down once to the widest width any file needs; every rendition comes from that.
    working_width = max((*widths, SHARE_SIZE[0]))
    if photo.width > working_width:
        height = round(photo.height * working_width / photo.width)
        photo = photo.resize((working_width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
    if not widths:
        return photo
    # Never enlarge: widths beyond the photo's are left out, but the smallest is always built.
    fitting = [width for width in widths if width <= photo.width] or [widths[0]]
    largest = ImageOps.fit(
        photo,
        (fitting[-1], round(fitting[-1] * ratio_h / ratio_w)),
        Image.Resampling.LANCZOS,
        centering=(0.5, 0.4),
    )
    built: list[int] = []
    for width in fitting:
        size = (width, round(width * ratio_h / ratio_w))
        crop = largest if size == largest.size else largest.resize(size, Image.Resampling.LANCZOS)
        jpeg = io.BytesIO()
        crop.save(jpeg, format="JPEG", quality=HEADER_JPEG_QUALITY, optimize=True, progressive=True)
        output.add(f"header_{width}", f"header-{width}", "jpg", jpeg.getvalue())
        # WebP for the browsers that take it (a third smaller); JPEG stays for the others.
        webp = io.BytesIO()
        crop.save(webp, format="WEBP", quality=HEADER_WEBP_QUALITY, method=4)
        output.add(f"header_{width}_webp", f"header-{width}", "webp", webp.getvalue())
        built.append(width)
    output.dimensions["header"] = {"widths": built, "ratio": [ratio_w, ratio_h]}
    return photo


def _fit_text(
    draw: ImageDraw.ImageDraw, text: str, settings: Mapping[str, Any], width: int, size: int
) -> ImageFont.FreeTypeFont:
    font = _font(settings, size)
    while size > 24 and draw.textlength(text, font=font) > width:
        size -= 4
        font = _font(settings, size)
    return font


def _share_image(
    source: BuildSource, palette: Palette, logo: _Logo | None, photo: Image.Image | None
) -> bytes:
    width, height = SHARE_SIZE
    band = 170
    backdrop = _icon_background(palette, logo) if logo is not None else palette.background
    canvas = Image.new("RGB", SHARE_SIZE, _rgb(backdrop))
    draw = ImageDraw.Draw(canvas)
    if photo is not None:
        canvas.paste(
            ImageOps.fit(
                photo, (width, height - band), Image.Resampling.LANCZOS, centering=(0.5, 0.4)
            )
        )
    elif logo is not None:
        picture = logo.fitted(520, 300)
        top = (height - band - picture.height) // 2
        canvas.paste(picture, ((width - picture.width) // 2, top), picture)
    else:
        canvas.paste(_monogram(source.settings, source.name, 300, palette), (450, 80))

    draw.rectangle((0, height - band, width, height), fill=_rgb(palette.primary))
    draw.rectangle((0, height - band, width, height - band + 10), fill=_rgb(palette.accent))
    font = _fit_text(draw, source.name, source.settings, width - 120, 76)
    draw.text(
        (60, height - band / 2 + 5),
        source.name,
        font=font,
        fill=_rgb(palette.on_primary),
        anchor="lm",
    )
    if photo is not None:
        # A photo as full-colour PNG is half a megabyte and slow to compress; 256 colours with
        # dithering look the same at share size, at a quarter of the bytes and time.
        return _png(canvas.quantize(256, method=Image.Quantize.FASTOCTREE))
    return _png(canvas)


def _manifest(source: BuildSource, palette: Palette, roles: Mapping[str, str]) -> bytes:
    prefix = source.url_prefix
    manifest = {
        "name": source.name,
        "short_name": short_name_for(source.name, source.settings.get("short_name", "")),
        "lang": "nl",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": palette.background.hex,
        "theme_color": palette.primary.hex,
        "icons": [
            {"src": prefix + roles["icon_192"], "sizes": "192x192", "type": "image/png"},
            {"src": prefix + roles["icon_512"], "sizes": "512x512", "type": "image/png"},
            {
                "src": prefix + roles["icon_maskable"],
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode()


def build_files(source: BuildSource) -> BuildOutput:
    settings = source.settings
    palette = palette_of(settings)
    output = BuildOutput()

    css = stylesheet(
        palette=palette,
        font=settings["font"],
        corner_style=settings["corner_style"],
        home_layout=settings["home_layout"],
    )
    output.add("stylesheet", "theme", "css", css.encode())

    logo = _Logo(source.logo) if source.logo is not None else None
    if logo is not None:
        _add_logo(output, logo)
    _add_icons(output, source, palette, logo)
    photo = _add_header(output, source)
    output.add("share_image", "share", "png", _share_image(source, palette, logo, photo))
    output.add("manifest", "manifest", "webmanifest", _manifest(source, palette, output.roles))
    return output
