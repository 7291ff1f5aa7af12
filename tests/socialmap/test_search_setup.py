"""The search configuration and indexes exist where the social map's queries need them."""

from __future__ import annotations

from django.db import connection

from tenants.models import Buurtsite


def test_dutch_unaccent_stems_and_folds_accents(in_oost: Buurtsite) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('public.dutch_unaccent', %s)::text", ["Taalcafé en schulden"]
        )
        [vector] = cursor.fetchone()

    assert vector == "'schuld':3 'taalcaf':1"
