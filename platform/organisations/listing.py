"""Where a city-wide service is listed.

A service shows on a buurtsite when its organisation serves that buurtsite, the service is
offered on every buurtsite the organisation serves or this one was chosen for it, it is not
withdrawn and no unpaid licence hides the organisation. Working that out on every search
cost several reads per request; instead each service carries the answer in `listed_on` (the
ids of those buurtsites), beside the copies every service keeps for the list of results
(socialmap_platform.listing), so finding help is one read.

`relist` is the one place that applies the rule. Every action that changes an organisation,
a service, a location or what they serve calls it in its own transaction, so what a
buurtsite lists is never behind what was saved. `relist_everything` repairs after a bulk
load (the benchmark's, or a restore).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection

from organisations.models import Service
from socialmap_platform.listing import copy_statement

logger = logging.getLogger(__name__)

_LISTED_ON = """,
    listed_on = CASE
        WHEN service.withdrawn_at IS NOT NULL OR organisation.licence_hidden THEN '{}'::bigint[]
        ELSE ARRAY(
            SELECT served.buurtsite_id
            FROM organisations_organisation_buurtsites AS served
            WHERE served.organisation_id = organisation.id
              AND (
                  service.serves_all_buurtsites
                  OR EXISTS (
                      SELECT 1 FROM organisations_service_buurtsites AS chosen
                      WHERE chosen.service_id = service.id
                        AND chosen.buurtsite_id = served.buurtsite_id
                  )
              )
            ORDER BY served.buurtsite_id
        )
    END"""


def relist(*, organisation_ids: Iterable[int]) -> int:
    """Bring what these organisations' services list and show up to date with what is saved;
    returns how many services it looked at."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            copy_statement(Service, also_set=_LISTED_ON) + " AND organisation.id = ANY(%s)", [ids]
        )
        return int(cursor.rowcount)


def relist_everything() -> int:
    """Every service of every organisation."""
    with connection.cursor() as cursor:
        cursor.execute(copy_statement(Service, also_set=_LISTED_ON))
        count = int(cursor.rowcount)
    logger.info("Every city-wide service relisted", extra={"service_count": count})
    return count
