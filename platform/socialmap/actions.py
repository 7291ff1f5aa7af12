"""Writes of the social map on a buurtsite: the buurtverbinder keeps the local entries.

Every action checks the object with the model's own validation (so no caller can store bad
input), runs in one transaction and logs ids only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from referrals.actions import ReferralTarget, refer_help_request
from referrals.models import Referral
from referrals.selectors import open_help_requests
from socialmap.listing import relist_local
from socialmap.models import LocalLocation, LocalOrganisation, LocalService

logger = logging.getLogger(__name__)

ORGANISATION_FIELDS = frozenset(
    {"name", "kvk_number", "description", "website", "email", "phone", "opening_hours_note"}
)
SERVICE_FIELDS = frozenset(
    {
        "name",
        "description",
        "target_groups",
        "categories",
        "costs",
        "how_to_apply",
        "web_page",
        "email",
        "phone",
    }
)
PLACE_FIELDS = frozenset(
    {"name", "street_address", "postal_code", "city", "latitude", "longitude", "accessibility"}
)

Entry = TypeVar("Entry", bound=models.Model)


def _apply(obj: Entry, fields: Mapping[str, Any], allowed: frozenset[str]) -> Entry:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def create_local_organisation(*, fields: Mapping[str, Any], acting_user: User) -> LocalOrganisation:
    organisation = _apply(LocalOrganisation(created_by=acting_user), fields, ORGANISATION_FIELDS)
    logger.info(
        "Local organisation created",
        extra={"organisation_id": organisation.pk, "user_id": acting_user.pk},
    )
    return organisation


@transaction.atomic
def update_local_organisation(
    organisation: LocalOrganisation, *, fields: Mapping[str, Any], acting_user: User
) -> LocalOrganisation:
    _apply(organisation, fields, ORGANISATION_FIELDS)
    relist_local(organisation_ids=[organisation.pk])
    logger.info(
        "Local organisation changed",
        extra={"organisation_id": organisation.pk, "user_id": acting_user.pk},
    )
    return organisation


@transaction.atomic
def withdraw_local_organisation(organisation: LocalOrganisation, *, acting_user: User) -> None:
    """Listed nowhere any more, with all its services; kept so it can be brought back."""
    organisation.withdrawn_at = timezone.now()
    organisation.save(update_fields=["withdrawn_at", "updated_at"])
    logger.info(
        "Local organisation withdrawn",
        extra={"organisation_id": organisation.pk, "user_id": acting_user.pk},
    )


@transaction.atomic
def restore_local_organisation(organisation: LocalOrganisation, *, acting_user: User) -> None:
    organisation.withdrawn_at = None
    organisation.save(update_fields=["withdrawn_at", "updated_at"])
    logger.info(
        "Local organisation restored",
        extra={"organisation_id": organisation.pk, "user_id": acting_user.pk},
    )


def _check_places(organisation: LocalOrganisation, places: list[LocalLocation]) -> None:
    if any(place.organisation_id != organisation.pk for place in places):
        raise ValidationError(_("Choose only places of this organisation."), code="other_place")


@transaction.atomic
def create_local_service(
    organisation: LocalOrganisation,
    *,
    fields: Mapping[str, Any],
    places: Iterable[LocalLocation] = (),
    acting_user: User,
) -> LocalService:
    chosen = list(places)
    _check_places(organisation, chosen)
    service = _apply(LocalService(organisation=organisation), fields, SERVICE_FIELDS)
    service.locations.set(chosen)
    relist_local(organisation_ids=[organisation.pk])
    logger.info(
        "Local service created", extra={"service_id": service.pk, "user_id": acting_user.pk}
    )
    return service


@transaction.atomic
def update_local_service(
    service: LocalService,
    *,
    fields: Mapping[str, Any],
    places: Iterable[LocalLocation] = (),
    acting_user: User,
) -> LocalService:
    chosen = list(places)
    _check_places(service.organisation, chosen)
    _apply(service, fields, SERVICE_FIELDS)
    service.locations.set(chosen)
    relist_local(organisation_ids=[service.organisation_id])
    logger.info(
        "Local service changed", extra={"service_id": service.pk, "user_id": acting_user.pk}
    )
    return service


@transaction.atomic
def withdraw_local_service(service: LocalService, *, acting_user: User) -> None:
    service.withdrawn_at = timezone.now()
    service.save(update_fields=["withdrawn_at", "updated_at"])
    logger.info(
        "Local service withdrawn", extra={"service_id": service.pk, "user_id": acting_user.pk}
    )


@transaction.atomic
def restore_local_service(service: LocalService, *, acting_user: User) -> None:
    service.withdrawn_at = None
    service.save(update_fields=["withdrawn_at", "updated_at"])
    logger.info(
        "Local service restored", extra={"service_id": service.pk, "user_id": acting_user.pk}
    )


@transaction.atomic
def create_local_place(
    organisation: LocalOrganisation, *, fields: Mapping[str, Any], acting_user: User
) -> LocalLocation:
    place = _apply(LocalLocation(organisation=organisation), fields, PLACE_FIELDS)
    logger.info("Local place created", extra={"place_id": place.pk, "user_id": acting_user.pk})
    return place


@transaction.atomic
def update_local_place(
    place: LocalLocation, *, fields: Mapping[str, Any], acting_user: User
) -> LocalLocation:
    _apply(place, fields, PLACE_FIELDS)
    relist_local(organisation_ids=[place.organisation_id])
    logger.info("Local place changed", extra={"place_id": place.pk, "user_id": acting_user.pk})
    return place


class NotOpen(Exception):
    """The help request is no longer open (resolved, closed, or not of this buurtsite)."""


def refer_help_request_to(
    help_request_id: int, *, target: ReferralTarget, note: str = "", acting_user: User
) -> Referral:
    """Refer an open help request to a service or professional of the social map.

    `target` is a `referrals.actions.ReferralTarget` (socialmap.referring builds it); the
    referral itself, its transaction and its notifications are referrals' business.
    """
    help_request = open_help_requests().filter(pk=help_request_id).first()
    if help_request is None:
        raise NotOpen
    referral = refer_help_request(help_request, acting_user=acting_user, target=target, note=note)
    logger.info(
        "Help request referred from the social map",
        extra={"help_request_id": help_request_id, "user_id": acting_user.pk},
    )
    return referral
