"""A description of everything a schema holds, for comparing two schemas object by object."""

from __future__ import annotations

from typing import Any

from django.db import connection

_QUERIES = {
    "tables": """
        SELECT table_name, table_type FROM information_schema.tables
        WHERE table_schema = %(schema)s ORDER BY 1""",
    "columns": """
        SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length,
               numeric_precision, is_nullable, column_default, is_identity, identity_generation
        FROM information_schema.columns WHERE table_schema = %(schema)s ORDER BY 1, 3""",
    "indexes": """
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = %(schema)s ORDER BY 1, 2""",
    "constraints": """
        SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid),
               con.condeferrable, con.condeferred
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        WHERE con.connamespace = %(schema)s::regnamespace ORDER BY 1, 2""",
    "sequences": """
        SELECT sequence_name, data_type, start_value, minimum_value, maximum_value, increment
        FROM information_schema.sequences WHERE sequence_schema = %(schema)s ORDER BY 1""",
    "sequence_positions": """
        SELECT sequencename, last_value FROM pg_sequences
        WHERE schemaname = %(schema)s ORDER BY 1""",
    "triggers": """
        SELECT event_object_table, trigger_name, action_timing, event_manipulation
        FROM information_schema.triggers WHERE trigger_schema = %(schema)s ORDER BY 1, 2, 4""",
}


def describe_schema(schema: str) -> dict[str, Any]:
    description: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for name, sql in _QUERIES.items():
            cursor.execute(sql, {"schema": schema})
            description[name] = [
                tuple(_neutral(value, schema) for value in row) for row in cursor.fetchall()
            ]
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
        description["recorded_migrations"] = cursor.fetchall()
        cursor.execute(f'SELECT app_label, model FROM "{schema}".django_content_type ORDER BY 1, 2')
        description["content_types"] = cursor.fetchall()
        cursor.execute(
            f'SELECT ct.app_label, p.codename FROM "{schema}".auth_permission p '
            f'JOIN "{schema}".django_content_type ct ON ct.id = p.content_type_id ORDER BY 1, 2'
        )
        description["permissions"] = cursor.fetchall()
    return description


def _neutral(value: Any, schema: str) -> Any:
    """The schema's own name inside a definition says nothing about its shape."""
    if isinstance(value, str):
        return value.replace(f'"{schema}".', "<schema>.").replace(f"{schema}.", "<schema>.")
    return value
