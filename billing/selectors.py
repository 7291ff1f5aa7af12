"""What billing reads for its pages: a fixed number of queries, however many rows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from billing.models import BillingAccount, Invoice, LicenceCount, StripeEvent, Subscription
from organisations.models import Organisation
from tenants.models import Municipality


def account_of(municipality: Municipality) -> BillingAccount:
    """The municipality's billing account, or a new unsaved one (nothing is written)."""
    return BillingAccount.objects.filter(municipality=municipality).first() or BillingAccount(
        municipality=municipality, name=f"Gemeente {municipality.name}"
    )


def invoices_of(account: BillingAccount) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(subscription__account=account)
        .select_related("subscription__plan", "subscription__buurtsite")
        .order_by("-period_start", "-pk")
    )


def subscriptions_of(account: BillingAccount) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(account=account)
        .select_related("plan", "buurtsite")
        .order_by("buurtsite__name", "pk")
    )


def municipalities_for_billing() -> QuerySet[Municipality]:
    """Every municipality with its buurtsites' invoices summed up, for the console overview."""
    today = timezone.localdate()
    open_invoices = Q(billing_account__subscriptions__invoices__status=Invoice.Status.OPEN)
    return (
        Municipality.objects.select_related("billing_account")
        .annotate(
            open_count=Count("billing_account__subscriptions__invoices", filter=open_invoices),
            overdue_count=Count(
                "billing_account__subscriptions__invoices",
                filter=open_invoices
                & Q(billing_account__subscriptions__invoices__due_date__lt=today),
            ),
            outstanding_cents=Sum(
                "billing_account__subscriptions__invoices__amount_cents", filter=open_invoices
            ),
            on_hold_count=Count(
                "billing_account__subscriptions",
                filter=Q(billing_account__subscriptions__status=Subscription.Status.ON_HOLD),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def licence_of(organisation: Organisation) -> Subscription | None:
    return (
        Subscription.objects.filter(account__organisation=organisation, buurtsite__isnull=True)
        .exclude(status=Subscription.Status.CANCELED)
        .select_related("plan", "account")
        .first()
    )


def latest_count(subscription: Subscription) -> LicenceCount | None:
    return subscription.counts.order_by("-month").first()


def recent_events(limit: int = 20) -> QuerySet[StripeEvent]:
    return StripeEvent.objects.order_by("-received_at")[:limit]
