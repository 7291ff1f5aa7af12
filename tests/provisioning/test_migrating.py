"""Migrating all buurtsites: one query finds what is pending; only those schemas are migrated.

A migration is made pending in a schema by deleting its row from that schema's django_migrations.
For `admin` (a shared app) migrating then only records it again: the router skips its operations
in a buurtsite schema. For `sessions` (a buurtsite app) it fails: the table is there already.

Most tests migrate in this process (parallel=1), inside the test's transaction. The last one
commits its data, because worker processes cannot see an open transaction, and removes it again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.signals import schema_pre_migration

from provisioning import schemas
from provisioning.migrating import (
    buurtsite_schemas,
    migrate_buurtsites,
    pending_migrations_by_schema,
)
from tenants.models import Buurtsite, Municipality

RECORDED_ONLY = ("admin", "0003_logentry_add_action_flag_choices")
FAILS_AGAIN = ("sessions", "0001_initial")
COMMITTED_SLUGS = ["migreer-a", "migreer-b", "migreer-c"]


def _forget(schema: str, migration: tuple[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', migration
        )
        assert cursor.rowcount == 1, "the migration must have been recorded to forget it"


def _recorded(schema: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id, app, name, applied FROM "{schema}".django_migrations ORDER BY id'
        )
        return cursor.fetchall()


def _statements(queries: CaptureQueriesContext) -> list[str]:
    """The queries run, without the search path django-tenants sets on every cursor."""
    return [q["sql"] for q in queries if not q["sql"].startswith("SET search_path")]


def _new_buurtsite(slug: str, *, with_schema: bool = True) -> Buurtsite:
    buurtsite = Buurtsite.objects.create(
        municipality=Municipality.objects.get(cbs_code="GM0268"),
        name=slug.title(),
        slug=slug,
        schema_name=slug.replace("-", "_"),
        status=Buurtsite.Status.ACTIVE,
    )
    if with_schema:
        schemas.create_schema_from_template(
            buurtsite.schema_name, template=schemas.current_template()
        )
    return buurtsite


@pytest.fixture
def attempted() -> Iterator[list[str]]:
    """The schemas that Django's migrate was started in, in this process."""
    started: list[str] = []

    def record(sender: object, schema_name: str, **kwargs: Any) -> None:
        started.append(schema_name)

    schema_pre_migration.connect(record)
    yield started
    schema_pre_migration.disconnect(record)


def test_nothing_pending_is_found_with_one_query_however_many_schemas(db: None) -> None:
    with CaptureQueriesContext(connection) as two_schemas:
        assert pending_migrations_by_schema() == {}
    for slug in ["extra-een", "extra-twee", "extra-drie"]:
        _new_buurtsite(slug)

    with CaptureQueriesContext(connection) as five_schemas:
        assert pending_migrations_by_schema() == {}

    # One query lists the schemas in the registry, one reads all their migration records.
    assert len(_statements(two_schemas)) == len(_statements(five_schemas)) == 2
    over_schemas = [sql for sql in _statements(five_schemas) if '"oost"."django_migrations"' in sql]
    assert len(over_schemas) == 1
    assert all(f'"{name}"."django_migrations"' in over_schemas[0] for name in buurtsite_schemas())
    assert len(buurtsite_schemas()) == 5


def test_nothing_pending_runs_no_migration(db: None, attempted: list[str]) -> None:
    with CaptureQueriesContext(connection) as queries:
        report = migrate_buurtsites(parallel=1)

    assert report.checked == 2
    assert report.pending == {} and report.migrated == [] and report.failed == {}
    assert attempted == []
    assert len(_statements(queries)) == 2


def test_only_the_schema_with_a_pending_migration_is_migrated(
    db: None, attempted: list[str]
) -> None:
    _forget("oost", RECORDED_ONLY)
    lindenholt_before = _recorded("lindenholt")

    assert pending_migrations_by_schema() == {"oost": [RECORDED_ONLY]}
    report = migrate_buurtsites(parallel=1)

    assert report.migrated == ["oost"]
    assert report.failed == {}
    assert attempted == ["oost"]
    assert pending_migrations_by_schema() == {}
    assert _recorded("lindenholt") == lindenholt_before


