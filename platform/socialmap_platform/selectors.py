"""Reads for the HSDS exchange: a municipality's city-wide entries as HSDS 3.0 documents.

Every read takes a fixed number of queries, whatever the number of entries: the objects, their
places and buurtsites are fetched in bulk, and the identifiers of one kind in one query.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from organisations.models import Location, Organisation, Service
from socialmap_platform import hsds
from socialmap_platform.models import HsdsIdentifier, HsdsImport, HsdsKind
from tenants.models import Buurtsite, Municipality

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def municipality_by_code(code: str) -> Municipality | None:
    return Municipality.objects.filter(cbs_code=code.upper()).first()


def _organisations(municipality: Municipality) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.order_by("name", "pk")),
            Prefetch("buurtsites", queryset=Buurtsite.objects.order_by("name", "pk")),
        )
        .order_by("name", "pk")
    )


def _services(municipality: Municipality) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation__municipality=municipality)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.only("pk", "organisation_id")),
            Prefetch("buurtsites", queryset=Buurtsite.objects.only("pk")),
            Prefetch(
                "organisation__buurtsites",
                queryset=Buurtsite.objects.order_by("name", "pk"),
            ),
        )
        .order_by("name", "pk")
    )


def _identities(organisations: list[Organisation], services: list[Service]) -> hsds.Identities:
    location_ids = [loc.pk for org in organisations for loc in org.locations.all()]
    location_ids += [loc.pk for service in services for loc in service.locations.all()]
    return hsds.Identities.load(
        {
            HsdsKind.ORGANISATION: [o.pk for o in organisations]
            + [s.organisation_id for s in services],
            HsdsKind.LOCATION: location_ids,
            HsdsKind.SERVICE: [s.pk for s in services],
        }
    )


def _service_documents(
    services: list[Service], identities: hsds.Identities
) -> list[dict[str, Any]]:
    served = {s.organisation_id: list(s.organisation.buurtsites.all()) for s in services}
    shown = hsds.services_shown_on(services, served)
    return [
        hsds.service_document(
            service,
            identities,
            location_ids=[loc.pk for loc in service.locations.all()],
            buurtsites=shown[service.pk],
        )
        for service in services
    ]


def _organisation_documents(
    organisations: list[Organisation], identities: hsds.Identities
) -> list[dict[str, Any]]:
    return [
        hsds.organisation_document(org, identities, list(org.locations.all()))
        for org in organisations
    ]


def export_municipality(municipality: Municipality) -> dict[str, Any]:
    """The whole exchange file of a municipality (see socialmap_platform.hsds)."""
    organisations = list(_organisations(municipality))
    services = list(_services(municipality))
    identities = _identities(organisations, services)
    return {
        "hsds_version": hsds.HSDS_VERSION,
        "municipality": hsds.municipality_header(municipality),
        "organizations": _organisation_documents(organisations, identities),
        "services": _service_documents(services, identities),
    }


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


def page_of(documents_total: int, paging: Paging, contents: list[dict[str, Any]]) -> dict[str, Any]:
    """An HSDS API page: the counts, which page this is, and its contents."""
    total_pages = max(1, -(-documents_total // paging.per_page))
    return {
        "total_items": documents_total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _window(paging: Paging) -> slice:
    start = (paging.page - 1) * paging.per_page
    return slice(start, start + paging.per_page)


def services_page(municipality: Municipality, paging: Paging) -> dict[str, Any]:
    """Services that are listed (not withdrawn), as the HSDS API's /services pages them."""
    listed = _services(municipality).filter(withdrawn_at__isnull=True)
    total = listed.count()
    services = list(listed[_window(paging)])
    identities = _identities([], services)
    return page_of(total, paging, _service_documents(services, identities))


def organisations_page(municipality: Municipality, paging: Paging) -> dict[str, Any]:
    organisations_qs = _organisations(municipality)
    total = organisations_qs.count()
    organisations = list(organisations_qs[_window(paging)])
    identities = _identities(organisations, [])
    return page_of(total, paging, _organisation_documents(organisations, identities))


def _object_for(kind: str, identifier: str, candidates: QuerySet[Any]) -> Any:
    """The object of `candidates` named by `identifier` (a kept or a derived UUID)."""
    try:
        wanted = uuid.UUID(identifier)
    except ValueError:
        return None
    kept = HsdsIdentifier.objects.filter(kind=kind, uuid=wanted).values_list("object_id", flat=True)
    found = candidates.filter(pk__in=list(kept)).first()
    if found is not None:
        return found
    # A derived UUID cannot be turned back into an id: compare with the candidates' own.
    for pk in candidates.values_list("pk", flat=True):
        if hsds.derived_uuid(kind, pk) == wanted:
            return candidates.filter(pk=pk).first()
    return None


def service_detail(municipality: Municipality, identifier: str) -> dict[str, Any] | None:
    """One service with its organisation and its locations embedded (HSDS /services/{id})."""
    service = _object_for(HsdsKind.SERVICE, identifier, _services(municipality))
    if service is None:
        return None
    identities = _identities([service.organisation], [service])
    [document] = _service_documents([service], identities)
    organisation = _organisations(municipality).get(pk=service.organisation_id)
    organisation_document = hsds.organisation_document(
        organisation, identities, list(organisation.locations.all())
    )
    locations = {loc["id"]: loc for loc in organisation_document.pop("locations")}
    document["organization"] = organisation_document
    for at in document["service_at_locations"]:
        if at["location_id"] in locations:
            at["location"] = locations[at["location_id"]]
    return document


def organisation_detail(municipality: Municipality, identifier: str) -> dict[str, Any] | None:
    organisation = _object_for(HsdsKind.ORGANISATION, identifier, _organisations(municipality))
    if organisation is None:
        return None
    identities = _identities([organisation], [])
    return hsds.organisation_document(organisation, identities, list(organisation.locations.all()))


def recent_imports(municipality: Municipality | None = None) -> QuerySet[HsdsImport]:
    imports = HsdsImport.objects.select_related("municipality")
    if municipality is not None:
        imports = imports.filter(municipality=municipality)
    return imports.order_by("-imported_at", "-id")
