"""Reads of the social map's city-wide part: what a buurtsite shows, what reviewers see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import (
    Location,
    Need,
    Organisation,
    OrganisationMembership,
    Professional,
    Service,
    TargetGroup,
    Version,
    VersionSeen,
    Weekday,
)
from tenants.models import Buurtsite

# A service nobody confirmed for this long is flagged as possibly out of date.
FRESH_FOR = timedelta(days=182)
# Its organisation's admins are reminded at most once in this period.
REMINDER_PERIOD = timedelta(days=30)


def stale_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - FRESH_FOR


def is_stale(service: Service, *, now: datetime | None = None) -> bool:
    return service.withdrawn_at is None and service.confirmed_at <= stale_before(now)


def services_for_buurtsite(buurtsite: Buurtsite) -> QuerySet[Service]:
    """Listed on this buurtsite: its organisation serves it (and, if the service is limited to
    some buurtsites, this is one of them), no unpaid licence hides it, not withdrawn. Each
    service carries the answer (organisations.listing), read through its GIN index."""
    return (
        Service.objects.filter(listed_on__contains=[buurtsite.pk])
        .select_related("organisation")
        .order_by("name", "pk")
    )


def professionals_for_buurtsite(buurtsite: Buurtsite) -> QuerySet[Professional]:
    return (
        Professional.objects.filter(
            is_active=True,
            organisation__licence_hidden=False,
            organisation__in=Organisation.objects.filter(buurtsites=buurtsite),
        )
        .select_related("organisation")
        .order_by("name", "pk")
    )


def active_professionals(organisation: Organisation) -> list[Professional]:
    """Active professionals shown on at least one buurtsite: what a licence counts.

    An unpaid licence hides them, but they still count: the licence is what is owed.
    """
    if not organisation.buurtsites.exists():
        return []
    return list(organisation.professionals.filter(is_active=True).order_by("name", "pk"))


def organisations_for_user(user: Any) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )


def services_of(organisation: Organisation) -> QuerySet[Service]:
    return organisation.services.order_by("withdrawn_at", "name", "pk")


def stale_services_of(organisation: Organisation) -> QuerySet[Service]:
    return organisation.services.filter(
        withdrawn_at__isnull=True, confirmed_at__lte=stale_before()
    ).order_by("confirmed_at", "pk")


def team_of(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return organisation.memberships.select_related("user").order_by("user__email")


def open_invitations_of(organisation: Organisation) -> QuerySet[Any]:
    return organisation.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def reminders_due(*, now: datetime) -> QuerySet[Service]:
    """Services out of date whose organisation was not reminded in the last period."""
    return Service.objects.filter(
        withdrawn_at__isnull=True, confirmed_at__lte=stale_before(now)
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_PERIOD))


# Review -------------------------------------------------------------------------------------


def _for_review(versions: QuerySet[Version]) -> QuerySet[Version]:
    return versions.filter(reverted_at__isnull=True).select_related("organisation")


def changes_for_operator() -> QuerySet[Version]:
    """Changes the operator has not marked seen yet, newest first."""
    seen = VersionSeen.objects.filter(version_id=OuterRef("pk"), buurtsite__isnull=True)
    return _for_review(Version.objects.exclude(Exists(seen)))


def changes_for_buurtsite(buurtsite: Buurtsite) -> QuerySet[Version]:
    """Changes by organisations serving this buurtsite that its team has not marked seen."""
    seen = VersionSeen.objects.filter(version_id=OuterRef("pk"), buurtsite_id=buurtsite.pk)
    serving = Organisation.objects.filter(buurtsites=buurtsite)
    return _for_review(Version.objects.filter(organisation__in=serving).exclude(Exists(seen)))


def history_of(organisation: Organisation) -> QuerySet[Version]:
    return organisation.versions.all()


def is_latest_version(version: Version) -> bool:
    return not Version.objects.filter(
        kind=version.kind, object_id=version.object_id, pk__gt=version.pk
    ).exists()


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


_MODELS: dict[str, type[Any]] = {
    Version.Kind.ORGANISATION: Organisation,
    Version.Kind.SERVICE: Service,
    Version.Kind.LOCATION: Location,
    Version.Kind.PROFESSIONAL: Professional,
}
_CHOICES = {
    "target_groups": dict(TargetGroup.choices),
    "categories": dict(Need.choices),
    "contact_route": dict(Professional.ContactRoute.choices),
}


def version_diff(version: Version) -> list[FieldChange]:
    """The fields this change touched, before and after, in words a reviewer reads."""
    model = _MODELS[version.kind]
    before, after = version.previous or {}, version.snapshot
    names = _names_for(before, after)
    changes = []
    # A removal lists what was there, with nothing after it.
    for field in after or before:
        old, new = before.get(field), after.get(field)
        if old == new and version.previous is not None:
            continue
        label = str(model._meta.get_field(field).verbose_name)
        changes.append(
            FieldChange(
                label=label[:1].upper() + label[1:],
                before=_readable(field, old, names) if version.previous is not None else "",
                after=_readable(field, new, names) if after else "",
            )
        )
    return changes


def _names_for(*snapshots: dict[str, Any]) -> dict[tuple[str, int], str]:
    """Names of the buurtsites and locations a snapshot refers to, in two queries at most."""
    wanted: dict[str, set[int]] = {"buurtsites": set(), "locations": set()}
    for snapshot in snapshots:
        for field, ids in wanted.items():
            ids.update(snapshot.get(field) or [])
    names: dict[tuple[str, int], str] = {}
    if wanted["buurtsites"]:
        for pk, name in Buurtsite.objects.filter(pk__in=wanted["buurtsites"]).values_list(
            "pk", "name"
        ):
            names["buurtsites", pk] = name
    if wanted["locations"]:
        for pk, name in Location.objects.filter(pk__in=wanted["locations"]).values_list(
            "pk", "name"
        ):
            names["locations", pk] = name
    return names


def _readable(field: str, value: Any, names: dict[tuple[str, int], str]) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field in _CHOICES:
        labels = _CHOICES[field]
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(item, item)) for item in values)
    if field in {"buurtsites", "locations"}:
        return ", ".join(sorted(names.get((field, pk), f"#{pk}") for pk in value))
    if field == "opening_hours":
        return "; ".join(
            f"{Weekday(period['day']).label} {period['opens']}–{period['closes']}"
            for period in value
        )
    if field in {"photos"}:
        return _("%(count)s photo(s)") % {"count": len(value)}
    if field in {"logo", "photo"}:
        return _("a photo")
    return str(value)


def stale_services_everywhere() -> QuerySet[Service]:
    """For the operator: every listed service nobody confirmed for six months."""
    return Service.objects.filter(
        withdrawn_at__isnull=True, confirmed_at__lte=stale_before()
    ).order_by("confirmed_at", "pk")
