"""The Dutch search configuration and the accent-folding function (textsearch.definitions).

Extensions, configurations and functions live in the public schema and serve every buurtsite;
a rollback never drops them (other apps' columns and indexes are built on them).
"""

from django.db import migrations

CONFIGURATION = """
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
        WHERE c.cfgname = 'dutch_unaccent' AND n.nspname = 'public'
    ) THEN
        CREATE TEXT SEARCH CONFIGURATION public.dutch_unaccent (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION public.dutch_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.dutch_stem;
    END IF;
END
$$;
"""

FOLD_ACCENTS = """
CREATE OR REPLACE FUNCTION public.fold_accents(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 500
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public",
                "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
                CONFIGURATION,
                FOLD_ACCENTS,
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
