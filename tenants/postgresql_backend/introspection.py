from __future__ import annotations

from typing import Any

from django.db.backends.base.introspection import TableInfo
from django_tenants.postgresql_backend.introspection import DatabaseSchemaIntrospection


class SingleSchemaIntrospection(DatabaseSchemaIntrospection):
    def get_table_list(self, cursor: Any) -> list[TableInfo]:
        """The tables and views of the connection's current schema, found by its name."""
        cursor.execute(
            """
            SELECT
                c.relname,
                CASE
                    WHEN c.relispartition THEN 'p'
                    WHEN c.relkind IN ('m', 'v') THEN 'v'
                    ELSE 't'
                END,
                obj_description(c.oid, 'pg_class')
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v') AND n.nspname = %s
            """,
            [self.connection.schema_name],  # type: ignore[attr-defined]
        )
        return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]
