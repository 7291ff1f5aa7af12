"""What every benchmark needs: Django set up against a database and Redis prefix of its own.

`make bench` runs each benchmark module in its own process. `bench_django(name)` creates the
database `name` on the configured server (dropping a leftover first), points the caches at a
key prefix of the same name, sets Django up, migrates the public schema, and on exit removes
the database and the keys again. Development and test data are never touched.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def median_ms(seconds: list[float]) -> float:
    import statistics

    return statistics.median(seconds) * 1000


def _configure() -> None:
    """Import path and environment as `manage.py` sets them, before Django reads settings."""
    for path in (ROOT / "platform", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mijnbuurtje.settings")
    # As `make bench` runs it: DEBUG off (WhiteNoise would look at the disk on every request).
    os.environ.setdefault("DJANGO_ENV", "test")
    # Actions log at INFO; a benchmark's output is its table.
    os.environ["LOG_LEVEL"] = "WARNING"
    # WhiteNoise warns that `collectstatic` never ran; irrelevant here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def _server_connection() -> Any:
    """An autocommit connection to the server's maintenance database, for CREATE/DROP."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _drop(name: str) -> None:
    from psycopg import sql

    with _server_connection() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def bench_django(name: str) -> Iterator[None]:
    _configure()
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = name
    settings.CACHES["default"]["KEY_PREFIX"] = name
    settings.CACHES["platform"]["KEY_PREFIX"] = f"{name}:platform"
    settings.REDIS_NAMESPACE = name

    from psycopg import sql

    _drop(name)
    with _server_connection() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate_schemas", shared=True, executor="standard", verbosity=0)
        yield
    finally:
        from django.core.cache import caches
        from django.db import connections

        if "django.contrib.contenttypes" in settings.INSTALLED_APPS:
            client = caches["platform"]._cache.get_client()
            for key in client.scan_iter(match=f"*{name}*", count=1000):
                client.delete(key)
        connections.close_all()
        _drop(name)
