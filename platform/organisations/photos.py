"""Logos and photos of organisations, services and professionals.

They live in a storage of their own (MEDIA_ROOT/organisations/), not in a buurtsite's media
folder: one organisation's photos show on every buurtsite it serves. Each upload is checked
and re-encoded by members.photos.prepare_photo (real type, size, pixel count) before it is
kept under a random name. Files are never deleted by an edit: an earlier version that a
reviewer puts back may show them again.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile

from members.photos import prepare_photo

# Only names this module made are ever opened: "<folder>/<32 hex digits>.jpg".
NAME_PATTERN = re.compile(r"^(logo|foto|professional)/[0-9a-f]{32}\.jpg$")


def storage() -> FileSystemStorage:
    location = Path(settings.MEDIA_ROOT) / "organisations"
    return FileSystemStorage(location=location, base_url=None)


def store_photo(upload: UploadedFile, *, folder: str) -> str:
    """Check, re-encode and keep an upload; return its name. Raises ValidationError in Dutch."""
    content = prepare_photo(upload)
    return storage().save(f"{folder}/{uuid.uuid4().hex}.jpg", content)


def is_photo_name(name: str) -> bool:
    return bool(NAME_PATTERN.match(name))
