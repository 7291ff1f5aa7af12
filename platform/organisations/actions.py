"""Writes of the social map's city-wide part. Each runs in one transaction.

Every change an organisation makes goes live at once and leaves a Version with the state
before and after, which the operator and the buurtverbinders of the buurtsites it serves review
(`mark_version_seen`, `revert_version`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import User
from organisations import listing, photos, selectors
from organisations.models import (
    MAX_PHOTOS,
    Location,
    MembershipRole,
    Organisation,
    OrganisationMembership,
    Professional,
    Service,
    Version,
    VersionSeen,
)
from tenants.models import Buurtsite, Municipality

logger = logging.getLogger(__name__)

Editable = TypeVar("Editable", bound=models.Model)

# What a snapshot keeps of each kind of object: everything an organisation can edit.
SNAPSHOT_FIELDS: dict[str, tuple[str, ...]] = {
    Version.Kind.ORGANISATION: (
        "name", "kvk_number", "description", "logo", "photos", "website", "email", "phone",
        "opening_hours", "opening_hours_note", "buurtsites",
    ),
    Version.Kind.SERVICE: (
        "name", "description", "target_groups", "categories", "costs", "how_to_apply",
        "photos", "web_page", "email", "phone", "withdrawn_at", "locations",
        "serves_all_buurtsites", "buurtsites",
    ),
    Version.Kind.LOCATION: (
        "name", "street_address", "postal_code", "city", "latitude", "longitude",
        "accessibility",
    ),
    Version.Kind.PROFESSIONAL: (
        "name", "title", "about", "photo", "contact_route", "email", "phone", "is_active",
    ),
}  # fmt: skip
_M2M = frozenset({"buurtsites", "locations"})


def kind_of(obj: models.Model) -> str:
    return {
        Organisation: Version.Kind.ORGANISATION,
        Service: Version.Kind.SERVICE,
        Location: Version.Kind.LOCATION,
        Professional: Version.Kind.PROFESSIONAL,
    }[type(obj)]


def snapshot_of(obj: models.Model) -> dict[str, Any]:
    """The editable state of `obj` as JSON: ids for relations, text for times and decimals."""
    snapshot: dict[str, Any] = {}
    for field in SNAPSHOT_FIELDS[kind_of(obj)]:
        if field in _M2M:
            snapshot[field] = sorted(getattr(obj, field).values_list("pk", flat=True))
            continue
        value = getattr(obj, field)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        snapshot[field] = value
    return snapshot


def _name_of(user: User | None) -> str:
    if user is None:
        return ""
    return user.display_name or user.email


def _record(
    obj: Editable,
    *,
    organisation: Organisation,
    previous: dict[str, Any] | None,
    acting_user: User | None,
    acting_name: str = "",
) -> Version | None:
    """Keep this change for review; nothing when the object did not really change."""
    snapshot = snapshot_of(obj)
    if snapshot == previous:
        return None
    version = Version.objects.create(
        organisation=organisation,
        kind=kind_of(obj),
        object_id=obj.pk,
        object_name=str(obj)[:150],
        previous=previous,
        snapshot=snapshot,
        changed_by=acting_user,
        changed_by_name=(acting_name or _name_of(acting_user))[:150],
    )
    logger.info(
        "Organisation change recorded",
        extra={"version_id": version.pk, "organisation_id": organisation.pk, "kind": version.kind},
    )
    return version


def _save(
    obj: Editable,
    *,
    organisation: Organisation,
    fields: dict[str, Any],
    acting_user: User | None,
    m2m: dict[str, Iterable[Any]] | None = None,
) -> Editable:
    previous = None
    if obj.pk:
        # The state before, from the locked row: not what the caller loaded some time ago.
        previous = snapshot_of(type(obj)._default_manager.select_for_update().get(pk=obj.pk))
    for name, value in fields.items():
        setattr(obj, name, value)
    # The model's own checks too, so bad input never reaches the database from any caller.
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    if not isinstance(obj, Professional):
        listing.relist(organisation_ids=[organisation.pk])
    _record(obj, organisation=organisation, previous=previous, acting_user=acting_user)
    return obj


# Organisations ------------------------------------------------------------------------------


@transaction.atomic
def create_organisation(
    municipality: Municipality, *, name: str, kvk_number: str, acting_user: User
) -> Organisation:
    """An operator adds a city-wide organisation; its first admin is invited separately."""
    organisation = Organisation(municipality=municipality, name=name.strip(), kvk_number=kvk_number)
    organisation.full_clean()
    organisation.save()
    logger.info(
        "Organisation created",
        extra={"organisation_id": organisation.pk, "operator_id": acting_user.pk},
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, acting_user: User, **fields: Any
) -> Organisation:
    allowed = set(SNAPSHOT_FIELDS[Version.Kind.ORGANISATION]) - _M2M - {"logo", "photos"}
    if set(fields) - allowed:
        raise TypeError(f"Not editable here: {sorted(set(fields) - allowed)}")
    return _save(organisation, organisation=organisation, fields=fields, acting_user=acting_user)


@transaction.atomic
def set_buurtsites_served(
    organisation: Organisation, *, buurtsites: Iterable[Buurtsite], acting_user: User
) -> Organisation:
    """Only buurtsites of the organisation's own municipality that are running."""
    chosen = list(buurtsites)
    for buurtsite in chosen:
        if buurtsite.municipality_id != organisation.municipality_id or not buurtsite.is_serving:
            raise ValidationError(
                _("You can only choose buurtsites in the municipality of %(municipality)s.")
                % {"municipality": organisation.municipality.name},
                code="other_municipality",
            )
    return _save(
        organisation,
        organisation=organisation,
        fields={},
        m2m={"buurtsites": chosen},
        acting_user=acting_user,
    )


