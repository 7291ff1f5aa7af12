"""Everything billing writes: subscriptions, invoices, licences, events and what follows from them.

The payment state of a subscription is always derived from the invoices and subscriptions as
the backend has them now (`refresh_payment_state`), so events may arrive twice or out of order.
Stripe calls and e-mail happen in tasks, enqueued on commit.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from billing.backends import (
    RemoteInvoice,
    RemoteSubscription,
    add_interval,
    get_backend,
    licence_return_url,
)
from billing.models import BillingAccount, Invoice, LicenceCount, Plan, StripeEvent, Subscription
from organisations.actions import set_licence_visibility
from organisations.models import Organisation
from organisations.selectors import active_professionals
from provisioning.lifecycle import hold_buurtsite_for_payment, release_payment_hold
from provisioning.models import Order
from tenants.models import Buurtsite, Municipality

logger = logging.getLogger(__name__)

Status = Subscription.Status

# Stripe's subscription statuses, as ours.
_STRIPE_STATUS = {
    "active": Status.ACTIVE,
    "trialing": Status.ACTIVE,
    "past_due": Status.PAST_DUE,
    "unpaid": Status.PAST_DUE,
    "canceled": Status.CANCELED,
    "incomplete_expired": Status.CANCELED,
    "incomplete": Status.INCOMPLETE,
    "paused": Status.PAST_DUE,
}


# Plans ------------------------------------------------------------------------------------------


def sync_plans_to_stripe() -> int:
    """Mirror every plan to the backend's products and prices; safe to run again."""
    backend = get_backend()
    plans = list(Plan.objects.order_by("pk"))
    for plan in plans:
        backend.sync_plan(plan)
    logger.info("Plans synchronised", extra={"plans": len(plans), "backend": backend.name})
    return len(plans)


# Municipalities ---------------------------------------------------------------------------------


def start_buurtsite_subscription(*, order: Order, buurtsite: Buurtsite) -> Subscription:
    """An approved order starts the buurtsite's yearly subscription and its first invoice."""
    from billing import tasks

    plan = Plan.objects.filter(key=order.plan, kind=Plan.Kind.BUURTSITE).first()
    if plan is None:
        raise ValidationError(_("This plan does not exist (any more)."))
    with transaction.atomic():
        account = account_for_municipality(
            buurtsite.municipality, name=order.municipality_name, email=order.contact_email
        )
        if not account.contact_name:
            account.contact_name = order.contact_name
            account.save(update_fields=["contact_name"])
        start = timezone.localdate()
        subscription, created = Subscription.objects.get_or_create(
            buurtsite=buurtsite,
            defaults={
                "account": account,
                "plan": plan,
                "status": Status.ACTIVE,
                "current_period_start": start,
                "current_period_end": add_interval(start, plan.interval),
            },
        )
        if created:
            tasks.issue_invoice.delay_on_commit(subscription.pk, start.isoformat())
    logger.info(
        "Buurtsite subscription started",
        extra={"subscription_id": subscription.pk, "buurtsite_id": buurtsite.pk},
    )
    return subscription


def account_for_municipality(
    municipality: Municipality, *, name: str = "", email: str = ""
) -> BillingAccount:
    account, _created = BillingAccount.objects.get_or_create(
        municipality=municipality,
        defaults={"name": name or f"Gemeente {municipality.name}", "email": email},
    )
    return account


def update_billing_details(account: BillingAccount, *, data: dict[str, Any]) -> BillingAccount:
    """Invoice details an operator keeps: address, VAT number, purchase order, how to pay."""
    from billing import tasks

    fields = [
        "name",
        "contact_name",
        "email",
        "address_line",
        "postal_code",
        "city",
        "vat_number",
        "purchase_order",
        "payment_method",
    ]
    for field in fields:
        if field in data:
            value = str(data[field]).strip()
            setattr(
                account, field, value.upper().replace(" ", "") if field == "vat_number" else value
            )
    account.full_clean(exclude=["municipality", "organisation"])
    with transaction.atomic():
        account.save(update_fields=fields)
        tasks.push_customer.delay_on_commit(account.pk)
    logger.info("Billing details updated", extra={"billing_account_id": account.pk})
    return account


