"""The database connection as django-tenants extends it, typed."""

from __future__ import annotations

from typing import cast

from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper


def tenant_connection() -> DatabaseWrapper:
    """The default connection, which knows its schema (`schema_name`, `set_tenant`, ...)."""
    return cast(DatabaseWrapper, connection)
