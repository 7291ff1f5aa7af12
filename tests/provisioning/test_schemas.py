"""A schema made from the template is the same, object by object, as one made by migrations."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from provisioning import schemas
from provisioning.models import SchemaTemplate
from tenants.models import Buurtsite
from tests.provisioning.catalog import describe_schema


def _migrated_schema(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", schema_name=name, tenant=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def test_schema_from_template_equals_schema_from_migrations(db: None) -> None:
    _migrated_schema("door_migraties")
    schemas.create_schema_from_template("uit_sjabloon", template=schemas.current_template())

    by_migrations = describe_schema("door_migraties")
    from_template = describe_schema("uit_sjabloon")

    assert by_migrations["tables"], "the comparison must have something to compare"
    assert len(by_migrations["recorded_migrations"]) > 20
    for part in by_migrations:
        assert from_template[part] == by_migrations[part], part


def test_template_is_recorded_once_per_set_of_migrations(db: None) -> None:
    first = schemas.current_template()
    again = schemas.current_template()

    assert again.pk == first.pk
    assert SchemaTemplate.objects.count() == 1
    assert first.statements
    assert all(schemas.SCRATCH_SCHEMA not in sql for sql, _params, _many in first.statements)
    assert not schema_exists(schemas.SCRATCH_SCHEMA)


def test_template_is_recorded_anew_when_migrations_change(db: None) -> None:
    old = schemas.current_template()
    # As if the migrations on disk had changed since: the stored fingerprint no longer matches.
    SchemaTemplate.objects.filter(pk=old.pk).update(fingerprint="0" * 64)

    new = schemas.current_template()

    assert new.pk != old.pk
    assert new.fingerprint == schemas.migration_fingerprint()[0]


def test_creating_an_existing_schema_changes_nothing(db: None) -> None:
    template = schemas.current_template()
    assert schemas.create_schema_from_template("twee_keer", template=template) is True

    assert schemas.create_schema_from_template("twee_keer", template=template) is False


def test_a_failing_statement_leaves_no_schema_behind(db: None) -> None:
    template = schemas.current_template()
    broken = SchemaTemplate(
        fingerprint="broken",
        statements=[*template.statements[:5], ["CREATE TABLE kapot (", None, False]],
        migration_count=0,
        build_seconds=0,
    )

    with pytest.raises(Exception, match="syntax"):
        schemas.create_schema_from_template("half_af", template=broken)

    assert not schema_exists("half_af")


def test_system_schemas_are_never_dropped() -> None:
    for name in ["public", "pg_catalog"]:
        with pytest.raises(ValueError):
            schemas.drop_schema(name)


def test_table_list_holds_only_the_current_schema(oost: Buurtsite) -> None:
    schemas.create_schema_from_template("nog_een", template=schemas.current_template())

    with tenant_context(oost), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)

    assert "accounts_user" in tables
    assert "tenants_buurtsite" not in tables  # public's tables are not oost's
    with connection.cursor() as cursor:
        public_tables = connection.introspection.table_names(cursor)
    assert "tenants_buurtsite" in public_tables