def renew_invoice_link(account: BillingAccount) -> BillingAccount:
    """Every invoice link sent so far stops working; links made from now on work."""
    BillingAccount.objects.filter(pk=account.pk).update(link_version=F("link_version") + 1)
    account.refresh_from_db(fields=["link_version"])
    logger.info("Invoice links renewed", extra={"billing_account_id": account.pk})
    return account


def issue_invoice(subscription: Subscription, *, period_start: date) -> Invoice:
    """Invoice one period (a task calls this; the backend's idempotency makes retries safe)."""
    period_end = add_interval(period_start, subscription.plan.interval)
    remote = get_backend().issue_invoice(
        subscription, period_start=period_start, period_end=period_end
    )
    invoice = record_invoice(remote)
    assert invoice is not None  # noqa: S101 (ours: it carries our subscription id)
    logger.info(
        "Invoice issued", extra={"subscription_id": subscription.pk, "invoice_id": invoice.pk}
    )
    return invoice


def invoice_due_subscriptions(*, today: date) -> int:
    """The yearly run: a subscription whose period ended gets its next period and invoice."""
    from billing import tasks

    count = 0
    due = Subscription.objects.filter(
        buurtsite__isnull=False,
        current_period_end__lt=today,
        status__in=[Status.ACTIVE, Status.PAST_DUE, Status.ON_HOLD],
    ).select_related("plan")
    for subscription in due:
        with transaction.atomic():
            locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
            if locked.current_period_end is None or locked.current_period_end >= today:
                continue
            start = locked.current_period_end + timedelta(days=1)
            locked.current_period_start = start
            locked.current_period_end = add_interval(start, subscription.plan.interval)
            locked.save(update_fields=["current_period_start", "current_period_end"])
            tasks.issue_invoice.delay_on_commit(locked.pk, start.isoformat())
        count += 1
    return count


def mark_invoice_paid(invoice: Invoice, *, acting_operator: User) -> Invoice:
    """An operator records a payment that came in by bank transfer."""
    if invoice.status != Invoice.Status.OPEN:
        raise ValidationError(_("Only an invoice that is still to be paid can be marked paid."))
    remote = get_backend().mark_invoice_paid(invoice)
    recorded = record_invoice(remote)
    assert recorded is not None  # noqa: S101
    logger.info(
        "Invoice marked paid",
        extra={"invoice_id": invoice.pk, "operator_id": acting_operator.pk},
    )
    return recorded


def record_invoice(remote: RemoteInvoice) -> Invoice | None:
    """Store the invoice as the backend has it now, then what that means for its subscription."""
    with transaction.atomic():
        subscription = _subscription_of_invoice(remote)
        if subscription is None:
            logger.info("Invoice of no known subscription", extra={"stripe_id": remote.remote_id})
            return None
        values = {
            "subscription": subscription,
            "number": remote.number,
            "status": remote.status,
            "amount_cents": remote.amount_cents,
            "currency": remote.currency,
            "period_start": remote.period_start,
            "period_end": remote.period_end,
            "due_date": remote.due_date,
            "paid_at": remote.paid_at,
            "purchase_order": remote.purchase_order,
            "hosted_url": remote.hosted_url,
            "pdf_url": remote.pdf_url,
        }
        if remote.remote_id.startswith("local_"):
            invoice = Invoice.objects.select_for_update().get(
                pk=int(remote.remote_id.removeprefix("local_"))
            )
            for field, value in values.items():
                setattr(invoice, field, value)
            invoice.save()
        else:
            invoice, _created = Invoice.objects.update_or_create(
                stripe_invoice_id=remote.remote_id, defaults=values
            )
        refresh_payment_state(subscription)
    return invoice


def _subscription_of_invoice(remote: RemoteInvoice) -> Subscription | None:
    if remote.subscription_id is not None:
        found = Subscription.objects.filter(pk=remote.subscription_id).first()
        if found is not None:
            return found
    if remote.remote_subscription_id:
        return Subscription.objects.filter(
            stripe_subscription_id=remote.remote_subscription_id
        ).first()
    return None


