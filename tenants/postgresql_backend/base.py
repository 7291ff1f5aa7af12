from __future__ import annotations

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from tenants.postgresql_backend.introspection import SingleSchemaIntrospection


class DatabaseWrapper(TenantDatabaseWrapper):
    introspection_class = SingleSchemaIntrospection
