"""Welfare organisations: a licence per professional seat, started in Stripe Checkout, managed
in Stripe's customer portal, counted monthly across every buurtsite the organisation serves."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import stripe as stripe_library
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from billing import actions
from billing.backends import get_backend
from billing.models import LicenceCount, Subscription
from billing.tasks import report_licence_count
from organisations.models import MembershipRole, Organisation
from tenants.models import Buurtsite
from tests.billing.conftest import licence_for
from tests.billing.stripe_server import StripeTestServer
from tests.organisations.factories import (
    make_buurtsite_elsewhere,
    make_portal_user,
    make_professional,
    portal_client,
)

LICENCE_PAGE = "/portaal/licentie/"


def _plan_id(key: str = "licence-month") -> int:
    from billing.models import Plan

    return Plan.objects.get(key=key).pk


def test_an_admin_leaves_for_stripe_checkout_with_a_seat_per_professional(
    stripe: StripeTestServer, admin_client: Client, organisation: Organisation
) -> None:
    make_professional(organisation, name="Jeroen de Bruijn")
    make_professional(organisation, name="Aïcha El Amrani")

    response = admin_client.post(LICENCE_PAGE, {"plan": _plan_id()})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{stripe.url}/checkout/cs_test_")
    session = stripe.checkout_sessions[response["Location"].rsplit("/", 1)[1]]
    assert session["mode"] == "subscription"
    assert session["line_items"][0]["quantity"] == 2
    assert session["success_url"].endswith("/portaal/licentie/?klaar=1")
    licence = Subscription.objects.get(account__organisation=organisation)
    assert licence.status == Subscription.Status.INCOMPLETE
    assert session["subscription_metadata"] == {"subscription_id": str(licence.pk)}


def test_two_clicks_on_start_make_one_checkout_session(
    stripe: StripeTestServer, admin_client: Client, organisation: Organisation
) -> None:
    first = admin_client.post(LICENCE_PAGE, {"plan": _plan_id()})
    second = admin_client.post(LICENCE_PAGE, {"plan": _plan_id()})

    assert first["Location"] == second["Location"]
    assert Subscription.objects.filter(account__organisation=organisation).count() == 1


def test_a_paid_checkout_makes_the_licence_active(
    stripe: StripeTestServer, admin_client: Client, organisation: Organisation, eager: None
) -> None:
    response = admin_client.post(LICENCE_PAGE, {"plan": _plan_id()})
    remote_id = stripe.complete_checkout(response["Location"].rsplit("/", 1)[1])

    actions.record_subscription(get_backend().fetch_subscription(remote_id))

    licence = Subscription.objects.get(account__organisation=organisation)
    assert licence.status == Subscription.Status.ACTIVE
    assert licence.stripe_subscription_id == remote_id
    page = admin_client.get(LICENCE_PAGE)
    assert page.status_code == 200
    assert page.context["subscription"] == licence
    again = admin_client.post(LICENCE_PAGE, {"plan": _plan_id()})
    assert again.status_code == 400


def test_the_customer_portal_is_opened_for_the_own_customer(
    stripe: StripeTestServer, admin_client: Client, organisation: Organisation
) -> None:
    admin_client.post(LICENCE_PAGE, {"plan": _plan_id()})

    response = admin_client.post("/portaal/licentie/beheren/")

    assert response.status_code == 302
    session = stripe.portal_sessions[response["Location"].rsplit("/", 1)[1]]
    assert session["customer"] == organisation.billing_account.stripe_customer_id
    assert session["locale"] == "nl"


def test_the_portal_without_a_licence_is_a_clear_refusal(
    stripe: StripeTestServer, admin_client: Client
) -> None:
    response = admin_client.post("/portaal/licentie/beheren/")

    assert response.status_code == 400


def test_editors_cannot_start_or_manage_a_licence(
    stripe: StripeTestServer, editor_client: Client, organisation: Organisation
) -> None:
    assert editor_client.get(LICENCE_PAGE).status_code == 403
    assert editor_client.post(LICENCE_PAGE, {"plan": _plan_id()}).status_code == 403
    assert editor_client.post("/portaal/licentie/beheren/").status_code == 403
    assert not Subscription.objects.filter(account__organisation=organisation).exists()


def test_a_buurtsite_plan_cannot_be_bought_as_a_licence(
    stripe: StripeTestServer, admin_client: Client, organisation: Organisation
) -> None:
    response = admin_client.post(LICENCE_PAGE, {"plan": _plan_id("small")})

    assert response.status_code == 400
    assert not Subscription.objects.filter(account__organisation=organisation).exists()


def test_the_licence_pages_are_not_on_a_buurtsite(oost_client: Client, org_admin: User) -> None:
    oost_client.force_login(org_admin)

    assert oost_client.get(LICENCE_PAGE).status_code == 404


def test_an_organisation_sees_only_its_own_licence(
    stripe: StripeTestServer,
    admin_client: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    eager: None,
) -> None:
    other_account = actions.account_for_organisation(other_organisation, email="x@lindenholt.nl")
    other_licence = licence_for(other_account)
    Subscription.objects.filter(pk=other_licence.pk).update(
        status=Subscription.Status.ACTIVE, quantity=7
    )

    page = admin_client.get(LICENCE_PAGE)

    assert page.context["subscription"] is None
    assert "7" not in [str(value) for value in page.context.get("invoices", [])]
    admin_client.post("/portaal/licentie/beheren/")
    other_account.refresh_from_db()
    # Nothing of the other organisation was touched at Stripe for this admin.
    assert not other_account.stripe_customer_id


def test_the_monthly_count_covers_every_buurtsite_and_keeps_what_it_was_based_on(
    stripe: StripeTestServer,
    organisation: Organisation,
    oost: Buurtsite,
    lindenholt: Buurtsite,
    eager: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    organisation.buurtsites.add(lindenholt)
    counted = [
        make_professional(organisation, name="Noor Öztürk"),
        make_professional(organisation, name="Bram Jansen"),
        make_professional(organisation, name="Eva de Wit"),
    ]
    make_professional(organisation, name="Niet actief", is_active=False)
    account = actions.account_for_organisation(organisation, email="finance@sterker.nl")
    licence = licence_for(account)
    url = get_backend().start_checkout(licence, success_url="http://x/ok", cancel_url="http://x/no")
    remote_id = stripe.complete_checkout(url.rsplit("/", 1)[1])
    actions.record_subscription(get_backend().fetch_subscription(remote_id))

    # Only this licence runs: the demo's licence (counted for its own month) stands aside.
    Subscription.objects.filter(buurtsite__isnull=True).exclude(pk=licence.pk).update(
        status=Subscription.Status.CANCELED
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.count_all_licences(today=date(2026, 12, 3)) == 1
        assert actions.count_all_licences(today=date(2026, 12, 20)) == 0

    count = LicenceCount.objects.get(subscription=licence)
    assert count.month == date(2026, 12, 1)
    assert count.quantity == 3
    assert sorted(count.professional_ids) == sorted(p.pk for p in counted)
    assert count.buurtsite_ids == sorted([oost.pk, lindenholt.pk])
    assert count.reported_at is not None
    remote = stripe.localstripe("GET", f"/v1/subscriptions/{remote_id}")
    assert int(remote["items"]["data"][0]["quantity"]) == 3


def test_an_organisation_on_no_buurtsite_counts_no_professionals(
    local_billing: None, organisation: Organisation, eager: None
) -> None:
    organisation.buurtsites.clear()
    make_professional(organisation)
    account = actions.account_for_organisation(organisation, email="finance@sterker.nl")
    licence = licence_for(account)
    Subscription.objects.filter(pk=licence.pk).update(status=Subscription.Status.ACTIVE)

    count = actions.count_licence(licence, month=date(2026, 12, 1))

    assert count is not None
    assert count.quantity == 0
    assert count.buurtsite_ids == []


def test_a_quantity_report_retried_after_a_timeout_changes_stripe_once(
    stripe: StripeTestServer, organisation: Organisation, settings: Any, eager: None
) -> None:
    """The first attempt's request reaches Stripe, but its answer comes too late: the task
    retries with the same idempotency key, and Stripe answers with the first result."""
    account = actions.account_for_organisation(organisation, email="finance@sterker.nl")
    licence = licence_for(account)
    url = get_backend().start_checkout(licence, success_url="http://x/ok", cancel_url="http://x/no")
    remote_id = stripe.complete_checkout(url.rsplit("/", 1)[1])
    actions.record_subscription(get_backend().fetch_subscription(remote_id))
    make_professional(organisation)
    make_professional(organisation)
    count = LicenceCount.objects.create(
        subscription=licence, month=date(2026, 12, 1), quantity=2, professional_ids=[]
    )
    settings.STRIPE_TIMEOUT_SECONDS = 0.5
    stripe.slow_once("/v1/subscription_items/", seconds=1.5)
    before = stripe.created.copy()

    result = report_licence_count.apply(args=[count.pk], throw=False)
    assert result.get() is True

    made = stripe.created - before
    assert made["POST /v1/subscription_items/{id}"] == 1
    count.refresh_from_db()
    assert count.reported_at is not None


def test_an_invoice_task_retried_after_a_timeout_creates_one_invoice_at_stripe(
    stripe: StripeTestServer, oost: Buurtsite, settings: Any, eager: None
) -> None:
    from billing.tasks import issue_invoice
    from tests.billing.conftest import make_buurtsite_subscription

    subscription = make_buurtsite_subscription(oost)
    actions.sync_plans_to_stripe()
    get_backend().ensure_customer(subscription.account)
    settings.STRIPE_TIMEOUT_SECONDS = 0.5
    stripe.slow_once("/v1/invoices", seconds=1.5)
    before = stripe.created.copy()

    result = issue_invoice.apply(args=[subscription.pk, "2026-01-01"], throw=False)

    made = stripe.created - before
    assert made["POST /v1/invoices"] == 1
    assert made["POST /v1/invoiceitems"] == 1
    assert subscription.invoices.get().pk == result.get()


def test_without_the_retry_the_timeout_is_reported(
    stripe: StripeTestServer, organisation: Organisation, settings: Any
) -> None:
    """The test above is not empty: a timeout does reach the task as a connection error."""
    account = actions.account_for_organisation(organisation, email="finance@sterker.nl")
    settings.STRIPE_TIMEOUT_SECONDS = 0.5
    stripe.slow_once("/v1/customers", seconds=1.5)

    with pytest.raises(stripe_library.APIConnectionError):
        get_backend().ensure_customer(account)


def test_the_licence_page_makes_a_fixed_number_of_queries(
    local_billing: None,
    admin_client: Client,
    organisation: Organisation,
    eager: None,
) -> None:
    account = actions.account_for_organisation(organisation, email="finance@sterker.nl")
    licence = licence_for(account)
    get_backend().start_checkout(licence, success_url="http://x/ok", cancel_url="http://x/no")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(LICENCE_PAGE).status_code == 200
        return len(captured)

    few = queries()
    for month in range(2, 8):
        actions.issue_invoice(licence, period_start=date(2026, month, 1))
    assert queries() == few


def test_a_member_of_two_organisations_counts_for_each_separately(
    local_billing: None, organisation: Organisation, other_organisation: Organisation
) -> None:
    elsewhere = make_buurtsite_elsewhere()
    other_organisation.buurtsites.add(elsewhere)
    make_professional(organisation)
    make_professional(other_organisation)
    make_professional(other_organisation)
    first = licence_for(actions.account_for_organisation(organisation, email="a@a.nl"))
    second = licence_for(actions.account_for_organisation(other_organisation, email="b@b.nl"))

    one = actions.count_licence(first, month=date(2026, 12, 1))
    two = actions.count_licence(second, month=date(2026, 12, 1))

    assert one is not None and two is not None
    assert (one.quantity, two.quantity) == (1, 2)
    assert elsewhere.pk in two.buurtsite_ids
    assert elsewhere.pk not in one.buurtsite_ids


def test_a_portal_user_of_another_organisation_gets_its_own_page(
    stripe: StripeTestServer, other_organisation: Organisation, organisation: Organisation
) -> None:
    other_admin = make_portal_user(other_organisation, role=MembershipRole.ADMIN)
    client = portal_client(other_admin)

    client.post(LICENCE_PAGE, {"plan": _plan_id()})

    licence = Subscription.objects.get(account__organisation=other_organisation)
    assert licence.status == Subscription.Status.INCOMPLETE
    assert not Subscription.objects.filter(account__organisation=organisation).exists()