@transaction.atomic
def set_licence_visibility(organisation: Organisation, *, visible: bool) -> None:
    """Billing hides an organisation's services while a licence is unpaid past its grace."""
    Organisation.objects.filter(pk=organisation.pk).update(licence_hidden=not visible)
    organisation.licence_hidden = not visible
    listing.relist(organisation_ids=[organisation.pk])
    logger.info(
        "Organisation licence visibility set",
        extra={"organisation_id": organisation.pk, "visible": visible},
    )


# Photos -------------------------------------------------------------------------------------


@transaction.atomic
def set_logo(organisation: Organisation, *, upload: UploadedFile, acting_user: User) -> None:
    name = photos.store_photo(upload, folder="logo")
    _save(organisation, organisation=organisation, fields={"logo": name}, acting_user=acting_user)


@transaction.atomic
def add_photo(obj: Organisation | Service, *, upload: UploadedFile, acting_user: User) -> None:
    if len(obj.photos) >= MAX_PHOTOS:
        raise ValidationError(
            _("You can add at most %(count)s photos. Remove one first.") % {"count": MAX_PHOTOS},
            code="too_many_photos",
        )
    name = photos.store_photo(upload, folder="foto")
    organisation = obj if isinstance(obj, Organisation) else obj.organisation
    _save(obj, organisation=organisation, fields={"photos": [*obj.photos, name]},
          acting_user=acting_user)  # fmt: skip


@transaction.atomic
def remove_photo(obj: Organisation | Service, *, name: str, acting_user: User) -> None:
    """The file stays: an earlier version may still show it after a revert."""
    if name not in obj.photos:
        raise ValidationError(_("This photo is not there any more."), code="no_photo")
    organisation = obj if isinstance(obj, Organisation) else obj.organisation
    remaining = [photo for photo in obj.photos if photo != name]
    _save(obj, organisation=organisation, fields={"photos": remaining}, acting_user=acting_user)


@transaction.atomic
def set_professional_photo(
    professional: Professional, *, upload: UploadedFile, acting_user: User
) -> None:
    name = photos.store_photo(upload, folder="professional")
    _save(
        professional,
        organisation=professional.organisation,
        fields={"photo": name},
        acting_user=acting_user,
    )


# Services -----------------------------------------------------------------------------------


def _check_service_places(
    organisation: Organisation, *, locations: list[Location], buurtsites: list[Buurtsite]
) -> None:
    if any(location.organisation_id != organisation.pk for location in locations):
        raise ValidationError(_("Choose only your own locations."), code="other_location")
    served = set(organisation.buurtsites.values_list("pk", flat=True))
    if any(buurtsite.pk not in served for buurtsite in buurtsites):
        raise ValidationError(
            _("Choose only buurtsites your organisation serves."), code="not_served"
        )


@transaction.atomic
def save_service(
    organisation: Organisation,
    *,
    service: Service | None = None,
    acting_user: User,
    locations: Iterable[Location] = (),
    buurtsites: Iterable[Buurtsite] = (),
    **fields: Any,
) -> Service:
    """Create or change a service. A change by the organisation also confirms it."""
    allowed = set(SNAPSHOT_FIELDS[Version.Kind.SERVICE]) - _M2M - {"photos", "withdrawn_at"}
    if set(fields) - allowed:
        raise TypeError(f"Not editable here: {sorted(set(fields) - allowed)}")
    chosen_locations, chosen_buurtsites = list(locations), list(buurtsites)
    _check_service_places(organisation, locations=chosen_locations, buurtsites=chosen_buurtsites)
    if service is None:
        service = Service(organisation=organisation)
    fields = {**fields, "confirmed_at": timezone.now(), "reminded_at": None}
    return _save(
        service,
        organisation=organisation,
        fields=fields,
        m2m={"locations": chosen_locations, "buurtsites": chosen_buurtsites},
        acting_user=acting_user,
    )


