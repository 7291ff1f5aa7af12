"""Open Referral HSDS 3.0: city-wide organisations, services and locations as HSDS JSON.

The exchange file of a municipality is one JSON object:

    {"hsds_version": "3.0",
     "municipality": {"code": "GM0268", "name": "Nijmegen"},
     "organizations": [<HSDS organization, with its locations>],
     "services": [<HSDS service, with service_at_locations, service_areas, attributes>]}

Every object is valid against the HSDS 3.0 schema of its kind (vendored in hsds_schema/).
Mijnbuurtje's own facts travel in HSDS fields: the categories of need and target groups as
`attributes` (link_type "need" / "target_group", value = our code), the buurtsites a service
shows on as `service_areas` (name = the buurtsite's name, uri = its slug), the KvK number as an
`organization_identifiers` entry.

Identifiers are UUIDs that survive a round trip: an object imported from a file keeps the
file's UUID (socialmap_platform.models.HsdsIdentifier); any other object is named by a UUID
derived from its id, the same on every export.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from organisations.models import Location, Need, Organisation, Service, TargetGroup
from socialmap_platform.models import HsdsIdentifier, HsdsKind
from tenants.models import Buurtsite, Municipality

HSDS_VERSION = "3.0"
SCHEMA_DIR = Path(__file__).with_name("hsds_schema")
# Fixed forever: derived identifiers must be the same on every export.
NAMESPACE = uuid.UUID("5f0c8a52-8d0e-4a5e-9f57-3c1d2b6e7a41")
KVK_SCHEME = "NL-KVK"
NEED = "need"
TARGET_GROUP = "target_group"
STATUS_ACTIVE = "active"
STATUS_INACTIVE = "inactive"


def derived_uuid(kind: str, pk: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{pk}")


def part_uuid(owner: uuid.UUID, part: str) -> uuid.UUID:
    """The identifier of a part of an object (its phone, an attribute): stable as the owner."""
    return uuid.uuid5(owner, part)


# Schemas ------------------------------------------------------------------------------------


def _retrieve(uri: str) -> Resource[Any]:
    """A vendored HSDS schema; any HSDS object we do not exchange validates as anything."""
    path = SCHEMA_DIR / uri
    if path.parent == SCHEMA_DIR and path.is_file():
        return Resource.from_contents(json.loads(path.read_text("utf-8")), DRAFT202012)
    return Resource.from_contents({}, DRAFT202012)


@cache
def validator(kind: str) -> Draft202012Validator:
    """A validator for "organization.json", "service.json", ... with format checks on."""
    schema = json.loads((SCHEMA_DIR / kind).read_text("utf-8"))
    return Draft202012Validator(
        schema,
        registry=Registry(retrieve=_retrieve),  # type: ignore[call-arg]
        format_checker=FormatChecker(),
    )


# Export -------------------------------------------------------------------------------------


@dataclass
class Identities:
    """Which UUID names which object, for one municipality's export or import."""

    by_object: dict[tuple[str, int], uuid.UUID] = field(default_factory=dict)

    @classmethod
    def load(cls, kinds_and_ids: dict[str, list[int]]) -> Identities:
        identities = cls()
        for kind, ids in kinds_and_ids.items():
            rows = HsdsIdentifier.objects.filter(kind=kind, object_id__in=ids)
            for row in rows.only("kind", "object_id", "uuid"):
                identities.by_object[row.kind, row.object_id] = row.uuid
        return identities

    def of(self, kind: str, pk: int) -> uuid.UUID:
        return self.by_object.get((kind, pk)) or derived_uuid(kind, pk)


def _text(value: str) -> str:
    return value or ""


