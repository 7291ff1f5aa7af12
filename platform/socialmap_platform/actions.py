"""Importing a municipality's HSDS 3.0 file of city-wide organisations, services, locations.

All or nothing: the file is parsed, validated against the HSDS schemas, its references are
checked, and only then is anything written, in one transaction that model validation can
still roll back. Importing the same file twice changes nothing: objects are found by their
HSDS identifier and only written when a value differs.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import listing
from organisations.models import Location, Need, Organisation, Service, TargetGroup
from socialmap_platform import hsds
from socialmap_platform.models import HsdsIdentifier, HsdsImport, HsdsKind
from socialmap_platform.problems import HsdsImportError, Problem, line_of, pointer
from tenants.models import Buurtsite, Municipality

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
_COORDINATE = Decimal("0.000001")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class _Plan:
    """What the file holds, checked, ready to be written."""

    text: str
    organisations: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    services: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # uuid of a location in the file -> (organisation uuid, pointer, document)
    locations: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)


def parse(raw: bytes | str) -> tuple[str, Any]:
    """The text and its JSON; a problem with the line number when it is not JSON."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            raise HsdsImportError([Problem("", _("The file is larger than 20 MB."))])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise HsdsImportError([Problem("", _("The file is not UTF-8 text."))]) from None
    else:
        text = raw
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as error:
        reason = _("This is not valid JSON (%(reason)s, column %(column)s).") % {
            "reason": error.msg,
            "column": error.colno,
        }
        raise HsdsImportError([Problem("", reason, line=error.lineno)]) from None


def _problem(plan: _Plan, path: list[str | int], reason: str) -> Problem:
    return Problem(pointer(path), reason, line=line_of(plan.text, path))


def _check_schema(plan: _Plan, document: Any) -> list[Problem]:
    if not isinstance(document, dict):
        return [_problem(plan, [], _("The file must hold one JSON object."))]
    problems = []
    for key in ("organizations", "services"):
        if not isinstance(document.get(key, []), list):
            problems.append(_problem(plan, [key], _("This must be a list.")))
    if problems:
        return problems
    for key, schema in (("organizations", "organization.json"), ("services", "service.json")):
        for index, item in enumerate(document.get(key, [])):
            errors = sorted(
                hsds.validator(schema).iter_errors(item), key=lambda error: list(error.path)
            )
            for error in errors:
                path: list[str | int] = [key, index, *error.absolute_path]
                problems.append(
                    _problem(
                        plan, path, _("Not valid HSDS 3.0: %(reason)s") % {"reason": error.message}
                    )
                )
            if not errors:
                (plan.organisations if key == "organizations" else plan.services).append(
                    (index, item)
                )
    return problems