@transaction.atomic
def confirm_service(service: Service, *, acting_user: User) -> Service:
    """ "Still correct": the organisation looked and nothing needs changing."""
    service.confirmed_at = timezone.now()
    service.reminded_at = None
    service.save(update_fields=["confirmed_at", "reminded_at"])
    logger.info("Service confirmed", extra={"service_id": service.pk, "user_id": acting_user.pk})
    return service


@transaction.atomic
def withdraw_service(service: Service, *, acting_user: User) -> Service:
    return _save(
        service,
        organisation=service.organisation,
        fields={"withdrawn_at": timezone.now()},
        acting_user=acting_user,
    )


@transaction.atomic
def restore_service(service: Service, *, acting_user: User) -> Service:
    return _save(
        service,
        organisation=service.organisation,
        fields={"withdrawn_at": None, "confirmed_at": timezone.now()},
        acting_user=acting_user,
    )


# Locations and professionals ----------------------------------------------------------------


@transaction.atomic
def save_location(
    organisation: Organisation,
    *,
    location: Location | None = None,
    acting_user: User,
    **fields: Any,
) -> Location:
    if set(fields) - set(SNAPSHOT_FIELDS[Version.Kind.LOCATION]):
        raise TypeError("Not editable here")
    if location is None:
        location = Location(organisation=organisation)
    return _save(location, organisation=organisation, fields=fields, acting_user=acting_user)


@transaction.atomic
def remove_location(location: Location, *, acting_user: User) -> None:
    """Remove a place that is no longer used. Services offered there lose it; the change is
    listed for review with the place as it was (a removal cannot be reverted)."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    previous = snapshot_of(location)
    Version.objects.create(
        organisation=location.organisation,
        kind=Version.Kind.LOCATION,
        object_id=location.pk,
        object_name=str(location)[:150],
        previous=previous,
        snapshot={},
        changed_by=acting_user,
        changed_by_name=_name_of(acting_user)[:150],
    )
    location_id = location.pk
    location.delete()
    listing.relist(organisation_ids=[location.organisation_id])
    logger.info(
        "Location removed",
        extra={"location_id": location_id, "organisation_id": location.organisation_id},
    )


@transaction.atomic
def save_professional(
    organisation: Organisation,
    *,
    professional: Professional | None = None,
    acting_user: User,
    **fields: Any,
) -> Professional:
    if set(fields) - (set(SNAPSHOT_FIELDS[Version.Kind.PROFESSIONAL]) - {"photo"}):
        raise TypeError("Not editable here")
    if professional is None:
        professional = Professional(organisation=organisation)
    return _save(professional, organisation=organisation, fields=fields, acting_user=acting_user)


# Team ---------------------------------------------------------------------------------------


@transaction.atomic
def add_member(organisation: Organisation, *, user: User, role: str) -> OrganisationMembership:
    membership, created = OrganisationMembership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if created:
        logger.info(
            "Organisation member added",
            extra={"organisation_id": organisation.pk, "user_id": user.pk, "role": role},
        )
    return membership


@transaction.atomic
def remove_member(membership: OrganisationMembership, *, acting_user: User) -> None:
    """An admin removes a colleague; the last admin cannot leave the team without one."""
    locked = OrganisationMembership.objects.select_for_update().filter(
        organisation_id=membership.organisation_id
    )
    admins = [m for m in locked if m.role == MembershipRole.ADMIN]
    if membership.role == MembershipRole.ADMIN and len(admins) <= 1:
        raise ValidationError(
            _("Your organisation needs at least one administrator."), code="last_admin"
        )
    membership.delete()
    logger.info(
        "Organisation member removed",
        extra={"organisation_id": membership.organisation_id, "user_id": acting_user.pk},
    )


# Review -------------------------------------------------------------------------------------


@transaction.atomic
def mark_version_seen(
    version: Version, *, buurtsite: Buurtsite | None, reviewer_name: str
) -> VersionSeen:
    """A reviewer looked at a change: the operator (buurtsite None) or a buurtsite's team."""
    seen, _created = VersionSeen.objects.get_or_create(
        version=version, buurtsite=buurtsite, defaults={"seen_by_name": reviewer_name[:150]}
    )
    return seen