def record_subscription(remote: RemoteSubscription) -> Subscription | None:
    """A licence as Stripe has it now: status, seats, period."""
    with transaction.atomic():
        subscription = None
        if remote.subscription_id is not None:
            subscription = (
                Subscription.objects.select_for_update()
                .filter(pk=remote.subscription_id, buurtsite__isnull=True)
                .first()
            )
        if subscription is None:
            subscription = (
                Subscription.objects.select_for_update()
                .filter(stripe_subscription_id=remote.remote_id)
                .first()
            )
        if subscription is None:
            logger.info("Unknown Stripe subscription", extra={"stripe_id": remote.remote_id})
            return None
        subscription.stripe_subscription_id = remote.remote_id
        subscription.stripe_status = remote.status
        subscription.quantity = remote.quantity
        subscription.current_period_start = remote.period_start
        subscription.current_period_end = remote.period_end
        subscription.save(
            update_fields=[
                "stripe_subscription_id",
                "stripe_status",
                "quantity",
                "current_period_start",
                "current_period_end",
            ]
        )
        refresh_payment_state(subscription)
    return subscription


def refresh_payment_state(subscription: Subscription, *, now: datetime | None = None) -> str:
    """Derive paid / overdue / on hold from what is known now, and act on a change.

    A buurtsite's subscription is overdue when one of its invoices is open past its due date;
    a licence follows Stripe's subscription status. Going overdue tells the contact and the
    operators; being paid again lifts a hold. Safe to call any number of times.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        previous = subscription.status
        overdue_since = _overdue_since(subscription, now=now)

        if subscription.status == Status.CANCELED:
            target = Status.CANCELED
        elif overdue_since is not None:
            target = Status.ON_HOLD if previous == Status.ON_HOLD else Status.PAST_DUE
        elif subscription.is_licence and subscription.stripe_status:
            target = _STRIPE_STATUS.get(subscription.stripe_status, Status.INCOMPLETE)
        elif subscription.is_licence and previous == Status.INCOMPLETE:
            target = Status.INCOMPLETE
        else:
            target = Status.ACTIVE

        if target == previous and (target != Status.PAST_DUE or subscription.past_due_since):
            return target
        if target == Status.PAST_DUE and subscription.past_due_since is None:
            subscription.past_due_since = overdue_since or now
            transaction.on_commit(lambda: _notify(subscription.pk, "past_due"))
        if target in {Status.ACTIVE, Status.CANCELED, Status.INCOMPLETE}:
            subscription.past_due_since = None
            if previous == Status.ON_HOLD:
                _lift_hold(subscription)
                subscription.on_hold_since = None
                transaction.on_commit(lambda: _notify(subscription.pk, "resumed"))
        subscription.status = target
        subscription.save(update_fields=["status", "past_due_since", "on_hold_since"])
    logger.info(
        "Subscription payment state changed",
        extra={"subscription_id": subscription.pk, "from_status": previous, "to_status": target},
    )
    return target


def _overdue_since(subscription: Subscription, *, now: datetime) -> datetime | None:
    if subscription.is_licence and subscription.stripe_status:
        if _STRIPE_STATUS.get(subscription.stripe_status) == Status.PAST_DUE:
            return subscription.past_due_since or now
        return None
    today = timezone.localtime(now).date()
    first_due = (
        Invoice.objects.filter(
            subscription=subscription, status=Invoice.Status.OPEN, due_date__lt=today
        )
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    if first_due is None:
        return None
    # Overdue from the day after the due date, midnight in the Netherlands.
    return timezone.make_aware(datetime.combine(first_due + timedelta(days=1), datetime.min.time()))


def apply_grace_periods(*, now: datetime | None = None) -> int:
    """Overdue past the grace period: a buurtsite goes read-only, a licence's services hide."""
    now = now or timezone.now()
    # Open invoices past their due date become overdue even when no event said so.
    today = timezone.localtime(now).date()
    for subscription in (
        Subscription.objects.filter(
            invoices__status=Invoice.Status.OPEN, invoices__due_date__lt=today
        )
        .exclude(status__in=[Status.PAST_DUE, Status.ON_HOLD, Status.CANCELED])
        .distinct()
    ):
        refresh_payment_state(subscription, now=now)

    held = 0
    limit = now - timedelta(days=settings.BILLING_GRACE_DAYS)
    for subscription in Subscription.objects.filter(
        status=Status.PAST_DUE, past_due_since__lte=limit
    ).select_related("buurtsite", "account__organisation"):
        if _still_unpaid(subscription):
            held += hold_subscription(subscription, now=now)
    if held:
        logger.info("Subscriptions put on hold", extra={"count": held})
    return held


