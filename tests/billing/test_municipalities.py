"""Municipalities pay per buurtsite per year, by invoice: at Stripe, or in the local backend."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from billing import actions
from billing.backends import get_backend
from billing.models import Invoice, Plan, Subscription
from provisioning import orders
from provisioning.tasks import advance_run
from tenants.models import Buurtsite
from tests.billing.conftest import make_buurtsite_subscription
from tests.billing.stripe_server import StripeTestServer

ORDER = {
    "municipality_name": "Wijchen",
    "cbs_code": "GM0296",
    "buurtsite_name": "Alverna Leeft",
    "slug": "alverna",
    "own_domain": "",
    "contact_name": "Fenna de Vriës",
    "contact_email": "fenna@wijchen.nl",
    "plan": "large",
}


def test_plans_are_mirrored_to_stripe_once_however_often_the_sync_runs(
    stripe: StripeTestServer, db: None
) -> None:
    # localstripe lives for the whole session: the other plans may be there already.
    actions.sync_plans_to_stripe()
    Plan.objects.create(
        key=f"wijk-{secrets.token_hex(4)}",
        kind=Plan.Kind.BUURTSITE,
        name="Wijkplan",
        amount_cents=99000,
        interval=Plan.Interval.YEAR,
    )
    before = stripe.created.copy()

    actions.sync_plans_to_stripe()
    actions.sync_plans_to_stripe()

    created = stripe.created - before
    assert created["POST /v1/products"] == 1
    assert created["POST /v1/plans"] == 1
    for plan in Plan.objects.all():
        price = stripe.localstripe("GET", f"/v1/plans/{plan.stripe_price_id}")
        assert price["amount"] == plan.amount_cents
        assert price["interval"] == plan.interval
        assert price["product"] == plan.stripe_product_id


def test_a_new_price_gets_a_new_stripe_price_and_keeps_the_old_one(
    stripe: StripeTestServer, db: None
) -> None:
    actions.sync_plans_to_stripe()
    small = Plan.objects.get(key="small")
    old_price = small.stripe_price_id

    small.amount_cents += 5000
    small.save()
    actions.sync_plans_to_stripe()

    small.refresh_from_db()
    assert small.stripe_price_id != old_price
    assert stripe.localstripe("GET", f"/v1/plans/{old_price}")["amount"] == 195000


@pytest.mark.django_db
def test_every_plan_an_order_can_name_is_a_buurtsite_plan_in_billing() -> None:
    from provisioning.models import Order

    offered = {choice.value for choice in Order.Plan}
    sold = set(
        Plan.objects.filter(kind=Plan.Kind.BUURTSITE, is_active=True).values_list("key", flat=True)
    )

    assert offered <= sold


def test_approving_an_order_starts_the_subscription_through_provisionings_hook(
    local_billing: None,
    eager: None,
    operator: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    monkeypatch.setattr(advance_run, "delay_on_commit", lambda *args: None)
    order = orders.place_order(**ORDER)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        orders.approve_order(order, acting_operator=operator)

    subscription = Subscription.objects.select_related("plan", "account").get(
        buurtsite__slug="alverna"
    )
    assert subscription.plan.key == "large"
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.account.email == "fenna@wijchen.nl"
    assert subscription.account.contact_name == "Fenna de Vriës"
    invoice = subscription.invoices.get()
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.amount_cents == 390000
    assert invoice.number.startswith("MB-")


def test_a_yearly_invoice_at_stripe_is_sent_for_transfer_with_po_and_vat_details(
    stripe: StripeTestServer, oost: Buurtsite, eager: None
) -> None:
    subscription = make_buurtsite_subscription(oost)

    invoice = actions.issue_invoice(subscription, period_start=date(2026, 1, 1))

    remote = stripe.invoice(str(invoice.stripe_invoice_id))
    assert remote["collection_method"] == "send_invoice"
    assert remote["days_until_due"] == 30
    assert remote["sent"] is True
    assert {"name": "Inkoopnummer", "value": "PO-2026-0412"} in remote["custom_fields"]
    assert {"name": "Buurtsite", "value": "Nijmegen-Oost"} in remote["custom_fields"]
    assert "NL002220862B01" in remote["footer"]
    assert remote["payment_settings"]["payment_method_types"] == ["customer_balance"]
    assert remote["amount_due"] == 195000
    customer = stripe.localstripe("GET", f"/v1/customers/{remote['customer']}")
    assert customer["address"]["city"] == "Nijmegen"
    assert customer["tax_ids"]["data"][0]["value"] == "NL002220862B01"
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.purchase_order == "PO-2026-0412"
    assert invoice.hosted_url.startswith(stripe.url)


def test_issuing_the_same_period_twice_makes_one_invoice(
    stripe: StripeTestServer, oost: Buurtsite, eager: None
) -> None:
    subscription = make_buurtsite_subscription(oost)
    before = stripe.created.copy()

    first = actions.issue_invoice(subscription, period_start=date(2026, 1, 1))
    second = actions.issue_invoice(subscription, period_start=date(2026, 1, 1))

    assert first.pk == second.pk
    assert (stripe.created - before)["POST /v1/invoices"] == 1
    assert Invoice.objects.filter(subscription=subscription).count() == 1


def test_ideal_and_direct_debit_are_offered_when_chosen(
    stripe: StripeTestServer, oost: Buurtsite, eager: None
) -> None:
    subscription = make_buurtsite_subscription(oost)
    subscription.account.payment_method = "sepa_debit"
    subscription.account.save()

    invoice = actions.issue_invoice(subscription, period_start=date(2027, 1, 1))

    types = stripe.invoice(str(invoice.stripe_invoice_id))["payment_settings"]
    assert types["payment_method_types"] == ["sepa_debit", "customer_balance"]


def test_an_operator_marks_a_transfer_paid_at_stripe(
    stripe: StripeTestServer, oost: Buurtsite, eager: None, operator: User
) -> None:
    invoice = actions.issue_invoice(
        make_buurtsite_subscription(oost), period_start=date(2026, 1, 1)
    )

    paid = actions.mark_invoice_paid(invoice, acting_operator=operator)

    assert paid.status == Invoice.Status.PAID
    assert paid.paid_at is not None
    assert stripe.invoice(str(invoice.stripe_invoice_id))["paid_out_of_band"] is True


def test_the_yearly_run_invoices_the_next_period_once(
    local_billing: None,
    oost: Buurtsite,
    eager: None,
    django_capture_on_commit_callbacks: object,
) -> None:
    subscription = make_buurtsite_subscription(oost)
    # Only this one is due: the demo's other subscriptions run for a long time yet.
    Subscription.objects.exclude(pk=subscription.pk).update(current_period_end=date(2099, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert actions.invoice_due_subscriptions(today=date(2027, 1, 2)) == 1
        assert actions.invoice_due_subscriptions(today=date(2027, 1, 2)) == 0

    subscription.refresh_from_db()
    assert subscription.current_period_start == date(2027, 1, 1)
    assert subscription.current_period_end == date(2027, 12, 31)
    assert list(subscription.invoices.values_list("period_start", flat=True)) == [date(2027, 1, 1)]


def test_the_backend_is_chosen_from_the_settings(
    stripe: StripeTestServer, settings: object
) -> None:
    assert get_backend().name == "stripe"
    settings.STRIPE_SECRET_KEY = ""  # type: ignore[attr-defined]
    assert get_backend().name == "local"


def test_local_invoices_are_marked_paid_by_an_operator_in_the_console(
    local_billing: None, oost: Buurtsite, console: Client
) -> None:
    invoice = actions.issue_invoice(
        make_buurtsite_subscription(oost), period_start=date(2026, 1, 1)
    )
    page = f"/beheer/console/facturatie/gemeenten/{oost.municipality_id}/"

    response = console.post(f"{page}facturen/{invoice.pk}/betaald/")

    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    again = console.post(f"{page}facturen/{invoice.pk}/betaald/")
    assert again.status_code == 400
    assert "Alleen een factuur die nog betaald moet worden" in again.content.decode()
    assert len(mail.outbox) == 0
