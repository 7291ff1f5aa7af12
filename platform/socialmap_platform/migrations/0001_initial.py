"""HSDS identifiers, the Dutch search configuration, and search indexes on city-wide services.

The configuration `public.dutch_unaccent` is Dutch stemming behind the unaccent dictionary:
"café" and "cafe" are one word, "schulden" and "schuld" too. As a text search configuration
it counts as immutable, so an index can be built on `to_tsvector('public.dutch_unaccent',
...)`. `public.socialmap_fold` is unaccent() declared immutable for the trigram index (the
unaccent dictionary it uses never changes while the database runs); its high COST tells the
planner that reading the trigram index beats calling it on every row.

The indexes on organisations' tables are built here, with the expressions of
socialmap_platform.search, because the queries that need them are the social map's.
"""

from django.db import migrations, models

from socialmap_platform.search import service_indexes

_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
        WHERE c.cfgname = 'dutch_unaccent' AND n.nspname = 'public'
    ) THEN
        CREATE TEXT SEARCH CONFIGURATION public.dutch_unaccent (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION public.dutch_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, dutch_stem;
    END IF;
END
$$;
"""
_FOLD = """
CREATE OR REPLACE FUNCTION public.socialmap_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 500
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""


def add_service_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    service = apps.get_model("organisations", "Service")
    for index in service_indexes("socialmap_city"):
        schema_editor.add_index(service, index)


def remove_service_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    service = apps.get_model("organisations", "Service")
    for index in service_indexes("socialmap_city"):
        schema_editor.remove_index(service, index)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tenants", "0002_lifecycle_and_domain_verification"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public",
                "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
                _CONFIG,
                _FOLD,
            ],
            # Every buurtsite's local search uses them too: never dropped by a rollback.
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunPython(add_service_indexes, remove_service_indexes),
        migrations.CreateModel(
            name="HsdsIdentifier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("organisation", "Organisation"), ("service", "Service"), ("location", "Location")], max_length=20, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("uuid", models.UUIDField(unique=True, verbose_name="HSDS identifier")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ],
            options={
                "verbose_name": "HSDS identifier",
                "verbose_name_plural": "HSDS identifiers",
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="one_hsds_id_per_object")],
            },
        ),
        migrations.CreateModel(
            name="HsdsImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("imported_by_name", models.CharField(blank=True, max_length=150, verbose_name="imported by")),
                ("created", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="changed")),
                ("unchanged", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                ("imported_at", models.DateTimeField(auto_now_add=True, verbose_name="imported at")),
                ("municipality", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+", to="tenants.municipality", verbose_name="municipality")),
            ],
            options={
                "verbose_name": "HSDS import",
                "verbose_name_plural": "HSDS imports",
                "ordering": ["-imported_at", "-id"],
            },
        ),
    ]
