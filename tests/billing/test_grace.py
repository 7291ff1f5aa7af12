"""When payment fails: tell the contact and the operators, hold after the grace period, resume
when paid. A held buurtsite is read-only with a notice; nothing is deleted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from billing import actions
from billing.models import Invoice, Subscription
from organisations.models import Organisation
from tenants.models import Buurtsite
from tests.billing.conftest import licence_for, make_buurtsite_subscription, plan
from tests.billing.stripe_server import StripeTestServer
from tests.organisations.factories import make_professional


@pytest.fixture
def overdue_invoice(local_billing: None, oost: Buurtsite) -> Invoice:
    invoice = actions.issue_invoice(
        make_buurtsite_subscription(oost), period_start=date(2026, 1, 1)
    )
    Invoice.objects.filter(pk=invoice.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    invoice.refresh_from_db()
    return invoice


def test_an_overdue_invoice_tells_the_contact_and_the_operators_once_in_dutch(
    overdue_invoice: Invoice, eager: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_grace_periods()
        actions.apply_grace_periods()

    subscription = Subscription.objects.get(pk=overdue_invoice.subscription_id)
    assert subscription.status == Subscription.Status.PAST_DUE
    assert subscription.past_due_since is not None
    assert len(mail.outbox) == 2
    to_contact, to_operators = mail.outbox
    assert to_contact.to == ["financien@nijmegen.nl"]
    assert "beheer@mijnbuurtje.localhost" in to_operators.to
    assert to_contact.subject == "Betaling te laat voor Nijmegen-Oost"
    assert "Beste Fenna de Vriës" in to_contact.body
    assert "/facturen/" in to_contact.body


def test_within_the_grace_period_the_buurtsite_stays_open(
    overdue_invoice: Invoice, eager: None, oost: Buurtsite
) -> None:
    assert actions.apply_grace_periods() == 0

    oost.refresh_from_db()
    assert oost.status == Buurtsite.Status.ACTIVE


def test_after_the_grace_period_the_buurtsite_is_read_only_with_a_notice(
    overdue_invoice: Invoice,
    eager: None,
    oost: Buurtsite,
    oost_client: Client,
    lindenholt: Buurtsite,
    django_capture_on_commit_callbacks: Any,
) -> None:
    later = timezone.now() + timedelta(days=15)

    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_grace_periods()
        assert actions.apply_grace_periods(now=later) == 1

    oost.refresh_from_db()
    assert oost.status == Buurtsite.Status.ON_HOLD
    page = oost_client.get("/")
    assert page.status_code == 200
    assert "Nijmegen-Oost is even gepauzeerd" in page.content.decode() or (
        "gepauzeerd" in page.content.decode()
    )
    change = oost_client.post("/profiel/", {"display_name": "x"})
    assert change.status_code == 403
    assert "nog niet betaald" in change.content.decode()
    # Nothing deleted: the members are all still there.
    with tenant_context(oost):
        assert User.objects.exists()
    lindenholt.refresh_from_db()
    assert lindenholt.status == Buurtsite.Status.ACTIVE
    assert any("gepauzeerd" in message.subject for message in mail.outbox)


def test_paying_resumes_a_held_buurtsite_by_itself(
    overdue_invoice: Invoice,
    eager: None,
    oost: Buurtsite,
    operator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.apply_grace_periods()
        actions.apply_grace_periods(now=timezone.now() + timedelta(days=15))
    oost.refresh_from_db()
    assert oost.status == Buurtsite.Status.ON_HOLD

    with django_capture_on_commit_callbacks(execute=True):
        actions.mark_invoice_paid(overdue_invoice, acting_operator=operator)

    oost.refresh_from_db()
    subscription = Subscription.objects.get(pk=overdue_invoice.subscription_id)
    assert oost.status == Buurtsite.Status.ACTIVE
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.past_due_since is None
    assert subscription.on_hold_since is None
    assert mail.outbox[-1].subject == "Bedankt: Nijmegen-Oost is weer open"


def test_a_payment_whose_event_got_lost_is_found_before_holding(
    stripe: StripeTestServer, eager: None, oost: Buurtsite
) -> None:
    invoice = actions.issue_invoice(
        make_buurtsite_subscription(oost), period_start=date(2026, 1, 1)
    )
    Invoice.objects.filter(pk=invoice.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    actions.apply_grace_periods()
    stripe.change_invoice(str(invoice.stripe_invoice_id), status="paid")

    assert actions.apply_grace_periods(now=timezone.now() + timedelta(days=15)) == 0

    oost.refresh_from_db()
    assert oost.status == Buurtsite.Status.ACTIVE
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_a_suspended_buurtsite_is_not_reopened_by_a_payment(
    overdue_invoice: Invoice, eager: None, oost: Buurtsite, operator: User
) -> None:
    """A hold is billing's; a suspension is the operator's, and stays until they lift it."""
    from provisioning.lifecycle import suspend_buurtsite

    suspend_buurtsite(oost)
    actions.apply_grace_periods()
    actions.apply_grace_periods(now=timezone.now() + timedelta(days=15))
    actions.mark_invoice_paid(overdue_invoice, acting_operator=operator)

    oost.refresh_from_db()
    assert oost.status == Buurtsite.Status.SUSPENDED


def test_an_unpaid_licence_hides_the_services_after_the_grace_period_and_shows_them_when_paid(
    stripe: StripeTestServer,
    eager: None,
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    account = actions.account_for_organisation(organisation, email="financiën@sterker.nl")
    licence = licence_for(account)
    make_professional(organisation, name="Saskia Çelik")
    from billing.backends import get_backend

    backend = get_backend()
    url = backend.start_checkout(licence, success_url="http://x/ok", cancel_url="http://x/no")
    remote_id = stripe.complete_checkout(url.rsplit("/", 1)[1])
    actions.record_subscription(backend.fetch_subscription(remote_id))
    licence.refresh_from_db()
    assert licence.status == Subscription.Status.ACTIVE

    actions.sync_plans_to_stripe()
    yearly = plan("licence-year").stripe_price_id
    failed_invoice = stripe.fail_renewal(remote_id, next_price=yearly)
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_subscription(backend.fetch_subscription(remote_id))
    licence.refresh_from_db()
    assert licence.status == Subscription.Status.PAST_DUE
    assert mail.outbox[0].to == ["financiën@sterker.nl"]

    assert actions.apply_grace_periods(now=timezone.now() + timedelta(days=15)) == 1
    organisation.refresh_from_db()
    assert organisation.licence_hidden is True

    stripe.pay_renewal(remote_id, failed_invoice)
    actions.record_subscription(backend.fetch_subscription(remote_id))
    organisation.refresh_from_db()
    licence.refresh_from_db()
    assert organisation.licence_hidden is False
    assert licence.status == Subscription.Status.ACTIVE


def test_a_buurtsite_on_hold_keeps_its_address_and_certificate(oost: Buurtsite) -> None:
    from provisioning.domains import certificate_allowed
    from provisioning.lifecycle import hold_buurtsite_for_payment

    hold_buurtsite_for_payment(oost)

    host = oost.domains.get(is_primary=True).domain
    assert certificate_allowed(host)