def test_a_failing_schema_is_reported_and_the_others_still_migrate(
    db: None, attempted: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    # Schemas are migrated in name order: the failing one comes first.
    _forget("lindenholt", FAILS_AGAIN)
    _forget("oost", RECORDED_ONLY)

    with caplog.at_level(logging.INFO, logger="provisioning.migrating"):
        report = migrate_buurtsites(parallel=1)

    assert attempted == ["lindenholt", "oost"]
    assert list(report.failed) == ["lindenholt"]
    assert 'relation "django_session" already exists' in report.failed["lindenholt"]
    assert report.migrated == ["oost"]
    assert not report.succeeded
    assert pending_migrations_by_schema() == {"lindenholt": [FAILS_AGAIN]}

    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.getMessage() == "Buurtsite schema migration failed"
    assert vars(failure)["schema"] == "lindenholt"
    assert vars(failure)["sqlstate"] == "42P07"  # duplicate table


def test_only_registered_buurtsites_with_a_schema_count(db: None) -> None:
    schemas.create_schema_from_template("los_schema", template=schemas.current_template())
    _forget("los_schema", RECORDED_ONLY)
    _new_buurtsite("nog-zonder-schema", with_schema=False)

    assert set(buurtsite_schemas()) == {"oost", "lindenholt"}
    assert pending_migrations_by_schema() == {}


def test_a_buurtsite_schema_without_migration_records_lacks_every_migration(db: None) -> None:
    buurtsite = _new_buurtsite("leeg", with_schema=False)
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "leeg"')

    pending = pending_migrations_by_schema()

    assert list(pending) == [buurtsite.schema_name]
    assert RECORDED_ONLY in pending["leeg"] and FAILS_AGAIN in pending["leeg"]


def test_parallel_migration_refuses_to_run_inside_a_transaction(db: None) -> None:
    _forget("oost", RECORDED_ONLY)
    _forget("lindenholt", RECORDED_ONLY)

    with pytest.raises(RuntimeError, match="committed"):
        migrate_buurtsites(parallel=2)


def test_command_with_tenant_migrates_only_that_buurtsite(db: None) -> None:
    _forget("oost", RECORDED_ONLY)
    _forget("lindenholt", RECORDED_ONLY)
    out = StringIO()

    call_command("migrate_buurtsites", tenant="oost", parallel=1, stdout=out)

    assert pending_migrations_by_schema() == {"lindenholt": [RECORDED_ONLY]}
    assert "Migrated 1 of 1 buurtsite schema(s), 0 failed" in out.getvalue()


def test_command_says_when_nothing_is_pending(db: None) -> None:
    out = StringIO()

    call_command("migrate_buurtsites", parallel=1, stdout=out)

    assert out.getvalue().startswith("Nothing to migrate in 2 buurtsite schema(s)")


def test_command_fails_naming_the_schemas_that_failed(db: None) -> None:
    _forget("oost", FAILS_AGAIN)
    _forget("lindenholt", RECORDED_ONLY)
    err = StringIO()

    with pytest.raises(CommandError, match=r"failed in 1 buurtsite schema\(s\): oost$"):
        call_command("migrate_buurtsites", parallel=1, stdout=StringIO(), stderr=err)

    assert "oost:" in err.getvalue() and "already exists" in err.getvalue()
    assert pending_migrations_by_schema() == {"oost": [FAILS_AGAIN]}


def test_command_with_an_unknown_tenant_fails(db: None) -> None:
    with pytest.raises(CommandError, match="No buurtsite"):
        call_command("migrate_buurtsites", tenant="nergens", parallel=1)


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[Buurtsite]]:
    with django_db_blocker.unblock():
        try:
            yield [_new_buurtsite(slug) for slug in COMMITTED_SLUGS]
        finally:
            for buurtsite in Buurtsite.objects.filter(slug__in=COMMITTED_SLUGS):
                schemas.drop_schema(buurtsite.schema_name)
                buurtsite.delete()
            connection.close()


def test_schemas_migrate_in_worker_processes_and_a_failure_stops_no_other(
    committed: list[Buurtsite], attempted: list[str]
) -> None:
    failing, first, second = (buurtsite.schema_name for buurtsite in committed)
    _forget(failing, FAILS_AGAIN)
    _forget(first, RECORDED_ONLY)
    _forget(second, RECORDED_ONLY)

    report = migrate_buurtsites(parallel=2, schemas=[failing, first, second])

    assert report.checked == 3
    assert list(report.failed) == [failing], report.failed
    assert "already exists" in report.failed[failing]
    assert report.migrated == [first, second]
    assert attempted == []  # not in this process
    assert pending_migrations_by_schema() == {failing: [FAILS_AGAIN]}
