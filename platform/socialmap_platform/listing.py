"""The copies a service keeps for the list of search results, for both levels alike.

A line in the list shows the service's name and description, its organisation's name and
its places; the map needs their coordinates. The service rows carry copies of the
organisation's name and of the places (`organisation_name`, `places`), so one read gives a
whole page of results, however many organisations and places it names. The copies are made
here, by one UPDATE, for city-wide services (organisations.listing) and local ones
(socialmap.listing): the actions that change an organisation, a place or a service call it.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def copy_statement(service_model: type[models.Model], *, also_set: str = "") -> str:
    """`UPDATE` of every service of `service_model` (filter by appending `AND ...`): the
    organisation's name and the places, in the order the list shows them.

    `also_set` adds assignments of the caller's own (`, listed_on = ...`). The names in the
    statement are the models' own tables and columns, never input.
    """
    meta: Any = service_model._meta
    places_field = meta.get_field("locations")
    through = places_field.remote_field.through._meta
    place_table = places_field.related_model._meta.db_table
    from_column = places_field.m2m_column_name()
    to_column = places_field.m2m_reverse_name()
    organisation_table = meta.get_field("organisation").related_model._meta.db_table
    return f"""
UPDATE {meta.db_table} AS service
SET organisation_name = organisation.name,
    places = COALESCE(
        (
            SELECT jsonb_agg(
                jsonb_build_object(
                    'name', place.name,
                    'street_address', place.street_address,
                    'latitude', place.latitude,
                    'longitude', place.longitude
                )
                ORDER BY place.name, place.id
            )
            FROM {place_table} AS place
            JOIN {through.db_table} AS offered ON offered.{to_column} = place.id
            WHERE offered.{from_column} = service.id
        ),
        '[]'::jsonb
    ){also_set}
FROM {organisation_table} AS organisation
WHERE organisation.id = service.organisation_id
"""  # noqa: S608