def _still_unpaid(subscription: Subscription) -> bool:
    """Ask the backend once more before holding: a lost 'paid' event must not close a site."""
    backend = get_backend()
    if subscription.is_licence and subscription.stripe_subscription_id:
        record_subscription(backend.fetch_subscription(subscription.stripe_subscription_id))
    else:
        for invoice in subscription.invoices.filter(status=Invoice.Status.OPEN):
            remote_id = invoice.stripe_invoice_id or f"local_{invoice.pk}"
            record_invoice(backend.fetch_invoice(remote_id))
    subscription.refresh_from_db(fields=["status"])
    return subscription.status == Status.PAST_DUE


def hold_subscription(subscription: Subscription, *, now: datetime) -> int:
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.status != Status.PAST_DUE:
            return 0
        if locked.buurtsite_id is not None:
            hold_buurtsite_for_payment(Buurtsite.objects.get(pk=locked.buurtsite_id))
        else:
            organisation = _organisation_of(locked)
            if organisation is not None:
                set_licence_visibility(organisation, visible=False)
        locked.status = Status.ON_HOLD
        locked.on_hold_since = now
        locked.save(update_fields=["status", "on_hold_since"])
        transaction.on_commit(lambda: _notify(locked.pk, "on_hold"))
    logger.warning("Subscription put on hold", extra={"subscription_id": subscription.pk})
    return 1


def _lift_hold(subscription: Subscription) -> None:
    if subscription.buurtsite_id is not None:
        release_payment_hold(Buurtsite.objects.get(pk=subscription.buurtsite_id))
        return
    organisation = _organisation_of(subscription)
    if organisation is not None:
        set_licence_visibility(organisation, visible=True)


def _organisation_of(subscription: Subscription) -> Organisation | None:
    return Organisation.objects.filter(billing_account__subscriptions=subscription).first()


def _notify(subscription_id: int, kind: str) -> None:
    from billing import tasks

    tasks.send_payment_notice.delay(subscription_id, kind)


# Organisations ----------------------------------------------------------------------------------


def account_for_organisation(organisation: Organisation, *, email: str) -> BillingAccount:
    account, _created = BillingAccount.objects.get_or_create(
        organisation=organisation, defaults={"name": organisation.name, "email": email}
    )
    return account


def start_licence(organisation: Organisation, *, plan: Plan, acting_user: User) -> str:
    """Prepare the licence and return where to pay for it (Stripe Checkout, or back here)."""
    if plan.kind != Plan.Kind.LICENCE or not plan.is_active:
        raise ValidationError(_("Choose one of the licences offered."))
    with transaction.atomic():
        account = account_for_organisation(organisation, email=acting_user.email)
        open_licence = (
            Subscription.objects.select_for_update()
            .filter(account=account, buurtsite__isnull=True)
            .exclude(status=Status.CANCELED)
            .first()
        )
        if open_licence is not None and open_licence.status != Status.INCOMPLETE:
            raise ValidationError(
                _("Your organisation already has a licence. Change it under 'Manage payment'.")
            )
        quantity = max(1, len(active_professionals(organisation)))
        if open_licence is None:
            open_licence = Subscription.objects.create(
                account=account, plan=plan, quantity=quantity, status=Status.INCOMPLETE
            )
        else:
            open_licence.plan = plan
            open_licence.quantity = quantity
            open_licence.save(update_fields=["plan", "quantity"])
    url = get_backend().start_checkout(
        open_licence,
        success_url=licence_return_url(done=True),
        cancel_url=licence_return_url(done=False),
    )
    logger.info(
        "Licence checkout started",
        extra={"subscription_id": open_licence.pk, "organisation_id": organisation.pk},
    )
    return url


def licence_portal_url(organisation: Organisation) -> str:
    account = BillingAccount.objects.filter(organisation=organisation).first()
    if account is None:
        raise ValidationError(_("Your organisation has no licence yet."))
    return get_backend().portal_url(account, return_url=licence_return_url(done=False))


