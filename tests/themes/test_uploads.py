"""Every bad upload is refused with a Dutch message, judged by content, never by name."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from tests.themes.conftest import SIMPLE_SVG, image_bytes, upload
from themes.svg import clean_svg
from themes.uploads import (
    HEADER_MAX_BYTES,
    LOGO_MAX_BYTES,
    clean_header_image,
    clean_logo,
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height`: what a decompression bomb looks like
    before it is decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def rejected(check: object, *args: object) -> ValidationError:
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        check(*args)  # type: ignore[operator]
    return caught.value


# Real type, not the name ------------------------------------------------------------------------


def test_png_logo_is_accepted_and_stored_as_png() -> None:
    cleaned = clean_logo(upload("logo.png", image_bytes((300, 100)), "image/png"))

    assert cleaned.extension == "png"
    assert (cleaned.width, cleaned.height) == (300, 100)
    assert Image.open(io.BytesIO(cleaned.content)).format == "PNG"


def test_content_decides_the_type_not_the_name() -> None:
    assert clean_logo(upload("logo.svg", image_bytes(), "image/svg+xml")).extension == "png"
    assert clean_logo(upload("logo.png", SIMPLE_SVG, "image/png")).extension == "svg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"Hallo, dit is geen plaatje."),
        ("logo.png", image_bytes(fmt="JPEG")),
        ("logo.png", image_bytes(fmt="GIF", mode="P", colour=1)),
        ("logo.svg", b"%PDF-1.7 not a logo"),
        ("logo.svg", b"<html><body>no svg here</body></html>"),
    ],
)
def test_logo_of_another_type_is_refused(name: str, content: bytes) -> None:
    error = rejected(clean_logo, upload(name, content, "image/png"))

    assert error.code in {"wrong_type", "svg_not_xml"}
    assert "SVG" in error.messages[0] or "bestand" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [b"plain text", image_bytes(fmt="GIF", mode="P", colour=1), image_bytes(fmt="BMP")],
)
def test_header_image_of_another_type_is_refused(content: bytes) -> None:
    error = rejected(clean_header_image, upload("kop.jpg", content, "image/jpeg"))

    assert error.code == "wrong_type"
    assert error.messages[0].startswith("Een kopfoto")


def test_webp_png_and_jpeg_header_images_are_accepted_as_jpeg() -> None:
    for fmt in ("WEBP", "PNG", "JPEG"):
        cleaned = clean_header_image(upload("kop", image_bytes((1200, 400), fmt=fmt)))
        assert cleaned.extension == "jpg"
        assert Image.open(io.BytesIO(cleaned.content)).format == "JPEG"


# Size and pixel count ---------------------------------------------------------------------------


def test_logo_over_the_byte_limit_is_refused_before_reading() -> None:
    error = rejected(clean_logo, upload("logo.png", b"\x89PNG" + b"0" * LOGO_MAX_BYTES))

    assert error.code == "too_large"
    assert error.messages == ["Dit bestand is te groot: hoogstens 1 MB."]


def test_header_image_over_the_byte_limit_is_refused() -> None:
    error = rejected(clean_header_image, upload("kop.jpg", b"\xff" * (HEADER_MAX_BYTES + 1)))

    assert error.code == "too_large"


def test_image_claiming_too_many_pixels_is_refused_before_decoding() -> None:
    # 45 megapixels: below Pillow's own limit, above ours.
    error = rejected(clean_header_image, upload("kop.png", png_claiming(9000, 5000)))

    assert error.code == "too_many_pixels"
    assert "megapixel" in error.messages[0]


def test_real_decompression_bomb_is_refused() -> None:
    # 144 megapixels of one colour: a few kilobytes as PNG, 432 MB once decoded as RGB.
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000

    for check in (clean_logo, clean_header_image):
        assert rejected(check, upload("bom.png", buffer.getvalue())).code == "too_many_pixels"


def test_damaged_image_is_refused() -> None:
    whole = image_bytes((900, 400), fmt="PNG", colour=(10, 20, 30))
    error = rejected(clean_header_image, upload("kop.png", whole[: len(whole) // 2]))

    assert error.code == "damaged"


def test_empty_file_is_refused() -> None:
    assert rejected(clean_logo, upload("logo.png", b"")).code in {"empty", "too_large"}


def test_too_small_images_are_refused() -> None:
    assert rejected(clean_logo, upload("logo.png", image_bytes((20, 20)))).code == "too_small"
    assert (
        rejected(clean_header_image, upload("kop.jpg", image_bytes((640, 480), fmt="JPEG"))).code
        == "too_small"
    )


def test_header_image_loses_its_exif_data_such_as_gps() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # camera maker
    exif[0x8825] = {1: "N", 2: (51.0, 50.0, 0.0)}  # GPS position
    photo = image_bytes((1200, 800), fmt="JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(photo)).getexif()

    cleaned = clean_header_image(upload("kop.jpg", photo))

    assert not Image.open(io.BytesIO(cleaned.content)).getexif()


def test_sideways_phone_photo_is_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees to show"
    photo = image_bytes((1200, 900), fmt="JPEG", exif=exif.tobytes())

    cleaned = clean_header_image(upload("kop.jpg", photo))

    assert (cleaned.width, cleaned.height) == (900, 1200)


# SVG --------------------------------------------------------------------------------------------

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 200 100" onload="alert('svg')">
  <script type="text/javascript">alert(document.cookie)</script>
  <foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <a xlink:href="javascript:alert(1)"><rect width="10" height="10"/></a>
  <image href="https://tracker.example/pixel.png" width="10" height="10"/>
  <use xlink:href="https://elders.example/sprite.svg#logo"/>
  <style>@import url(https://elders.example/style.css); rect { fill: red }</style>
  <rect width="100" height="50" fill="url(https://elders.example/paint)" onclick="steal()"
        style="fill:url(#g);stroke:url(https://elders.example/x);opacity:0.9"/>
  <linearGradient id="g"><stop offset="0" stop-color="#0b5394"/></linearGradient>
  <circle cx="150" cy="50" r="40" fill="url(#g)" onmouseover="x()"/>
  <animate attributeName="href" to="javascript:alert(1)"/>
  <set attributeName="onload" to="alert(1)"/>
  <iframe src="https://elders.example/"/>
  <text x="10" y="90">Buurt &amp; co</text>
</svg>"""


