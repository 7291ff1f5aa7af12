"""Migrating every buurtsite: one query finds what is pending, then schemas migrate in parallel.

`migrate_schemas` runs Django's migrate command once per schema, even when nothing is pending
there; each run loads the migration graph, reads the schema's history and fires post_migrate,
so a deploy at a thousand buurtsites spends many minutes doing nothing (django-tenants#617,
#719, #1082). Here the migrations on disk are compared with what every buurtsite schema
recorded in one query, and only schemas that lack something are migrated, by a pool of worker
processes. A schema that fails is reported; the others carry on.

Every app's migrations count, shared ones too: a buurtsite schema records them as applied while
the router skips their operations (see `provisioning.schemas`).
"""

from __future__ import annotations

import logging
import multiprocessing
import time
import traceback
from collections.abc import Collection, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.postgresql_backend.base import is_valid_schema_name
from django_tenants.utils import get_public_schema_name
from psycopg import sql

from provisioning import migrating_worker
from tenants.connection import tenant_connection
from tenants.models import Buurtsite

logger = logging.getLogger(__name__)

MigrationKey = tuple[str, str]  # (app label, migration name)

# A query locks every table it reads, and their indexes, until its transaction ends, in a lock
# table that all sessions share (max_locks_per_transaction x max_connections: 6,400 by default).
# Past this many schemas the check is split into several queries rather than crowd others out.
SCHEMAS_PER_QUERY = 1000


@dataclass(frozen=True)
class SchemaOutcome:
    """What migrating one schema came to. Plain data: it travels back from a worker process."""

    schema: str
    seconds: float
    error: str | None = None
    error_type: str | None = None
    sqlstate: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None


@dataclass
class MigrationReport:
    checked: int
    pending: dict[str, list[MigrationKey]] = field(default_factory=dict)
    migrated: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def succeeded(self) -> bool:
        return not self.failed


