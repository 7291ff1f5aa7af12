"""Writes to the tenant registry. Provisioning builds its workflow on these."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Buurtsite, Domain, Municipality

logger = logging.getLogger(__name__)

# Names PostgreSQL, DNS conventions or the platform keep for themselves.
RESERVED_SLUGS = frozenset(
    {
        "public",
        "www",
        "beheer",
        "admin",
        "api",
        "static",
        "media",
        "mail",
        "smtp",
        "imap",
        "ftp",
        "ns1",
        "ns2",
        "buurtsite-template-scratch",
        "information-schema",
    }
)


def create_municipality(*, name: str, cbs_code: str) -> Municipality:
    municipality = Municipality(name=name.strip(), cbs_code=cbs_code.strip().upper())
    municipality.full_clean()
    municipality.save()
    logger.info("Municipality created", extra={"municipality_id": municipality.pk})
    return municipality


def platform_host_for(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


@transaction.atomic
def register_buurtsite(municipality: Municipality, *, name: str, slug: str) -> Buurtsite:
    """Enter a buurtsite in the registry, still being set up. Provisioning makes its schema."""
    slug = slug.strip().lower()
    if slug in RESERVED_SLUGS or slug.startswith("pg_"):
        raise ValidationError({"slug": _("This name is reserved; choose another one.")})

    buurtsite = Buurtsite(
        municipality=municipality,
        name=name.strip(),
        slug=slug,
        schema_name=slug.replace("-", "_"),
        status=Buurtsite.Status.PROVISIONING,
    )
    buurtsite.full_clean()
    buurtsite.save()
    logger.info(
        "Buurtsite registered",
        extra={"buurtsite_id": buurtsite.pk, "schema": buurtsite.schema_name},
    )
    return buurtsite


@transaction.atomic
def add_domain(
    buurtsite: Buurtsite,
    *,
    host: str,
    kind: str,
    verified: bool = False,
    primary: bool = True,
    verification_token: str = "",
) -> Domain:
    """Attach a host name. A primary one takes over from the buurtsite's previous primary."""
    domain = Domain(
        tenant=buurtsite,
        domain=host.strip().lower().rstrip("."),
        kind=kind,
        is_verified=verified,
        verified_at=timezone.now() if verified else None,
        is_primary=primary,
        verification_token=verification_token,
    )
    domain.full_clean(validate_constraints=False)
    if primary:
        Domain.objects.filter(tenant=buurtsite, is_primary=True).update(is_primary=False)
    domain.save()
    return domain


@transaction.atomic
def make_primary_domain(domain: Domain) -> Domain:
    """Serve the buurtsite on this (verified) host; its other hosts redirect here."""
    if not domain.is_verified:
        raise ValidationError({"domain": _("Only a verified domain can be the main address.")})
    Domain.objects.filter(tenant_id=domain.tenant_id, is_primary=True).exclude(pk=domain.pk).update(
        is_primary=False
    )
    domain.is_primary = True
    domain.save()
    return domain


def set_buurtsite_status(buurtsite: Buurtsite, *, status: str) -> Buurtsite:
    if status not in Buurtsite.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    previous = buurtsite.status
    buurtsite.status = status
    fields = ["status"]
    if status == Buurtsite.Status.ACTIVE and buurtsite.activated_at is None:
        buurtsite.activated_at = timezone.now()
        fields.append("activated_at")
    buurtsite.save(update_fields=fields)
    logger.info(
        "Buurtsite status changed",
        extra={"buurtsite_id": buurtsite.pk, "from_status": previous, "to_status": status},
    )
    return buurtsite