def organisation_document(
    organisation: Organisation, identities: Identities, locations: list[Location]
) -> dict[str, Any]:
    own = identities.of(HsdsKind.ORGANISATION, organisation.pk)
    document: dict[str, Any] = {
        "id": str(own),
        "name": organisation.name,
        "description": _text(organisation.description),
    }
    if organisation.email:
        document["email"] = organisation.email
    if organisation.website:
        document["website"] = organisation.website
    if organisation.phone:
        document["phones"] = [
            {
                "id": str(part_uuid(own, "phone")),
                "organization_id": str(own),
                "number": organisation.phone,
            }
        ]
    if organisation.kvk_number:
        document["organization_identifiers"] = [
            {
                "id": str(part_uuid(own, "kvk")),
                "organization_id": str(own),
                "identifier_scheme": KVK_SCHEME,
                "identifier_type": "KvK",
                "identifier": organisation.kvk_number,
            }
        ]
    document["locations"] = [
        location_document(location, identities, organisation_uuid=own) for location in locations
    ]
    return document


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def location_document(
    location: Location, identities: Identities, *, organisation_uuid: uuid.UUID
) -> dict[str, Any]:
    own = identities.of(HsdsKind.LOCATION, location.pk)
    document: dict[str, Any] = {
        "id": str(own),
        "location_type": "physical",
        "organization_id": str(organisation_uuid),
        "name": location.name,
    }
    if location.accessibility:
        document["description"] = location.accessibility
    if location.latitude is not None and location.longitude is not None:
        document["latitude"] = _number(location.latitude)
        document["longitude"] = _number(location.longitude)
    if location.street_address or location.city or location.postal_code:
        document["addresses"] = [
            {
                "id": str(part_uuid(own, "address")),
                "location_id": str(own),
                "address_1": location.street_address,
                "city": location.city,
                "state_province": "",
                "postal_code": location.postal_code,
                "country": "NL",
                "address_type": "physical",
            }
        ]
    return document


def service_document(
    service: Service,
    identities: Identities,
    *,
    location_ids: list[int],
    buurtsites: list[Buurtsite],
) -> dict[str, Any]:
    own = identities.of(HsdsKind.SERVICE, service.pk)
    document: dict[str, Any] = {
        "id": str(own),
        "organization_id": str(identities.of(HsdsKind.ORGANISATION, service.organisation_id)),
        "name": service.name,
        "description": _text(service.description),
        "status": STATUS_INACTIVE if service.withdrawn_at else STATUS_ACTIVE,
        "fees_description": _text(service.costs),
        "application_process": _text(service.how_to_apply),
        "assured_date": service.confirmed_at.date().isoformat(),
    }
    if service.web_page:
        document["url"] = service.web_page
    if service.email:
        document["email"] = service.email
    if service.phone:
        document["phones"] = [
            {"id": str(part_uuid(own, "phone")), "service_id": str(own), "number": service.phone}
        ]
    with translation.override("nl"):
        attributes = [
            _attribute(own, NEED, code, str(Need(code).label))
            for code in service.categories
            if code in Need
        ] + [
            _attribute(own, TARGET_GROUP, code, str(TargetGroup(code).label))
            for code in service.target_groups
            if code in TargetGroup
        ]
    document["attributes"] = attributes
    document["service_at_locations"] = [
        {
            "id": str(part_uuid(own, f"at:{identities.of(HsdsKind.LOCATION, pk)}")),
            "service_id": str(own),
            "location_id": str(identities.of(HsdsKind.LOCATION, pk)),
        }
        for pk in location_ids
    ]
    document["service_areas"] = [
        {
            "id": str(part_uuid(own, f"area:{buurtsite.slug}")),
            "service_id": str(own),
            "name": buurtsite.name,
            "uri": buurtsite.slug,
            "extent_type": "text",
        }
        for buurtsite in buurtsites
    ]
    return document


def _attribute(owner: uuid.UUID, link_type: str, code: str, label: str) -> dict[str, Any]:
    return {
        "id": str(part_uuid(owner, f"{link_type}:{code}")),
        "link_id": str(owner),
        "link_type": link_type,
        "link_entity": "service",
        "value": code,
        "label": label,
    }


def services_shown_on(
    services: list[Service], served: dict[int, list[Buurtsite]]
) -> dict[int, list[Buurtsite]]:
    """For each service, the buurtsites it shows on: all its organisation serves, or the
    chosen ones among them."""
    shown: dict[int, list[Buurtsite]] = {}
    for service in services:
        serving = served.get(service.organisation_id, [])
        if service.serves_all_buurtsites:
            shown[service.pk] = serving
        else:
            chosen = {buurtsite.pk for buurtsite in service.buurtsites.all()}
            shown[service.pk] = [buurtsite for buurtsite in serving if buurtsite.pk in chosen]
    return shown


def municipality_header(municipality: Municipality) -> dict[str, str]:
    return {"code": municipality.cbs_code, "name": municipality.name}