def _restore(obj: Editable, snapshot: dict[str, Any]) -> dict[str, list[Any]]:
    m2m: dict[str, list[Any]] = {}
    for field, value in snapshot.items():
        if field in _M2M:
            m2m[field] = list(value)
        elif field == "withdrawn_at":
            setattr(obj, field, parse_datetime(value) if value else None)
        elif field in {"latitude", "longitude"}:
            setattr(obj, field, Decimal(value) if value is not None else None)
        else:
            setattr(obj, field, value)
    return m2m


@transaction.atomic
def revert_version(
    version: Version,
    *,
    reviewer_name: str,
    buurtsite: Buurtsite | None = None,
    acting_user: User | None = None,
) -> Version | None:
    """Put back the state before this change, recorded as a change of its own.

    Only the latest change of an object can be reverted, so a revert never silently undoes
    later edits. A change that created something withdraws or hides it instead.
    """
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.reverted_at is not None:
        raise ValidationError(_("This change has been reverted already."), code="reverted")
    if not selectors.is_latest_version(version):
        raise ValidationError(
            _("This was changed again later. Revert the later change first."), code="not_latest"
        )
    model: type[models.Model] = {
        Version.Kind.ORGANISATION.value: Organisation,
        Version.Kind.SERVICE.value: Service,
        Version.Kind.LOCATION.value: Location,
        Version.Kind.PROFESSIONAL.value: Professional,
    }[version.kind]
    obj = model._default_manager.select_for_update().filter(pk=version.object_id).first()
    if obj is None:
        raise ValidationError(_("This no longer exists."), code="gone")
    current = snapshot_of(obj)

    if version.previous is not None:
        m2m = _restore(obj, version.previous)
    elif isinstance(obj, Service):
        obj.withdrawn_at, m2m = timezone.now(), {}
    elif isinstance(obj, Professional):
        obj.is_active, m2m = False, {}
    else:
        raise ValidationError(_("This change cannot be reverted."), code="not_revertible")
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    if not isinstance(obj, Professional):
        listing.relist(organisation_ids=[version.organisation_id])

    now = timezone.now()
    version.reverted_at = now
    version.reverted_by_name = reviewer_name[:150]
    version.save(update_fields=["reverted_at", "reverted_by_name"])
    undo = _record(
        obj,
        organisation=version.organisation,
        previous=current,
        acting_user=acting_user,
        acting_name=_("%(name)s (reverted a change)") % {"name": reviewer_name},
    )
    if undo is not None:
        VersionSeen.objects.create(version=undo, buurtsite=buurtsite, seen_by_name=reviewer_name)
    logger.info(
        "Organisation change reverted",
        extra={"version_id": version.pk, "organisation_id": version.organisation_id},
    )
    return undo


# Freshness ----------------------------------------------------------------------------------


def send_freshness_reminders(*, now: datetime | None = None) -> int:
    """Remind each organisation's admins of its out-of-date services; returns e-mails sent.

    Each service is claimed (reminded_at) in the same transaction that queues the e-mail, so
    a second run in the same period, or one running at the same time, sends nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            selectors.reminders_due(now=now)
            .select_for_update(skip_locked=True)
            .values_list("pk", "organisation_id", "name")
        )
        if not due:
            return 0
        Service.objects.filter(pk__in=[pk for pk, _org, _name in due]).update(reminded_at=now)
        by_organisation: dict[int, list[str]] = defaultdict(list)
        for _pk, organisation_id, name in due:
            by_organisation[organisation_id].append(name)
        admins = OrganisationMembership.objects.filter(
            organisation_id__in=by_organisation, role=MembershipRole.ADMIN, user__is_active=True
        ).values_list("organisation_id", "organisation__name", "user__email")
        mails = [
            (email, organisation_name, sorted(by_organisation[organisation_id]))
            for organisation_id, organisation_name, email in admins
        ]
        for email, organisation_name, names in mails:
            transaction.on_commit(
                lambda e=email, o=organisation_name, n=names: _mail_reminder(e, o, n)  # type: ignore[misc]
            )
    logger.info("Freshness reminders queued", extra={"services": len(due), "emails": len(mails)})
    return len(mails)


def portal_link(path: str = "/portaal/") -> str:
    port = f":{settings.EMAIL_LINK_PORT}" if settings.EMAIL_LINK_PORT else ""
    return f"{settings.EMAIL_LINK_SCHEME}://{settings.PLATFORM_DOMAIN}{port}{path}"


def _mail_reminder(email: str, organisation_name: str, service_names: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "organisation_name": organisation_name,
            "services": service_names,
            "link": portal_link("/portaal/diensten/"),
        }
        subject = render_to_string("organisations/email/reminder_subject.txt", context)
        body = render_to_string("organisations/email/reminder.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])
