"""The search path is set once per schema switch (TENANT_LIMIT_SET_CALLS), and never trusted
after PostgreSQL has undone it: a query always runs in the schema the connection names."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenants.models import Buurtsite


def _schema_in_use() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return str(cursor.fetchone()[0])


def test_one_set_per_switch_not_per_query(oost: Buurtsite) -> None:
    with schema_context(oost.schema_name), CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert _schema_in_use() == oost.schema_name

    sets = [q for q in queries if q["sql"].startswith("SET search_path")]
    assert len(sets) == 1


def test_a_savepoint_rollback_does_not_leave_another_schema_in_use(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with schema_context(oost.schema_name):
        assert _schema_in_use() == oost.schema_name
        with pytest.raises(RuntimeError), transaction.atomic():
            connection.set_schema(lindenholt.schema_name)
            assert _schema_in_use() == lindenholt.schema_name
            raise RuntimeError
        # PostgreSQL undid the SET with the savepoint; the connection still names Lindenholt,
        # so the next query must set it again rather than run in Nijmegen-Oost.
        assert connection.schema_name == lindenholt.schema_name
        assert _schema_in_use() == lindenholt.schema_name