def expected_migrations() -> list[MigrationKey]:
    """Every migration in the graph on disk, which each buurtsite schema must have recorded.

    A squashed migration stands for the ones it replaces. Django records it in a schema only
    once all of those are applied, so a schema that has them all but not yet the squash is
    reported pending; migrating it then only records the squash. Erring that way is harmless.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(loader.graph.nodes)


def buurtsite_schemas(*, only: Collection[str] | None = None) -> dict[str, bool]:
    """Schemas of registered buurtsites that exist, each with whether it has a migration table.

    A buurtsite still waiting for its schema has none yet, and schemas outside the registry
    (the template's scratch schema, a half-dropped one) are no buurtsite's business here.
    """
    public = get_public_schema_name()
    query = sql.SQL(
        "SELECT b.schema_name, c.oid IS NOT NULL FROM {registry} b "
        "JOIN pg_namespace n ON n.nspname = b.schema_name "
        "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = %s AND c.relkind = 'r' "
        "WHERE b.schema_name <> %s"
    ).format(registry=sql.Identifier(public, Buurtsite._meta.db_table))
    params: list[str | list[str]] = [MigrationRecorder.Migration._meta.db_table, public]
    if only is not None:
        query += sql.SQL(" AND b.schema_name = ANY(%s)")
        params.append(list(only))
    query += sql.SQL(" ORDER BY b.schema_name")
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(), params)
        return {schema: bool(has_table) for schema, has_table in cursor.fetchall()}


def pending_migrations_by_schema(
    *, schemas: Collection[str] | None = None
) -> dict[str, list[MigrationKey]]:
    """The migrations each buurtsite schema lacks; schemas that lack nothing are left out.

    One query over up to `SCHEMAS_PER_QUERY` schemas, after one that lists them from the
    registry. The connection then caches catalog entries of a table in every schema: call this
    from a short-lived process, or close the connection afterwards.
    """
    return _pending_in(buurtsite_schemas(only=schemas))


def _pending_in(found: dict[str, bool]) -> dict[str, list[MigrationKey]]:
    expected = expected_migrations()
    pending: dict[str, list[MigrationKey]] = {}
    if not found or not expected:
        return pending

    names = sorted(found)
    for start in range(0, len(names), SCHEMAS_PER_QUERY):
        batch = names[start : start + SCHEMAS_PER_QUERY]
        with_table = [name for name in batch if found[name]]
        query, params = _pending_query(expected, checked=batch, with_table=with_table)
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            for schema, app_label, name in cursor.fetchall():
                pending.setdefault(schema, []).append((app_label, name))
    return pending


def _pending_query(
    expected: list[MigrationKey], *, checked: list[str], with_table: list[str]
) -> tuple[str, list[str]]:
    """Every (schema, migration) pair expected, minus every pair some schema recorded.

    A schema without a migration table takes part on the expected side only, so it comes out
    with everything pending. PostgreSQL plans the recorded side as one append of small scans.
    """
    table = MigrationRecorder.Migration._meta.db_table
    params: list[str] = []

    expected_rows = sql.SQL(", ").join([sql.SQL("(%s, %s)")] * len(expected))
    for app_label, name in expected:
        params += [app_label, name]
    checked_rows = sql.SQL(", ").join([sql.SQL("(%s)")] * len(checked))
    params += checked

    query = sql.SQL(
        "WITH expected(app, name) AS (VALUES {expected_rows}), "
        "checked(schema_name) AS (VALUES {checked_rows}) "
        "SELECT checked.schema_name, expected.app, expected.name FROM checked CROSS JOIN expected"
    ).format(expected_rows=expected_rows, checked_rows=checked_rows)
    if with_table:
        recorded = sql.SQL(" UNION ALL ").join(
            sql.SQL("SELECT %s, app::text, name::text FROM {}").format(
                sql.Identifier(_valid(schema), table)
            )
            for schema in with_table
        )
        params += with_table
        query += sql.SQL(" EXCEPT ({})").format(recorded)
    query += sql.SQL(" ORDER BY 1, 2, 3")
    return query.as_string(), params


def _valid(schema: str) -> str:
    """Names come from the registry, which validates them; quoting is psycopg's. Check again."""
    if not is_valid_schema_name(schema):
        raise ValueError("Not a valid schema name.")
    return schema


def migrate_buurtsites(*, parallel: int, schemas: Collection[str] | None = None) -> MigrationReport:
    """Bring every buurtsite schema (or those named) up to the migrations on disk.

    Returns at once when nothing is pending anywhere. Otherwise the schemas that lack something
    are migrated by up to `parallel` worker processes, each with its own connection. One schema
    is migrated in this process, on this connection; so is everything when `parallel` is 1,
    which also works inside a transaction that worker processes could not see.
    """
    started = time.monotonic()
    found = buurtsite_schemas(only=schemas)
    pending = _pending_in(found)
    report = MigrationReport(checked=len(found), pending=pending)
    if not pending:
        report.seconds = time.monotonic() - started
        logger.info(
            "Buurtsite migrations checked, nothing pending",
            extra={"schemas": report.checked, "seconds": round(report.seconds, 3)},
        )
        return report

    workers = max(1, min(parallel, len(pending)))
    outcomes = (
        map(migrate_schema, sorted(pending))
        if workers == 1
        else _migrate_in_processes(sorted(pending), workers=workers)
    )
    for outcome in outcomes:  # as each schema is done: a long run shows its progress
        _log_outcome(outcome)
        if outcome.succeeded:
            report.migrated.append(outcome.schema)
        else:
            report.failed[outcome.schema] = outcome.error or ""
    report.migrated.sort()
    report.seconds = time.monotonic() - started
    logger.info(
        "Buurtsite migrations done",
        extra={
            "schemas": report.checked,
            "migrated": len(report.migrated),
            "failed": len(report.failed),
            "seconds": round(report.seconds, 3),
        },
    )
    return report


def migrate_schema(schema: str) -> SchemaOutcome:
    """Run Django's migrate in one buurtsite schema and say how it went; never raises.

    The migrate command runs each migration in a transaction of its own, so a failing one leaves
    the schema at the last migration that succeeded, and a later run picks up from there.
    """
    started = time.monotonic()
    try:
        call_command(
            "migrate_schemas",
            schema_name=schema,
            tenant=True,
            executor="standard",
            interactive=False,
            verbosity=0,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    except Exception as error:
        if not connection.in_atomic_block:  # the next schema starts afresh, whatever this left
            connection.close()
        cause = error.__cause__ or error
        return SchemaOutcome(
            schema=schema,
            seconds=time.monotonic() - started,
            error="".join(traceback.format_exception_only(error)).strip()[:2000],
            error_type=type(cause).__name__,
            sqlstate=getattr(cause, "sqlstate", None),
        )
    finally:
        tenant_connection().set_schema_to_public()
    return SchemaOutcome(schema=schema, seconds=time.monotonic() - started)


def _migrate_in_processes(schemas: list[str], *, workers: int) -> Iterator[SchemaOutcome]:
    if connection.in_atomic_block:
        raise RuntimeError(
            "Migrating in parallel needs committed data: worker processes cannot see an open "
            "transaction. Use parallel=1 inside one."
        )
    # Spawned, not forked: a forked child inherits sockets and thread state it must not use.
    context = multiprocessing.get_context("spawn")
    database = connection.settings_dict["NAME"]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=migrating_worker.start,
        initargs=(database,),
    ) as pool:
        futures = {pool.submit(migrating_worker.migrate, schema): schema for schema in schemas}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # the worker process itself died
                yield SchemaOutcome(
                    schema=futures[future],
                    seconds=0.0,
                    error=f"{type(error).__name__}: {error}",
                    error_type=type(error).__name__,
                )


def _log_outcome(outcome: SchemaOutcome) -> None:
    if outcome.succeeded:
        logger.info(
            "Buurtsite schema migrated",
            extra={"schema": outcome.schema, "seconds": round(outcome.seconds, 3)},
        )
        return
    # The error text can quote row values (a unique violation names the key): it goes to the
    # report, the log gets its type and SQLSTATE.
    logger.error(
        "Buurtsite schema migration failed",
        extra={
            "schema": outcome.schema,
            "error_type": outcome.error_type,
            "sqlstate": outcome.sqlstate,
        },
    )