def count_licence(subscription: Subscription, *, month: date) -> LicenceCount | None:
    """Count the organisation's active professionals for `month`, once, and report it on commit."""
    from billing import tasks

    organisation = _organisation_of(subscription)
    if organisation is None:
        return None
    professionals = active_professionals(organisation)
    buurtsite_ids = sorted(organisation.buurtsites.values_list("pk", flat=True))
    with transaction.atomic():
        count, created = LicenceCount.objects.get_or_create(
            subscription=subscription,
            month=month.replace(day=1),
            defaults={
                "quantity": len(professionals),
                "professional_ids": [professional.pk for professional in professionals],
                "buurtsite_ids": buurtsite_ids,
            },
        )
        if created:
            tasks.report_licence_count.delay_on_commit(count.pk)
    logger.info(
        "Licence counted",
        extra={"subscription_id": subscription.pk, "count_id": count.pk, "new_count": created},
    )
    return count


def report_licence_count(count: LicenceCount) -> bool:
    """Tell the backend the new number of seats; the key makes a retry a no-op at Stripe."""
    if count.reported_at is not None:
        return False
    subscription = count.subscription
    if subscription.is_licence and subscription.status != Status.CANCELED:
        get_backend().report_quantity(
            subscription,
            quantity=max(1, count.quantity),
            idempotency_key=f"mijnbuurtje-licence-count-{count.pk}",
        )
    LicenceCount.objects.filter(pk=count.pk).update(reported_at=timezone.now())
    return True


def count_all_licences(*, today: date) -> int:
    """The monthly job: each running licence without a count for this month is counted."""
    month = today.replace(day=1)
    counted = 0
    for subscription in (
        Subscription.objects.filter(buurtsite__isnull=True)
        .filter(status__in=[Status.ACTIVE, Status.PAST_DUE, Status.ON_HOLD])
        .exclude(counts__month=month)
    ):
        if count_licence(subscription, month=month) is not None:
            counted += 1
    return counted


# Stripe events ----------------------------------------------------------------------------------


def record_stripe_event(
    *, event_id: str, type: str, object_id: str, created: datetime
) -> StripeEvent | None:
    """Store the event once; None when it was stored before (a replay or a concurrent twin).

    INSERT ... ON CONFLICT DO NOTHING: two deliveries at the same moment cannot both insert,
    and the loser learns it without an error that would spoil its transaction.
    """
    from billing import tasks

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {StripeEvent._meta.db_table} "  # noqa: S608 (our own table name)
            "(event_id, type, object_id, created, received_at, attempts, error) "
            "VALUES (%s, %s, %s, %s, %s, 0, '') ON CONFLICT (event_id) DO NOTHING RETURNING id",
            [event_id, type[:100], object_id[:100], created, timezone.now()],
        )
        row = cursor.fetchone()
        if row is None:
            logger.info("Stripe event seen before", extra={"stripe_event_id": event_id})
            return None
        event = StripeEvent.objects.get(pk=row[0])
        tasks.process_stripe_event.delay_on_commit(event.pk)
    logger.info("Stripe event received", extra={"stripe_event_id": event_id, "type": type})
    return event


def process_stripe_event(event: StripeEvent) -> bool:
    """Act on an event by fetching its object as Stripe has it now, whatever the event says."""
    with transaction.atomic():
        locked = StripeEvent.objects.select_for_update().get(pk=event.pk)
        if locked.processed_at is not None:
            return False
        locked.attempts += 1
        backend = get_backend()
        kind = locked.type.split(".")[0]
        if locked.type.startswith("customer.subscription."):
            record_subscription(backend.fetch_subscription(locked.object_id))
        elif locked.type == "checkout.session.completed":
            remote_subscription = backend.subscription_of_checkout(locked.object_id)
            if remote_subscription:
                record_subscription(backend.fetch_subscription(remote_subscription))
        elif kind == "invoice":
            record_invoice(backend.fetch_invoice(locked.object_id))
        locked.processed_at = timezone.now()
        locked.error = ""
        locked.save(update_fields=["processed_at", "attempts", "error"])
    logger.info("Stripe event processed", extra={"stripe_event_id": locked.event_id})
    return True


def note_event_failure(event_id: int, *, error: str) -> None:
    StripeEvent.objects.filter(pk=event_id).update(error=error[:2000])
