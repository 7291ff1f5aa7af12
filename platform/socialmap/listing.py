"""The copies a local service keeps for the list of search results (its organisation's name
and its places: socialmap_platform.listing). The actions in socialmap.actions that change a
local organisation, place or service call `relist_local` in their own transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from socialmap.models import LocalService
from socialmap_platform.listing import copy_statement


def relist_local(*, organisation_ids: Iterable[int] | None = None) -> int:
    """The local services of these organisations (of all of them with None); returns how
    many it looked at. Runs in the schema the connection is in: the buurtsite's own."""
    statement, params = copy_statement(LocalService), []
    if organisation_ids is not None:
        ids = sorted(set(organisation_ids))
        if not ids:
            return 0
        statement, params = statement + " AND organisation.id = ANY(%s)", [ids]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return int(cursor.rowcount)
