"""Local entries of the social map for the demo buurtsites: run inside the buurtsite's schema.

Idempotent: an organisation that is already there is left alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accounts.models import User
from socialmap import actions
from socialmap.models import LocalOrganisation

_LOCAL: dict[str, dict[str, Any]] = {
    "oost": {
        "organisation": {
            "name": "Repaircafé Oost",
            "description": "Vrijwilligers uit de buurt repareren je kapotte spullen, met koffie.",
        },
        "place": {
            "name": "Buurthuis De Ploeg",
            "street_address": "Bredestraat 3",
            "postal_code": "6542 SX",
            "city": "Nijmegen",
            "latitude": Decimal("51.843900"),
            "longitude": Decimal("5.878100"),
        },
        "service": {
            "name": "Samen repareren",
            "description": (
                "Elke eerste zaterdag van de maand: breng je fiets, lamp of kleding mee."
            ),
            "categories": ["eenzaamheid"],
            "target_groups": ["iedereen"],
            "costs": "Gratis, een vrijwillige bijdrage mag",
            "how_to_apply": "Loop gewoon binnen tussen 10.00 en 13.00 uur.",
        },
    },
    "lindenholt": {
        "organisation": {
            "name": "Wandelclub Lindenholt",
            "description": "Buren die samen wandelen, in je eigen tempo.",
        },
        "place": {
            "name": "Speeltuin De Kluis",
            "street_address": "Zwanenveld 9",
            "postal_code": "6538 AA",
            "city": "Nijmegen",
            "latitude": Decimal("51.833200"),
            "longitude": Decimal("5.795400"),
        },
        "service": {
            "name": "Wandelen met de buren",
            "description": "Elke dinsdagochtend een uur wandelen door de wijk, daarna koffie.",
            "categories": ["gezondheid", "eenzaamheid"],
            "target_groups": ["ouderen"],
            "costs": "Gratis",
            "how_to_apply": "Kom om 10.00 uur naar de ingang van de speeltuin.",
        },
    },
}


def load_demo_socialmap(slug: str, members: dict[str, User]) -> None:
    entry = _LOCAL.get(slug)
    connector = members.get(User.Role.BUURTVERBINDER)
    if entry is None or connector is None:
        return
    if LocalOrganisation.objects.filter(name=entry["organisation"]["name"]).exists():
        return
    organisation = actions.create_local_organisation(
        fields=entry["organisation"], acting_user=connector
    )
    place = actions.create_local_place(organisation, fields=entry["place"], acting_user=connector)
    actions.create_local_service(
        organisation, fields=entry["service"], places=[place], acting_user=connector
    )
