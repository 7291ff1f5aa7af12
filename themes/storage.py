"""Where theme files live: THEME_ROOT/<schema>/sources/ for checked uploads and
THEME_ROOT/<schema>/builds/<build id>/ for built files.

Every path is made from the schema name of the buurtsite it belongs to, so the files of one
buurtsite can never be reached through another's host. Names are content-hashed: a file, once
written, never changes, which is what lets browsers cache it for a year.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# stem.<12 hex>.<extension>, as `hashed_name` makes them; nothing else is ever served.
BUILT_NAME = re.compile(r"^[a-z0-9-]{1,40}\.[0-9a-f]{12}\.(css|png|ico|svg|jpg|webp|webmanifest)$")
SOURCE_NAME = re.compile(r"^[a-z0-9-]{1,40}\.[0-9a-f]{16}\.(svg|png|jpg)$")


def theme_root() -> Path:
    return Path(settings.THEME_ROOT)


def _schema_dir(schema_name: str) -> Path:
    if not _SCHEMA.match(schema_name):
        raise ValueError("Not a schema name.")
    return theme_root() / schema_name


def hashed_name(stem: str, content: bytes, extension: str, *, length: int = 12) -> str:
    digest = hashlib.sha256(content).hexdigest()[:length]
    return f"{stem}.{digest}.{extension}"


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def save_source(schema_name: str, *, stem: str, extension: str, content: bytes) -> str:
    """Store a checked upload; returns its name relative to THEME_ROOT."""
    name = hashed_name(stem, content, extension, length=16)
    path = _schema_dir(schema_name) / "sources" / name
    if not path.exists():
        _write_atomically(path, content)
    return f"{schema_name}/sources/{name}"


def source_path(schema_name: str, relative: str) -> Path | None:
    """The file of a stored upload, only if it belongs to this schema and exists."""
    prefix = f"{schema_name}/sources/"
    if not relative.startswith(prefix) or not SOURCE_NAME.match(relative[len(prefix) :]):
        return None
    path = _schema_dir(schema_name) / "sources" / relative[len(prefix) :]
    return path if path.is_file() else None


def build_dir(schema_name: str, build_id: int) -> Path:
    return _schema_dir(schema_name) / "builds" / str(int(build_id))


def write_build(schema_name: str, build_id: int, files: Mapping[str, bytes]) -> None:
    """Write a build's files into its folder in one step: a folder is complete or absent.

    Running it twice (a redelivered task) finds the folder there and leaves it: the names are
    content hashes, so the same build gives the same files.
    """
    target = build_dir(schema_name, build_id)
    if target.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{build_id}-", dir=target.parent))
    try:
        for name, content in files.items():
            if not BUILT_NAME.match(name):
                raise ValueError("Not a built file name.")
            (staging / name).write_bytes(content)
        try:
            os.rename(staging, target)
        except OSError:
            if not target.is_dir():  # not lost to a twin that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def built_file(schema_name: str, build_id: int, name: str) -> Path | None:
    if not BUILT_NAME.match(name):
        return None
    path = build_dir(schema_name, build_id) / name
    return path if path.is_file() else None


def build_is_complete(schema_name: str, build_id: int, names: list[str]) -> bool:
    folder = build_dir(schema_name, build_id)
    return folder.is_dir() and all((folder / name).is_file() for name in names)


def remove_build(schema_name: str, build_id: int) -> None:
    shutil.rmtree(build_dir(schema_name, build_id), ignore_errors=True)


def remove_unused_sources(schema_name: str, *, keep: set[str], older_than: float = 3600) -> None:
    """Delete uploads nothing refers to any more.

    Only those older than `older_than` seconds: an upload is written before the draft that
    names it commits, and must not be swept away in between.
    """
    folder = _schema_dir(schema_name) / "sources"
    if not folder.is_dir():
        return
    cutoff = time.time() - older_than
    for path in folder.iterdir():
        unused = f"{schema_name}/sources/{path.name}" not in keep
        if unused and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def remove_buurtsite_files(schema_name: str) -> None:
    """Everything of one buurtsite: for when it is deleted."""
    shutil.rmtree(_schema_dir(schema_name), ignore_errors=True)
