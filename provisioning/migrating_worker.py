"""What runs in a worker process of `migrate_buurtsites`: a fresh interpreter (spawned, never
forked, so no database socket or thread state of the parent is shared).

Nothing here imports Django models at module level: the process sets Django up first.
"""

from __future__ import annotations

from typing import Any


def start(database_name: str) -> None:
    """Set Django up on the database the parent process uses (a test run's own, say)."""
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database_name
    django.setup()


def migrate(schema: str) -> Any:
    from provisioning.migrating import migrate_schema

    return migrate_schema(schema)
