"""Stripe's webhook: verified on the raw body, each event once, state from Stripe's objects."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any, TypeVar

import pytest
import stripe as stripe_library
from django.db import connection, connections
from django.db.models import Q
from django.test import Client

from billing import actions
from billing.models import BillingAccount, Invoice, Plan, StripeEvent, Subscription
from organisations.models import Organisation
from tenants.models import Buurtsite, Municipality
from tests.billing.conftest import (
    WEBHOOK_SECRET,
    deliver,
    event_payload,
    licence_for,
    make_buurtsite_subscription,
    signature,
)
from tests.billing.stripe_server import StripeTestServer
from tests.conftest import OOST_HOST, PLATFORM_HOST

T = TypeVar("T")


@pytest.fixture
def platform(db: None) -> Client:
    return Client(HTTP_HOST=PLATFORM_HOST)


def _invoice_at_stripe(stripe: StripeTestServer, buurtsite: Buurtsite) -> Invoice:
    subscription = make_buurtsite_subscription(buurtsite)
    return actions.issue_invoice(subscription, period_start=date(2026, 1, 1))


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("", id="missing"),
        pytest.param("t=1,v1=deadbeef", id="forged"),
        pytest.param(None, id="stale"),
        pytest.param("other-secret", id="other-secret"),
    ],
)
def test_a_bad_signature_is_refused_and_nothing_is_written(
    stripe: StripeTestServer, platform: Client, header: str | None
) -> None:
    payload = event_payload("invoice.paid", {"id": "in_123", "object": "invoice"})
    if header is None:
        header = signature(payload, at=int(time.time()) - 3600)
    elif header == "other-secret":
        header = signature(payload, secret="whsec_someone_else")

    response = deliver(platform, payload, header=header)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_an_altered_body_is_refused(stripe: StripeTestServer, platform: Client) -> None:
    payload = event_payload("invoice.paid", {"id": "in_123", "object": "invoice"})
    header = signature(payload)
    altered = payload.replace(b"in_123", b"in_999")

    response = deliver(platform, altered, header=header)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_body_that_is_not_json_is_refused(stripe: StripeTestServer, platform: Client) -> None:
    payload = b"not json at all"

    assert deliver(platform, payload).status_code == 400
    assert not StripeEvent.objects.exists()


def test_the_webhook_lives_on_the_platform_host_only(
    stripe: StripeTestServer, oost_client: Client
) -> None:
    payload = event_payload("invoice.paid", {"id": "in_123", "object": "invoice"})

    assert deliver(oost_client, payload).status_code == 404
    assert not StripeEvent.objects.exists()


def test_without_stripe_the_webhook_does_not_exist(local_billing: None, platform: Client) -> None:
    payload = event_payload("invoice.paid", {"id": "in_123", "object": "invoice"})

    assert deliver(platform, payload, header=signature(payload)).status_code == 404


def test_a_get_is_not_allowed(stripe: StripeTestServer, platform: Client) -> None:
    assert platform.get("/stripe/webhook/").status_code == 405


EVENT_TYPES = [
    "invoice.finalized",
    "invoice.sent",
    "invoice.paid",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "invoice.overdue",
    "invoice.voided",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "checkout.session.completed",
]


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_replayed_a_hundred_times_has_one_effect(
    stripe: StripeTestServer,
    platform: Client,
    oost: Buurtsite,
    organisation: Organisation,
    eager: None,
    django_capture_on_commit_callbacks: Any,
    event_type: str,
) -> None:
    data_object = _object_for(event_type, stripe, oost, organisation)
    payload = event_payload(event_type, data_object)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        responses = [deliver(platform, payload) for _ in range(100)]

    assert {response.status_code for response in responses} == {200}
    event = StripeEvent.objects.get()
    assert event.type == event_type
    assert event.processed_at is not None
    assert event.attempts == 1
    # One task for the one stored event: the 99 replays enqueue nothing.
    assert len(callbacks) == 1


def _object_for(
    event_type: str, stripe: StripeTestServer, oost: Buurtsite, organisation: Organisation
) -> dict[str, Any]:
    if event_type.startswith("invoice."):
        invoice = _invoice_at_stripe(stripe, oost)
        return stripe.invoice(str(invoice.stripe_invoice_id))
    licence = _licence_at_stripe(stripe, organisation)
    if event_type == "checkout.session.completed":
        return stripe.checkout_sessions[licence["session"]]
    return stripe.localstripe("GET", f"/v1/subscriptions/{licence['subscription']}")


def _licence_at_stripe(stripe: StripeTestServer, organisation: Organisation) -> dict[str, str]:
    account = actions.account_for_organisation(organisation, email="finance@sterker.nl")
    subscription = licence_for(account)
    from billing.backends import get_backend

    url = get_backend().start_checkout(
        subscription, success_url="http://localhost/ok", cancel_url="http://localhost/no"
    )
    session_id = url.rsplit("/", 1)[1]
    remote = stripe.complete_checkout(session_id)
    return {"session": session_id, "subscription": remote, "id": str(subscription.pk)}


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_ten_deliveries_at_once_store_and_process_the_event_once(
    stripe_settings: StripeTestServer, eager: None, db: None, event_type: str
) -> None:
    """Real transactions in ten threads: each request commits on a connection of its own."""
    stripe = stripe_settings
    made = _committed(lambda: _committed_objects(stripe, event_type))
    payload = event_payload(event_type, made["object"])
    event_id = json.loads(payload)["id"]

    def post(_: int) -> int:
        try:
            return deliver(Client(HTTP_HOST=PLATFORM_HOST), payload).status_code
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(pool.map(post, range(10)))

        assert statuses == [200] * 10
        event = StripeEvent.objects.get(event_id=event_id)
        assert event.processed_at is not None
        assert event.attempts == 1
        if event_type.startswith("invoice."):
            assert Invoice.objects.filter(stripe_invoice_id=made["remote"]).count() == 1
        else:
            licence = Subscription.objects.get(stripe_subscription_id=made["remote"])
            assert licence.status == Subscription.Status.ACTIVE
    finally:
        _committed(lambda: _remove(made, event_id))


def _committed(work: Callable[[], T]) -> T:
    def run() -> T:
        try:
            connection.set_schema_to_public()
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _committed_objects(stripe: StripeTestServer, event_type: str) -> dict[str, Any]:
    """Committed rows of their own (no schema needed): the session's demo stays untouched."""
    municipality = Municipality.objects.create(name="Heumen", cbs_code="GM0252")
    if event_type.startswith("invoice."):
        buurtsite = Buurtsite.objects.create(
            name="Malden",
            slug="malden",
            municipality=municipality,
            schema_name="test_malden",
            status=Buurtsite.Status.ACTIVE,
        )
        invoice = _invoice_at_stripe(stripe, buurtsite)
        remote = str(invoice.stripe_invoice_id)
        return {"remote": remote, "object": stripe.invoice(remote)}
    organisation = Organisation.objects.create(
        municipality=municipality, name="Stichting Welzijn Heumen"
    )
    licence = _licence_at_stripe(stripe, organisation)
    data_object = (
        stripe.checkout_sessions[licence["session"]]
        if event_type == "checkout.session.completed"
        else stripe.localstripe("GET", f"/v1/subscriptions/{licence['subscription']}")
    )
    return {"remote": licence["subscription"], "object": data_object}


