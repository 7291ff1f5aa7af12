"""Buurtsite schemas made from a template rather than by running every migration.

Running Django's migrations for each new schema costs seconds, and grows with every migration
(django-tenants#617, #719). Instead we run them once, in a scratch schema, while recording every
statement that changes something (DDL, the rows migrations and post_migrate write, the
django_migrations records). A new buurtsite replays that list in one transaction with its own
schema first on the search path. The recording is rebuilt when the set of migrations changes;
tests compare a schema made this way with one made by migrations, object by object.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_exists

from provisioning.models import SchemaTemplate
from tenants.connection import tenant_connection

logger = logging.getLogger(__name__)

SCRATCH_SCHEMA = "buurtsite_template_scratch"
# Statements that only read or set session state change nothing worth replaying.
_READ_ONLY = re.compile(
    r"^\s*(SELECT|SHOW|SET|RESET|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I
)

Statement = list[Any]  # [sql, params, many]


def migration_fingerprint() -> tuple[str, int]:
    """A hash over every migration on disk (names and source), and their count.

    Every app counts, not only the buurtsite apps: a buurtsite schema records the shared apps'
    migrations as applied too (their tables live in public).
    """
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    keys = sorted(loader.disk_migrations)
    digest = hashlib.sha256()
    for app_label, name in keys:
        module = loader.disk_migrations[(app_label, name)].__module__
        source = _module_source(module)
        digest.update(f"{app_label}.{name}\n".encode())
        digest.update(source)
    return digest.hexdigest(), len(keys)


def _module_source(module_name: str) -> bytes:
    import importlib.util

    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        return b""
    with open(spec.origin, "rb") as source:
        return source.read()


def current_template() -> SchemaTemplate:
    """The template for the migrations on disk now, recorded first if it does not exist yet."""
    fingerprint, count = migration_fingerprint()
    template = SchemaTemplate.objects.filter(fingerprint=fingerprint).first()
    return template or record_template(fingerprint=fingerprint, migration_count=count)


def record_template(*, fingerprint: str, migration_count: int) -> SchemaTemplate:
    started = time.monotonic()
    statements = _statements_of_a_migrated_schema()
    template, _created = SchemaTemplate.objects.get_or_create(
        fingerprint=fingerprint,
        defaults={
            "statements": statements,
            "migration_count": migration_count,
            "build_seconds": time.monotonic() - started,
        },
    )
    logger.info(
        "Schema template recorded",
        extra={"template_id": template.pk, "statements": len(statements)},
    )
    return template


def _statements_of_a_migrated_schema() -> list[Statement]:
    recorded: list[Statement] = []
    cursor_connection = tenant_connection()
    with _scratch_schema(), cursor_connection.execute_wrapper(_recorder(recorded)):
        call_command(
            "migrate_schemas",
            schema_name=SCRATCH_SCHEMA,
            tenant=True,
            interactive=False,
            verbosity=0,
        )
    for sql, _params, _many in recorded:
        if SCRATCH_SCHEMA in sql:
            raise RuntimeError("A migration named its schema; it cannot be replayed elsewhere.")
    return recorded


def _recorder(recorded: list[Statement]) -> Callable[..., Any]:
    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if not _READ_ONLY.match(sql):
            recorded.append([sql, _jsonable(params), many])
        return result

    return record


def _jsonable(params: Any) -> Any:
    if params is None:
        return None
    if isinstance(params, dict):
        return {key: _jsonable(value) for key, value in params.items()}
    if isinstance(params, list | tuple):
        return [_jsonable(value) for value in params]
    if isinstance(params, str | int | float | bool):
        return params
    return str(params)  # datetimes and the like: PostgreSQL parses their text form


@contextmanager
def _scratch_schema() -> Iterator[None]:
    _drop_schema(SCRATCH_SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{SCRATCH_SCHEMA}"')
    try:
        yield
    finally:
        tenant_connection().set_schema_to_public()
        _drop_schema(SCRATCH_SCHEMA)


def _drop_schema(name: str) -> None:
    with connection.cursor() as cursor:
        # Inside a transaction that wrote to the schema, deferred foreign-key checks must fire
        # before its tables can go.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def create_schema_from_template(schema_name: str, *, template: SchemaTemplate) -> bool:
    """Create and fill the schema in one transaction; False when it exists already."""
    if schema_exists(schema_name):
        return False
    started = time.monotonic()
    db = tenant_connection()
    db.set_schema_to_public()
    with transaction.atomic(), db.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        # SET LOCAL ends with the transaction: nothing leaks into the pooled connection.
        cursor.execute(f'SET LOCAL search_path = "{schema_name}", public')
        for sql, params, many in template.statements:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
    db.set_schema_to_public()  # forget any cached search path of this connection
    logger.info(
        "Schema created from template",
        extra={
            "schema": schema_name,
            "template_id": template.pk,
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    return True


def drop_schema(schema_name: str) -> None:
    if schema_name == "public" or schema_name.startswith("pg_"):
        raise ValueError("Refusing to drop a system schema.")
    _drop_schema(schema_name)
