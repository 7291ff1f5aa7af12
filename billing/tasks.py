"""Billing's background work. Platform tasks (public schema), ids only, safe to run twice.

A task that calls Stripe retries on network trouble with the same idempotency keys, so a
retry after a timeout finds the object the first attempt created instead of making another.
"""

from __future__ import annotations

import logging
from datetime import date

import stripe
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from billing import actions, links
from billing.models import BillingAccount, LicenceCount, StripeEvent, Subscription
from tenants.tasks import PlatformTask

logger = logging.getLogger(__name__)

# Worth another try: Stripe or the network had trouble, not our request.
_TRANSIENT = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


@shared_task(
    base=PlatformTask,
    name="billing.issue_invoice",
    bind=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=8,
)
def issue_invoice(self: PlatformTask, subscription_id: int, period_start: str) -> int | None:
    subscription = (
        Subscription.objects.select_related("account", "plan", "buurtsite")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return None
    return actions.issue_invoice(subscription, period_start=date.fromisoformat(period_start)).pk


@shared_task(
    base=PlatformTask,
    name="billing.push_customer",
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=8,
)
def push_customer(account_id: int) -> None:
    from billing.backends import get_backend

    account = BillingAccount.objects.filter(pk=account_id).first()
    if account is not None:
        get_backend().ensure_customer(account)


@shared_task(
    base=PlatformTask,
    name="billing.process_stripe_event",
    bind=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=10,
)
def process_stripe_event(self: PlatformTask, event_id: int) -> bool:
    event = StripeEvent.objects.filter(pk=event_id).first()
    if event is None:
        return False
    try:
        return actions.process_stripe_event(event)
    except Exception as error:
        actions.note_event_failure(event_id, error=repr(error))
        logger.exception("Stripe event failed", extra={"stripe_event_id": event.event_id})
        raise


@shared_task(
    base=PlatformTask,
    name="billing.report_licence_count",
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=8,
)
def report_licence_count(count_id: int) -> bool:
    count = LicenceCount.objects.select_related("subscription").filter(pk=count_id).first()
    if count is None:
        return False
    return actions.report_licence_count(count)


@shared_task(base=PlatformTask, name="billing.sync_plans")
def sync_plans() -> int:
    return actions.sync_plans_to_stripe()


@shared_task(base=PlatformTask, name="billing.apply_grace_periods")
def apply_grace_periods() -> int:
    return actions.apply_grace_periods()


@shared_task(base=PlatformTask, name="billing.invoice_due_subscriptions")
def invoice_due_subscriptions() -> int:
    return actions.invoice_due_subscriptions(today=timezone.localdate())


@shared_task(base=PlatformTask, name="billing.count_licences")
def count_licences() -> int:
    return actions.count_all_licences(today=timezone.localdate())


@shared_task(base=PlatformTask, name="billing.send_payment_notice")
def send_payment_notice(subscription_id: int, kind: str) -> int:
    """Tell the paying contact and the operators, in Dutch: overdue, on hold, or open again."""
    subscription = (
        Subscription.objects.select_related("account", "plan", "buurtsite")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or kind not in {"past_due", "on_hold", "resumed"}:
        return 0
    account = subscription.account
    operators = list(
        User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "subscription": subscription,
            "account": account,
            "grace_days": settings.BILLING_GRACE_DAYS,
            "link": links.invoices_url(account),
        }
        raw_subject = render_to_string(f"billing/email/{kind}_subject.txt", context)
        body = render_to_string(f"billing/email/{kind}.txt", context)
    subject = " ".join(raw_subject.split())
    sent = send_mail(subject, body, None, [account.email])
    if operators:
        sent += send_mail(subject, body, None, operators)
    logger.info(
        "Payment notice sent",
        extra={"subscription_id": subscription_id, "kind": kind, "operators": len(operators)},
    )
    return sent