def _remove(made: dict[str, Any], event_id: str) -> None:
    StripeEvent.objects.filter(event_id=event_id).delete()
    accounts = BillingAccount.objects.filter(
        Q(municipality__cbs_code="GM0252") | Q(organisation__municipality__cbs_code="GM0252")
    )
    subscriptions = Subscription.objects.filter(account__in=accounts)
    Invoice.objects.filter(subscription__in=subscriptions).delete()
    subscriptions.delete()
    accounts.delete()
    Organisation.objects.filter(municipality__cbs_code="GM0252").delete()
    Buurtsite.objects.filter(slug="malden").delete()
    Municipality.objects.filter(cbs_code="GM0252").delete()
    # The threads synchronised the plans for this session's Stripe server: forget that again.
    Plan.objects.update(stripe_product_id="", stripe_price_id="")


def test_every_order_of_a_licences_events_ends_in_stripes_state(
    stripe: StripeTestServer,
    platform: Client,
    organisation: Organisation,
    eager: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Snapshots taken along the way (created, one seat; updated, five; paid; cancelled),
    delivered in every order: the licence always ends as Stripe has it now."""
    licence = _licence_at_stripe(stripe, organisation)
    remote_id = licence["subscription"]
    created = stripe.localstripe("GET", f"/v1/subscriptions/{remote_id}")
    item = created["items"]["data"][0]["id"]
    stripe.localstripe("POST", f"/v1/subscription_items/{item}", {"quantity": 5})
    updated = stripe.localstripe("GET", f"/v1/subscriptions/{remote_id}")
    stripe.localstripe("DELETE", f"/v1/subscriptions/{remote_id}")
    deleted = stripe.localstripe("GET", f"/v1/subscriptions/{remote_id}")
    snapshots = [
        ("customer.subscription.created", created),
        ("checkout.session.completed", stripe.checkout_sessions[licence["session"]]),
        ("customer.subscription.updated", updated),
        ("customer.subscription.deleted", deleted),
    ]
    subscription = Subscription.objects.get(pk=int(licence["id"]))

    for number, order in enumerate(itertools.permutations(snapshots)):
        Subscription.objects.filter(pk=subscription.pk).update(
            status=Subscription.Status.INCOMPLETE, quantity=1, stripe_status=""
        )
        with django_capture_on_commit_callbacks(execute=True):
            for position, (event_type, data_object) in enumerate(order):
                payload = event_payload(
                    event_type, data_object, event_id=f"evt_{number}_{position}"
                )
                assert deliver(platform, payload).status_code == 200

        subscription.refresh_from_db()
        assert subscription.status == Subscription.Status.CANCELED, order
        assert subscription.quantity == 5
        assert subscription.stripe_status == "canceled"


def test_every_order_of_an_invoices_events_ends_paid_and_active(
    stripe: StripeTestServer,
    platform: Client,
    oost: Buurtsite,
    eager: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    invoice = _invoice_at_stripe(stripe, oost)
    remote_id = str(invoice.stripe_invoice_id)
    finalized = stripe.invoice(remote_id)
    overdue = stripe.change_invoice(remote_id, due_date=int(time.time()) - 20 * 86400)
    stripe.change_invoice(remote_id, status="paid")
    paid = stripe.invoice(remote_id)
    snapshots = [
        ("invoice.finalized", finalized),
        ("invoice.overdue", overdue),
        ("invoice.paid", paid),
    ]

    for number, order in enumerate(itertools.permutations(snapshots)):
        with django_capture_on_commit_callbacks(execute=True):
            for position, (event_type, data_object) in enumerate(order):
                payload = event_payload(
                    event_type, data_object, event_id=f"evt_i{number}_{position}"
                )
                assert deliver(platform, payload).status_code == 200

        invoice.refresh_from_db()
        assert invoice.status == Invoice.Status.PAID, order
        assert invoice.subscription.status == Subscription.Status.ACTIVE


def test_an_event_about_an_object_stripe_does_not_know_fails_and_can_be_retried(
    stripe: StripeTestServer, platform: Client, eager: None, django_capture_on_commit_callbacks: Any
) -> None:
    payload = event_payload("invoice.paid", {"id": "in_unknown", "object": "invoice"})

    with (
        pytest.raises(stripe_library.InvalidRequestError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliver(platform, payload)

    event = StripeEvent.objects.get()
    assert event.processed_at is None
    assert "InvalidRequestError" in event.error


def test_an_event_of_another_host_changes_nothing_on_a_buurtsite(
    stripe: StripeTestServer, eager: None, oost: Buurtsite
) -> None:
    """Isolation: a buurtsite host never serves the webhook, whatever the signature."""
    payload = event_payload("invoice.paid", {"id": "in_1", "object": "invoice"})

    response = Client(HTTP_HOST=OOST_HOST).post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(payload, secret=WEBHOOK_SECRET),
    )

    assert response.status_code == 404
