"""Fixtures shared by the whole suite. Tests talk to real PostgreSQL and Redis.

The test database gets the demo (Nijmegen with Nijmegen-Oost at oost.localhost and Lindenholt
at lindenholt.localhost, their members and an operator) once per session, committed, so that
threads outside a test's transaction (a Celery worker, a live server) see it too.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from mijnbuurtje.demo import DEMO_PASSWORD, load_demo
from tenants.models import Buurtsite
from tenants.resolution import host_map

OOST_HOST = "oost.localhost"
LINDENHOLT_HOST = "lindenholt.localhost"
PLATFORM_HOST = "localhost"
PASSWORD = DEMO_PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_demo()


@pytest.fixture(scope="session", autouse=True)
def _own_files() -> Iterator[None]:
    """This run's media and exports live in a temporary folder (see settings); remove it."""
    yield
    own = Path(settings.MEDIA_ROOT).parent
    if own.name.startswith("mijnbuurtje-test-"):  # never a folder given through MEDIA_ROOT
        shutil.rmtree(own, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _own_redis_keys() -> Iterator[None]:
    """This run's keys carry a prefix of their own (see settings); remove them afterwards."""
    yield
    client = caches["default"]._cache.get_client()  # type: ignore[attr-defined]
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    # Tenant-aware keys start with the schema name: "<schema>:<prefix>:...".
    for key in client.scan_iter(match=f"*{prefix}:*", count=1000):
        client.delete(key)


@pytest.fixture(autouse=True)
def _fresh_request_state() -> Iterator[None]:
    """Each test starts in the public schema with an empty host map."""
    host_map.forget()
    yield
    connection.set_schema_to_public()
    host_map.forget()


@pytest.fixture
def oost(db: None) -> Buurtsite:
    return Buurtsite.objects.select_related("municipality").get(slug="oost")


@pytest.fixture
def lindenholt(db: None) -> Buurtsite:
    return Buurtsite.objects.select_related("municipality").get(slug="lindenholt")


@pytest.fixture
def oost_client(db: None) -> Client:
    return Client(HTTP_HOST=OOST_HOST)


@pytest.fixture
def lindenholt_client(db: None) -> Client:
    return Client(HTTP_HOST=LINDENHOLT_HOST)


@pytest.fixture
def platform_client(db: None) -> Client:
    return Client(HTTP_HOST=PLATFORM_HOST)


@pytest.fixture
def operator(db: None) -> User:
    """The demo operator, with the second factor the operator pages ask for."""
    user = User.objects.get(email="beheer@mijnbuurtje.localhost")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def console(operator: User) -> Client:
    """The operator, signed in on the platform host (console, admin)."""
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(operator)
    return client


@pytest.fixture
def in_oost(oost: Buurtsite) -> Iterator[Buurtsite]:
    """Run the test body inside Nijmegen-Oost's schema."""
    with tenant_context(oost):
        yield oost
