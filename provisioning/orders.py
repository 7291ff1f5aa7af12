"""Orders for new buurtsites: placed by a municipality, decided by an operator."""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from provisioning import actions, domains
from provisioning.models import Order
from tenants.actions import RESERVED_SLUGS, create_municipality
from tenants.models import Buurtsite, Municipality, cbs_code_validator, slug_validator

logger = logging.getLogger(__name__)


def place_order(
    *,
    municipality_name: str,
    cbs_code: str,
    buurtsite_name: str,
    slug: str,
    own_domain: str,
    contact_name: str,
    contact_email: str,
    plan: str,
    buurtverbinder_email: str = "",
) -> Order:
    """Record a pending order; every field is checked first, and nothing is saved on an error."""
    order = Order(
        municipality_name=municipality_name.strip(),
        cbs_code=cbs_code.strip().upper(),
        buurtsite_name=buurtsite_name.strip(),
        slug=slug.strip().lower(),
        own_domain=own_domain.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        buurtverbinder_email=buurtverbinder_email.strip(),
        plan=plan,
    )
    errors: dict[str, list[str]] = {}
    try:
        order.full_clean(exclude=["status", "decision_reason", "decided_by", "run"])
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(_check_names(order))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        order.save()
        transaction.on_commit(lambda: _mail_order_received(order))
    logger.info("Buurtsite ordered", extra={"order_id": order.pk})
    return order


def _check_names(order: Order) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, validator in (("cbs_code", cbs_code_validator), ("slug", slug_validator)):
        try:
            validator(getattr(order, field))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
    if order.slug in RESERVED_SLUGS or order.slug.startswith("pg-"):
        errors.setdefault("slug", []).append(_("This name is reserved; choose another one."))
    elif (
        Buurtsite.objects.filter(slug=order.slug).exists()
        or Order.objects.filter(slug=order.slug, status=Order.Status.PENDING).exists()
    ):
        errors.setdefault("slug", []).append(_("This web address is already taken."))
    if order.own_domain:
        try:
            order.own_domain = domains.ascii_host(order.own_domain)
        except ValidationError as error:
            errors.setdefault("own_domain", []).extend(error.messages)
    return errors


def approve_order(order: Order, *, acting_operator: User) -> Order:
    """Create the municipality when new, start provisioning, and tell the contact person."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PENDING:
            raise ValidationError(_("This order has already been decided."))
        municipality = Municipality.objects.filter(
            cbs_code=order.cbs_code
        ).first() or create_municipality(name=order.municipality_name, cbs_code=order.cbs_code)
        run = actions.order_buurtsite(municipality, name=order.buurtsite_name, slug=order.slug)
        if order.own_domain:
            domains.request_own_domain(run.buurtsite, host=order.own_domain)
        order.status = Order.Status.APPROVED
        order.decided_by = acting_operator.email
        order.decided_at = timezone.now()
        order.run = run
        order.save(update_fields=["status", "decided_by", "decided_at", "run"])
        transaction.on_commit(lambda: _mail_decision(order))
        transaction.on_commit(lambda: _tell_apps_order_approved(order, run.buurtsite))
    logger.info("Order approved", extra={"order_id": order.pk, "run_id": run.pk})
    return order


def _tell_apps_order_approved(order: Order, buurtsite: Buurtsite) -> None:
    """Every app whose AppConfig has `order_approved(self, order, buurtsite)` hears of it.

    Billing starts the subscription this way; provisioning never imports billing.
    """
    for config in apps.get_app_configs():
        hook = getattr(config, "order_approved", None)
        if callable(hook):
            hook(order, buurtsite)


def reject_order(order: Order, *, acting_operator: User, reason: str) -> Order:
    if not reason.strip():
        raise ValidationError({"decision_reason": _("Tell the municipality why.")})
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PENDING:
            raise ValidationError(_("This order has already been decided."))
        order.status = Order.Status.REJECTED
        order.decision_reason = reason.strip()
        order.decided_by = acting_operator.email
        order.decided_at = timezone.now()
        order.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        transaction.on_commit(lambda: _mail_decision(order))
    logger.info("Order rejected", extra={"order_id": order.pk})
    return order


def _mail_order_received(order: Order) -> None:
    _mail(order, "received")


def _mail_decision(order: Order) -> None:
    _mail(order, order.status)


def _mail(order: Order, kind: str) -> None:
    # Municipalities read Dutch; the platform writes to them in Dutch whatever page sent it.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "order": order,
            "host": f"{order.slug}.{settings.PLATFORM_DOMAIN}",
            "records": _dns_records(order) if kind == Order.Status.APPROVED else [],
        }
        subject = render_to_string(f"provisioning/email/order_{kind}_subject.txt", context)
        body = render_to_string(f"provisioning/email/order_{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [order.contact_email])


def _dns_records(order: Order) -> list[domains.DnsRecord]:
    if not order.own_domain or order.run is None:
        return []
    owned = order.run.buurtsite.domains.filter(kind="custom").order_by("domain")
    return [record for domain in owned for record in domains.dns_records_for(domain)]
