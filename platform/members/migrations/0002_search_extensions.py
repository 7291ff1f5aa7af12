"""unaccent and pg_trgm for the member directory ("jose" finds "José", typos in a skill).

Extensions belong to the whole database and live in one schema. Created in public, they are
found from every buurtsite, whose search_path is "<schema>, public". Both are trusted
extensions (PostgreSQL 13+): the database owner may create them without being a superuser.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public",
                "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
            ],
            # Other buurtsites use them too: never dropped by one schema's rollback.
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