def test_svg_is_stripped_of_scripts_handlers_and_external_references() -> None:
    cleaned = clean_logo(upload("logo.svg", HOSTILE_SVG, "image/svg+xml"))
    markup = cleaned.content.decode()

    assert cleaned.extension == "svg"
    assert cleaned.removed > 0
    for forbidden in (
        "script", "onload", "onclick", "onmouseover", "foreignObject", "javascript:",
        "elders.example", "tracker.example", "@import", "<image", "<a", "<animate", "<set",
        "<iframe", "<style",
    ):  # fmt: skip
        assert forbidden not in markup, forbidden
    # What is safe stays: shapes, internal gradients, text.
    assert 'fill="url(#g)"' in markup
    assert 'style="fill:url(#g);opacity:0.9"' in markup
    assert "Buurt &amp; co" in markup
    assert "<circle" in markup


def test_clean_svg_is_itself_well_formed_and_keeps_its_proportions() -> None:
    cleaned = clean_svg(HOSTILE_SVG)

    assert (cleaned.width, cleaned.height) == (200, 100)
    assert clean_svg(cleaned.markup.encode()).markup == cleaned.markup


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&lol3;</text></svg>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&secret;</text></svg>"""


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (BILLION_LAUGHS, "svg_dtd"),
        (EXTERNAL_ENTITY, "svg_dtd"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'><rect", "svg_not_xml"),
        (b"<svg><rect width='1' height='1'/></svg>", "svg_not_svg"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='1' height='1'/></svg>",
            "svg_no_size",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 9 9'><script/></svg>", "svg_empty"),
    ],
)
def test_unsafe_or_broken_svg_is_refused(content: bytes, code: str) -> None:
    error = rejected(clean_logo, upload("logo.svg", content, "image/svg+xml"))

    assert error.code == code
    assert error.messages[0]  # a Dutch sentence for the editor


def test_svg_with_too_many_elements_is_refused() -> None:
    shapes = b"<rect width='1' height='1'/>" * 6000
    content = b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 9 9'>" + shapes + b"</svg>"

    assert rejected(clean_logo, upload("logo.svg", content)).code == "svg_too_complex"
