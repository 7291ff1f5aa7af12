"""The social map's fixtures: city-wide entries in the public schema, local ones per buurtsite.

Nijmegen-Oost is served by "Stichting Sterker Sociaal Werk" (debts, loneliness, a language
café), Lindenholt by "Mantelzorg Lindenholt". Organisations' factories switch to the public
schema; `city` switches back to whatever schema the test was in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection

from organisations.models import Need, Organisation, Professional, Service, TargetGroup
from tenants.models import Buurtsite
from tests.members.factories import _media_in_a_temporary_folder, buurtverbinder, resident
from tests.organisations.factories import make_organisation, make_professional, make_service

__all__ = ["_media_in_a_temporary_folder", "buurtverbinder", "resident"]


@dataclass
class City:
    oost_org: Organisation
    lindenholt_org: Organisation
    debts: Service
    loneliness: Service
    language: Service
    carers: Service
    professional: Professional
    lindenholt_professional: Professional


@pytest.fixture
def city(oost: Buurtsite, lindenholt: Buurtsite) -> Iterator[City]:
    tenant = connection.tenant
    oost_org = make_organisation(
        name="Stichting Sterker Sociaal Werk",
        buurtsites=[oost],
        phone="024 123 45 67",
        email="info@sterker.example.nl",
    )
    lindenholt_org = make_organisation(name="Mantelzorg Lindenholt", buurtsites=[lindenholt])
    location = oost_org.locations.create(
        name="Wijkcentrum De Brug",
        street_address="Berg en Dalseweg 12",
        postal_code="6522 BC",
        city="Nijmegen",
        latitude=Decimal("51.842600"),
        longitude=Decimal("5.872300"),
    )
    city = City(
        oost_org=oost_org,
        lindenholt_org=lindenholt_org,
        debts=make_service(
            oost_org,
            name="Schuldhulpverlening",
            description="Samen brengen we je geldzaken op orde, zonder oordeel.",
            categories=[Need.MONEY],
            target_groups=[TargetGroup.EVERYONE],
            how_to_apply="Bel ons of loop binnen op dinsdagochtend.",
            phone="024 123 45 67",
            locations=[location],
        ),
        loneliness=make_service(
            oost_org,
            name="Eenzaamheid doorbreken",
            description="Een maatje voor een wandeling of een kop koffie.",
            categories=[Need.LONELINESS],
            target_groups=[TargetGroup.OLDER_PEOPLE],
        ),
        language=make_service(
            oost_org,
            name="Taalcafé",
            description="Nederlands oefenen in een gezellige sfeer.",
            categories=[Need.LANGUAGE],
            target_groups=[TargetGroup.NEWCOMERS],
        ),
        carers=make_service(
            lindenholt_org,
            name="Steunpunt Mantelzorg",
            description="Advies en een luisterend oor voor mantelzorgers.",
            categories=[Need.CARE],
            target_groups=[TargetGroup.CARERS],
        ),
        professional=make_professional(oost_org, name="Fatima El Amrani"),
        lindenholt_professional=make_professional(lindenholt_org, name="Joost de Vries"),
    )
    connection.set_tenant(tenant)
    yield city
