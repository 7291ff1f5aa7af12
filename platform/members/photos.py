"""Profile photos: checked on what they really are, never trusted by name or content type.

An upload must be a JPEG, PNG, GIF or WebP image that Pillow can decode, at most
PROFILE_PHOTO_MAX_BYTES large and PROFILE_PHOTO_MAX_PIXELS in pixels (a small file can unpack
into a huge image: a decompression bomb). It is turned upright, shrunk and saved again as a
fresh JPEG, which drops whatever else the file carried (camera location, scripts, trailing data).
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
LONGEST_SIDE = 800
PHOTO_DIR = "profielfoto"


def prepare_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """Return the upload re-encoded as a JPEG, or raise ValidationError in plain Dutch."""
    if upload.size is None or upload.size > settings.PROFILE_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("This photo is too large. Choose a photo of at most %(size)s MB.")
            % {"size": settings.PROFILE_PHOTO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    not_a_photo = ValidationError(
        _("This file is not a photo we can use. Choose a JPG, PNG, GIF or WebP photo."),
        code="not_a_photo",
    )
    too_many_pixels = ValidationError(
        _("This photo has too many pixels. Choose a smaller photo."), code="too_many_pixels"
    )
    try:
        upload.seek(0)
        # Pillow warns about a decompression bomb; here that warning refuses the file.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                # Opening reads only the header: check the size before decoding any pixel.
                if image.format not in ALLOWED_FORMATS:
                    raise not_a_photo
                width, height = image.size
                if width * height > settings.PROFILE_PHOTO_MAX_PIXELS:
                    raise too_many_pixels
                image.load()
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
                rgb = upright.convert("RGB")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_a_photo from error

    output = io.BytesIO()
    rgb.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=f"{PHOTO_DIR}/{uuid.uuid4().hex}.jpg")


def photo_response(name: str, *, cache_control: str = "private, max-age=3600") -> FileResponse:
    """A stored photo (always a JPEG we encoded ourselves), or a 404 when there is none.

    Photos are served through views that check who may see them, never as public media;
    `private` keeps them out of shared caches.
    """
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = cache_control
    return response