def _known(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """The municipality's objects by every UUID that names them."""
    organisations = {o.pk: o for o in Organisation.objects.filter(municipality=municipality)}
    locations = {
        loc.pk: loc for loc in Location.objects.filter(organisation__in=list(organisations))
    }
    services = {s.pk: s for s in Service.objects.filter(organisation__in=list(organisations))}
    known: dict[str, dict[str, Any]] = {}
    for kind, objects in (
        (HsdsKind.ORGANISATION, organisations),
        (HsdsKind.LOCATION, locations),
        (HsdsKind.SERVICE, services),
    ):
        by_uuid = {str(hsds.derived_uuid(kind, pk)): obj for pk, obj in objects.items()}
        for row in HsdsIdentifier.objects.filter(kind=kind, object_id__in=list(objects)):
            by_uuid[str(row.uuid)] = objects[row.object_id]
        known[kind] = by_uuid
    return known


def _check_references(
    plan: _Plan, municipality: Municipality, known: dict[str, dict[str, Any]]
) -> list[Problem]:
    problems: list[Problem] = []
    taken_elsewhere = set(
        str(value)
        for value in HsdsIdentifier.objects.exclude(
            uuid__in=[uuid.UUID(key) for kind in known.values() for key in kind]
        )
        .filter(uuid__in=_all_ids(plan))
        .values_list("uuid", flat=True)
    )
    seen: set[str] = set()

    def claim(path: list[str | int], identifier: str) -> None:
        if identifier in seen:
            problems.append(_problem(plan, path, _("This id is used twice in the file.")))
        elif identifier in taken_elsewhere:
            problems.append(
                _problem(plan, path, _("This id belongs to an entry of another municipality."))
            )
        seen.add(identifier)

    file_organisations = set()
    for index, organisation in plan.organisations:
        claim(["organizations", index, "id"], organisation["id"])
        file_organisations.add(organisation["id"])
        for position, location in enumerate(organisation.get("locations", [])):
            path: list[str | int] = ["organizations", index, "locations", position]
            claim([*path, "id"], location["id"])
            existing = known[HsdsKind.LOCATION].get(location["id"])
            owner = known[HsdsKind.ORGANISATION].get(organisation["id"])
            if existing is not None and (owner is None or existing.organisation_id != owner.pk):
                problems.append(
                    _problem(plan, [*path, "id"], _("This place belongs to another organisation."))
                )
            plan.locations[location["id"]] = (organisation["id"], pointer(path), location)

    slugs = {b.slug: b for b in Buurtsite.objects.filter(municipality=municipality)}
    names = {b.name: b for b in slugs.values()}
    for index, service in plan.services:
        base: list[str | int] = ["services", index]
        claim([*base, "id"], service["id"])
        owner_id = service.get("organization_id", "")
        if owner_id not in file_organisations and owner_id not in known[HsdsKind.ORGANISATION]:
            problems.append(
                _problem(
                    plan,
                    [*base, "organization_id"],
                    _("Unknown organisation %(id)s: it is not in the file nor in %(place)s.")
                    % {"id": owner_id or "–", "place": municipality.name},
                )
            )
        for position, at in enumerate(service.get("service_at_locations", [])):
            location_id = at.get("location_id", "")
            in_file = plan.locations.get(location_id)
            existing = known[HsdsKind.LOCATION].get(location_id)
            owner = known[HsdsKind.ORGANISATION].get(owner_id)
            same_owner = (in_file is not None and in_file[0] == owner_id) or (
                in_file is None
                and existing is not None
                and owner is not None
                and existing.organisation_id == owner.pk
            )
            if not same_owner:
                problems.append(
                    _problem(
                        plan,
                        [*base, "service_at_locations", position, "location_id"],
                        _("Unknown place %(id)s for this organisation.")
                        % {"id": location_id or "–"},
                    )
                )
        for position, area in enumerate(service.get("service_areas", [])):
            if _buurtsite_for(area, slugs, names) is None:
                problems.append(
                    _problem(
                        plan,
                        [*base, "service_areas", position],
                        _("Unknown buurtsite %(name)s in %(place)s.")
                        % {
                            "name": area.get("uri") or area.get("name") or "–",
                            "place": municipality.name,
                        },
                    )
                )
        for position, attribute in enumerate(service.get("attributes", [])):
            link_type, value = attribute.get("link_type"), attribute.get("value")
            allowed = {hsds.NEED: Need.values, hsds.TARGET_GROUP: TargetGroup.values}.get(
                str(link_type)
            )
            if allowed is not None and value not in allowed:
                problems.append(
                    _problem(
                        plan,
                        [*base, "attributes", position, "value"],
                        _("Unknown %(kind)s: %(value)s.") % {"kind": link_type, "value": value},
                    )
                )
    return problems


def _all_ids(plan: _Plan) -> list[uuid.UUID]:
    ids = [item["id"] for _i, item in plan.organisations + plan.services]
    ids += list(plan.locations)
    return [uuid.UUID(value) for value in ids if _is_uuid(value)]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def _buurtsite_for(
    area: dict[str, Any], slugs: dict[str, Buurtsite], names: dict[str, Buurtsite]
) -> Buurtsite | None:
    return slugs.get(str(area.get("uri", ""))) or names.get(str(area.get("name", "")))


def check(municipality: Municipality, *, raw: bytes | str) -> _Plan:
    """Everything that can be checked before writing; HsdsImportError lists the problems."""
    text, document = parse(raw)
    plan = _Plan(text=text)
    problems = _check_schema(plan, document)
    if problems:
        raise HsdsImportError(problems)
    problems = _check_references(plan, municipality, _known(municipality))
    if problems:
        raise HsdsImportError(problems)
    return plan


# Writing ------------------------------------------------------------------------------------


def _first_phone(document: dict[str, Any]) -> str:
    phones = document.get("phones") or []
    return str(phones[0].get("number", "")) if phones else ""


def _coordinate(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(_COORDINATE)


def _organisation_fields(document: dict[str, Any]) -> dict[str, Any]:
    kvk = next(
        (
            str(identifier.get("identifier", ""))
            for identifier in document.get("organization_identifiers", [])
            if identifier.get("identifier_scheme") == hsds.KVK_SCHEME
            or identifier.get("identifier_type") == "KvK"
        ),
        "",
    )
    return {
        "name": document["name"],
        "description": document.get("description", ""),
        "email": document.get("email", ""),
        "website": document.get("website", ""),
        "phone": _first_phone(document),
        "kvk_number": kvk,
    }


def _location_fields(document: dict[str, Any]) -> dict[str, Any]:
    addresses = document.get("addresses") or [{}]
    address = addresses[0]
    return {
        "name": document.get("name") or address.get("address_1") or "–",
        "street_address": address.get("address_1", ""),
        "postal_code": address.get("postal_code", ""),
        "city": address.get("city", ""),
        "latitude": _coordinate(document.get("latitude")),
        "longitude": _coordinate(document.get("longitude")),
        "accessibility": document.get("description", ""),
    }


def _service_fields(document: dict[str, Any], current: Service | None) -> dict[str, Any]:
    attributes = document.get("attributes", [])
    active = document["status"] == hsds.STATUS_ACTIVE
    withdrawn_at: datetime | None = None
    if not active:
        withdrawn_at = current.withdrawn_at if current and current.withdrawn_at else timezone.now()
    return {
        "name": document["name"],
        "description": document.get("description", ""),
        "costs": document.get("fees_description", ""),
        "how_to_apply": document.get("application_process", ""),
        "web_page": document.get("url", ""),
        "email": document.get("email", ""),
        "phone": _first_phone(document),
        "categories": [a["value"] for a in attributes if a.get("link_type") == hsds.NEED],
        "target_groups": [
            a["value"] for a in attributes if a.get("link_type") == hsds.TARGET_GROUP
        ],
        "withdrawn_at": withdrawn_at,
    }


def _write(obj: models.Model, fields: dict[str, Any], where: str, problems: list[Problem]) -> str:
    """Set the fields; save when something differs. "created", "updated" or "unchanged"."""
    is_new = obj.pk is None
    changed = is_new or any(getattr(obj, name) != value for name, value in fields.items())
    if not changed:
        return "unchanged"
    for name, value in fields.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                label = "" if name == "__all__" else f"{name}: "
                problems.append(Problem(where, f"{label}{message}"))
        return "unchanged"
    obj.save()
    return "created" if is_new else "updated"


def _remember(kind: str, obj: models.Model, identifier: str) -> None:
    """Keep the file's UUID for an object it does not derive from (made by this import)."""
    if str(hsds.derived_uuid(kind, obj.pk)) != identifier:
        HsdsIdentifier.objects.get_or_create(
            kind=kind, object_id=obj.pk, defaults={"uuid": uuid.UUID(identifier)}
        )


@transaction.atomic
def import_hsds(
    municipality: Municipality, *, raw: bytes | str, acting_name: str = ""
) -> ImportResult:
    """Import a municipality's HSDS file; HsdsImportError (nothing written) when it is bad."""
    plan = check(municipality, raw=raw)
    known = _known(municipality)
    result = ImportResult()
    problems: list[Problem] = []
    slugs = {b.slug: b for b in Buurtsite.objects.filter(municipality=municipality)}
    names = {b.name: b for b in slugs.values()}

    organisations: dict[str, Organisation] = {}
    for index, document in plan.organisations:
        organisation = known[HsdsKind.ORGANISATION].get(document["id"]) or Organisation(
            municipality=municipality
        )
        outcome = _write(
            organisation,
            _organisation_fields(document),
            pointer(["organizations", index]),
            problems,
        )
        result.count(outcome)
        if organisation.pk:
            _remember(HsdsKind.ORGANISATION, organisation, document["id"])
            organisations[document["id"]] = organisation

    locations: dict[str, Location] = {}
    for identifier, (owner_id, where, document) in plan.locations.items():
        owner = organisations.get(owner_id)
        if owner is None:
            continue
        location = known[HsdsKind.LOCATION].get(identifier) or Location(organisation=owner)
        result.count(_write(location, _location_fields(document), where, problems))
        if location.pk:
            _remember(HsdsKind.LOCATION, location, identifier)
            locations[identifier] = location

    for index, document in plan.services:
        owner = organisations.get(document["organization_id"]) or known[HsdsKind.ORGANISATION].get(
            document["organization_id"]
        )
        if owner is None:
            continue
        areas = [_buurtsite_for(area, slugs, names) for area in document.get("service_areas", [])]
        chosen = {buurtsite.pk: buurtsite for buurtsite in areas if buurtsite is not None}
        served = set(owner.buurtsites.values_list("pk", flat=True))
        if set(chosen) - served:
            # The file says the service is offered there: the organisation serves it.
            owner.buurtsites.add(*[chosen[pk] for pk in set(chosen) - served])
            served |= set(chosen)
        service = known[HsdsKind.SERVICE].get(document["id"])
        is_new = service is None
        if service is None:
            service = Service(organisation=owner)
        fields = _service_fields(document, None if is_new else service)
        fields["serves_all_buurtsites"] = not chosen or set(chosen) == served
        outcome = _write(service, fields, pointer(["services", index]), problems)
        if service.pk is None:
            continue
        place_ids = sorted(
            {
                locations[at["location_id"]].pk
                if at["location_id"] in locations
                else known[HsdsKind.LOCATION][at["location_id"]].pk
                for at in document.get("service_at_locations", [])
            }
        )
        area_ids = sorted(chosen) if not fields["serves_all_buurtsites"] else []
        m2m_changed = False
        if sorted(service.locations.values_list("pk", flat=True)) != place_ids:
            service.locations.set(place_ids)
            m2m_changed = True
        if sorted(service.buurtsites.values_list("pk", flat=True)) != area_ids:
            service.buurtsites.set(area_ids)
            m2m_changed = True
        if outcome == "unchanged" and m2m_changed:
            outcome = "updated"
        result.count(outcome)
        _remember(HsdsKind.SERVICE, service, document["id"])

    if problems:
        raise HsdsImportError(problems)
    # What the buurtsites list follows what the file changed (organisations.listing).
    listing.relist(
        organisation_ids=Organisation.objects.filter(municipality=municipality).values_list(
            "pk", flat=True
        )
    )
    HsdsImport.objects.create(
        municipality=municipality,
        imported_by_name=acting_name[:150],
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    logger.info(
        "HSDS file imported",
        extra={
            "municipality_id": municipality.pk,
            "created_count": result.created,
            "updated_count": result.updated,
            "unchanged_count": result.unchanged,
        },
    )
    return result
