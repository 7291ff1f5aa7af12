"""Checking uploaded logos and header images before anything is stored.

What a file is comes from its content, never from its name or the browser's content type:
Pillow identifies raster images, and an SVG must parse as one. Size in bytes is checked before
reading, the pixel count before decoding (decompression bombs), and the image is then decoded in
full so a damaged file is caught now rather than in the build. Raster images are stored
re-encoded (which drops EXIF data such as a phone's GPS position); SVG is stored rebuilt from its
allowed parts (themes/svg.py).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

import resvg_py
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from themes.svg import SvgRejectedError, clean_svg

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
LOGO_MAX_BYTES = 1 * MEGABYTE
HEADER_MAX_BYTES = 8 * MEGABYTE
# A 40-megapixel photo decodes to 160 MB; anything larger is refused before decoding.
MAX_PIXELS = 40_000_000
LOGO_MIN_SIDE = 32
HEADER_MIN_SIZE = (800, 250)
# Stored sources are never larger than a build can use.
LOGO_MAX_SIDE = 1024
HEADER_MAX_WIDTH = 2400

LOGO_FORMATS = frozenset({"PNG"})
HEADER_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class CleanUpload:
    content: bytes
    extension: str  # "svg", "png" or "jpg"
    width: int
    height: int
    # Parts of an SVG left out as unsafe; 0 for raster images.
    removed: int = 0


def _reject(message: str, code: str) -> ValidationError:
    logger.info("Theme upload rejected", extra={"reason": code})
    return ValidationError(message, code=code)


def _read(upload: UploadedFile, limit: int) -> bytes:
    if upload.size is None or upload.size > limit:
        raise _reject(
            _("This file is too large: at most %(limit)s MB.") % {"limit": limit // MEGABYTE},
            "too_large",
        )
    content = bytes(upload.read(limit + 1))
    if len(content) > limit:
        raise _reject(
            _("This file is too large: at most %(limit)s MB.") % {"limit": limit // MEGABYTE},
            "too_large",
        )
    if not content:
        raise _reject(_("This file is empty."), "empty")
    return content


def _open_raster(content: bytes, formats: frozenset[str], wrong_type: str) -> Image.Image:
    """Identify, check the pixel count, verify, then decode in full; or raise ValidationError."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; any such warning is a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format not in formats:
                    raise _reject(wrong_type, "wrong_type")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels()
                probe.verify()
            image = Image.open(io.BytesIO(content))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except UnidentifiedImageError as error:
        raise _reject(wrong_type, "wrong_type") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _reject(
            _("This image is damaged or incomplete. Save it again and try once more."), "damaged"
        ) from error
    return image


def _too_many_pixels() -> ValidationError:
    return _reject(
        _("This image has too many pixels: at most %(limit)s megapixels. Make it smaller first.")
        % {"limit": MAX_PIXELS // 1_000_000},
        "too_many_pixels",
    )


def _too_small(width: int, height: int) -> ValidationError:
    return _reject(
        _("This image is too small: at least %(width)s by %(height)s pixels.")
        % {"width": width, "height": height},
        "too_small",
    )


def _looks_like_svg(content: bytes) -> bool:
    """Markup that mentions an svg element early on; the parser decides the rest."""
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] == b"<" and b"<svg" in start[:4096]


def _svg_message(reason: str) -> str:
    messages = {
        "dtd": _(
            "This SVG file contains a document type declaration, which we refuse for safety. "
            "Export it again as plain SVG."
        ),
        "not_xml": _("This SVG file cannot be read. Export it again as plain SVG."),
        "not_svg": _(
            "A logo must be an SVG or PNG file. This file is neither, whatever its name says."
        ),
        "no_size": _("This SVG file has no size (no viewBox). Export it again with a viewBox."),
        "too_complex": _("This SVG file is too complex for a logo."),
        "empty": _("Nothing is left of this SVG file once the unsafe parts are removed."),
        "unrenderable": _("This SVG file cannot be drawn. Export it again as plain SVG."),
    }
    return messages.get(reason, messages["not_xml"])


def _clean_svg_logo(content: bytes) -> CleanUpload:
    try:
        svg = clean_svg(content)
    except SvgRejectedError as error:
        raise _reject(_svg_message(error.reason), f"svg_{error.reason}") from error
    # Draw it once, small: what resvg cannot draw now would break the build later.
    try:
        resvg_py.svg_to_bytes(svg_string=svg.markup, width=64, skip_system_fonts=True)
    except ValueError as error:
        raise _reject(_svg_message("unrenderable"), "svg_unrenderable") from error
    if svg.removed:
        logger.info("Unsafe parts removed from an SVG logo", extra={"removed": svg.removed})
    return CleanUpload(
        content=svg.markup.encode(),
        extension="svg",
        width=round(svg.width),
        height=round(svg.height),
        removed=svg.removed,
    )


def clean_logo(upload: UploadedFile) -> CleanUpload:
    """An SVG or PNG logo, checked and cleaned; or a ValidationError with a Dutch message."""
    content = _read(upload, LOGO_MAX_BYTES)
    wrong_type = _(
        "A logo must be an SVG or PNG file. This file is neither, whatever its name says."
    )
    if not content.startswith(_PNG_SIGNATURE):
        if _looks_like_svg(content):
            return _clean_svg_logo(content)
        raise _reject(wrong_type, "wrong_type")

    image = _open_raster(content, LOGO_FORMATS, wrong_type)
    with image:
        if min(image.size) < LOGO_MIN_SIDE:
            raise _too_small(LOGO_MIN_SIDE, LOGO_MIN_SIDE)
        logo = image.convert("RGBA")
        logo.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        logo.save(output, format="PNG")
    return CleanUpload(output.getvalue(), "png", logo.width, logo.height)


def clean_header_image(upload: UploadedFile) -> CleanUpload:
    """A JPEG, PNG or WebP photo, checked and re-encoded as JPEG without metadata."""
    content = _read(upload, HEADER_MAX_BYTES)
    wrong_type = _(
        "A header image must be a JPEG, PNG or WebP photo. This file is none of those, "
        "whatever its name says."
    )
    image = _open_raster(content, HEADER_FORMATS, wrong_type)
    with image:
        # Phones store photos sideways with a note to turn them; turn them now.
        upright = ImageOps.exif_transpose(image)
        if upright.width < HEADER_MIN_SIZE[0] or upright.height < HEADER_MIN_SIZE[1]:
            raise _too_small(*HEADER_MIN_SIZE)
        if upright.mode in {"RGBA", "LA", "P"}:
            flat = Image.new("RGB", upright.size, (255, 255, 255))
            rgba = upright.convert("RGBA")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        photo = upright.convert("RGB")
        if photo.width > HEADER_MAX_WIDTH:
            height = round(photo.height * HEADER_MAX_WIDTH / photo.width)
            photo = photo.resize((HEADER_MAX_WIDTH, height), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        photo.save(output, format="JPEG", quality=90)
    return CleanUpload(output.getvalue(), "jpg", photo.width, photo.height)
