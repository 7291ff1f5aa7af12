"""Fixtures for the theme tests: signed-in editors, files to upload, a real Celery worker."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django_tenants.utils import tenant_context
from PIL import Image

from accounts.models import User
from mijnbuurtje.celery import app
from tenants.models import Buurtsite

# The browser tests' fixtures (chromium, the server thread, axe-core), for test_browser.py.
from tests.browser.conftest import (  # noqa: F401
    assert_accessible,
    axe_source,
    browser_context_args,
    browser_type_launch_args,
    committed,
    server_port,
    site_url,
)
from tests.conftest import LINDENHOLT_HOST, OOST_HOST, PLATFORM_HOST
from themes.models import Theme, ThemeBuild
from themes.selectors import forget_live_theme

SIMPLE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
    b'<rect width="100" height="50" fill="#ffffff"/></svg>'
)


@pytest.fixture(scope="session", autouse=True)
def _own_theme_root() -> Iterator[None]:
    """THEME_ROOT is this run's own folder (see settings); remove it when the run ends."""
    yield
    shutil.rmtree(settings.THEME_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_live_themes(db: None) -> Iterator[None]:
    """A test's builds roll back with its transaction; so must the cached live themes."""
    ids = list(Buurtsite.objects.values_list("pk", flat=True))
    for buurtsite_id in ids:
        forget_live_theme(buurtsite_id)
    yield
    for buurtsite_id in ids:
        forget_live_theme(buurtsite_id)


def signed_in(host: str, buurtsite: Buurtsite | None, email: str) -> Client:
    client = Client(HTTP_HOST=host)
    if buurtsite is None:
        client.force_login(User.objects.get(email=email))
        return client
    with tenant_context(buurtsite):
        client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def own_theme_files(settings: Any, tmp_path: Any) -> None:
    """A copy of the theme files for a test that deletes some (on-commit callbacks run)."""
    copy = tmp_path / "themes"
    shutil.copytree(settings.THEME_ROOT, copy)
    settings.THEME_ROOT = copy


@pytest.fixture
def oost_editor(oost: Buurtsite) -> Client:
    """The buurtverbinder of Nijmegen-Oost, signed in on oost.localhost."""
    return signed_in(OOST_HOST, oost, "buurtverbinder@oost.localhost")


@pytest.fixture
def lindenholt_editor(lindenholt: Buurtsite) -> Client:
    return signed_in(LINDENHOLT_HOST, lindenholt, "buurtverbinder@lindenholt.localhost")


@pytest.fixture
def oost_resident(oost: Buurtsite) -> Client:
    return signed_in(OOST_HOST, oost, "bewoner@oost.localhost")


@pytest.fixture
def operator(db: None) -> Client:
    return signed_in(PLATFORM_HOST, None, "beheer@mijnbuurtje.localhost")


def image_bytes(
    size: tuple[int, int] = (400, 200),
    fmt: str = "PNG",
    mode: str = "RGB",
    colour: Any = (30, 90, 160),
    **save: Any,
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def make_upload() -> Callable[..., Any]:
    return upload


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A real Celery worker in a thread, consuming from the real Redis broker."""
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False):
            yield


@contextmanager
def themes_restored_afterwards() -> Iterator[None]:
    """For tests whose writes must commit (a worker, a browser): put the themes back after.

    The theme rows and build statuses are restored and the builds made meanwhile deleted. Files
    go to a copy of THEME_ROOT (`own_theme_files`), so the demo's files are untouched.
    """

    def snapshot() -> tuple[list[dict[str, Any]], dict[int, str]]:
        themes = list(Theme.objects.values())
        builds = dict(ThemeBuild.objects.values_list("pk", "status"))
        return themes, builds

    themes, builds = committed(snapshot)
    try:
        yield
    finally:

        def restore() -> None:
            with transaction.atomic():
                for row in themes:
                    fields = {key: value for key, value in row.items() if key != "id"}
                    Theme.objects.filter(pk=row["id"]).update(**fields)
                ThemeBuild.objects.exclude(pk__in=builds).delete()
                for pk, status in builds.items():
                    ThemeBuild.objects.filter(pk=pk).exclude(status=status).update(status=status)

        committed(restore)
        for buurtsite_id in committed(lambda: list(Buurtsite.objects.values_list("pk", flat=True))):
            forget_live_theme(buurtsite_id)
