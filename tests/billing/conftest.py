"""Billing tests talk to a real Stripe-speaking server: localstripe in a subprocess, with our
own server in front of it for what localstripe lacks (tests/billing/stripe_server.py).

Tasks run eagerly (Celery's own eager mode, retries included) when a test asks for `eager`;
the Stripe client is pointed at the server through the settings, never by patching it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from pytest_django import Settings

from billing import actions
from billing.models import BillingAccount, Invoice, Plan, Subscription
from mijnbuurtje.celery import app
from tenants.models import Buurtsite
from tests.billing.stripe_server import StripeTestServer, start_localstripe
from tests.members.factories import _media_in_a_temporary_folder
from tests.organisations.factories import (
    admin_client,
    editor_client,
    org_admin,
    org_editor,
    organisation,
    other_organisation,
)

__all__ = [
    "_media_in_a_temporary_folder",
    "admin_client",
    "editor_client",
    "org_admin",
    "org_editor",
    "organisation",
    "other_organisation",
]

WEBHOOK_SECRET = "whsec_test_" + "b" * 32


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[StripeTestServer]:
    process, localstripe_url = start_localstripe()
    server = StripeTestServer(localstripe_url)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings: Settings, stripe_server: StripeTestServer) -> StripeTestServer:
    """The Stripe backend's settings, pointing at the test server; writes nothing."""
    settings.STRIPE_SECRET_KEY = "sk_test_mijnbuurtje"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stripe_server.url
    settings.STRIPE_TIMEOUT_SECONDS = 5.0
    return stripe_server


@pytest.fixture
def stripe(stripe_settings: StripeTestServer, db: None) -> StripeTestServer:
    """Billing on the Stripe backend, against the test server."""
    # Prices are found again by their ids; start from none known, as on a fresh Stripe account.
    # (Inside the test's transaction: a test whose threads commit uses `stripe_settings`, or
    # this update's row locks would keep those threads waiting.)
    Plan.objects.update(stripe_product_id="", stripe_price_id="")
    return stripe_settings


@pytest.fixture
def local_billing(settings: Settings) -> None:
    """Billing without Stripe: the local invoice backend (the default for `make run`)."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def eager() -> Iterator[None]:
    """Tasks run in this thread when sent (and on retry), as a worker would run them."""
    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(task_always_eager=before[0], task_eager_propagates=before[1])


def plan(key: str) -> Plan:
    return Plan.objects.get(key=key)


def make_buurtsite_subscription(
    buurtsite: Buurtsite,
    *,
    purchase_order: str = "PO-2026-0412",
    vat_number: str = "NL002220862B01",
    email: str = "financien@nijmegen.nl",
) -> Subscription:
    """The subscription an approved order starts, with the municipality's invoice details."""
    connection.set_schema_to_public()
    account = actions.account_for_municipality(buurtsite.municipality, email=email)
    account.name = f"Gemeente {buurtsite.municipality.name}"
    account.contact_name = "Fenna de Vriës"
    account.email = email
    account.address_line = "Korte Nieuwstraat 6"
    account.postal_code = "6511 PP"
    account.city = "Nijmegen"
    account.vat_number = vat_number
    account.purchase_order = purchase_order
    account.save()
    # The demo's subscription and invoices of this buurtsite make way (rolled back after the test).
    Invoice.objects.filter(subscription__buurtsite=buurtsite).delete()
    Subscription.objects.filter(buurtsite=buurtsite).delete()
    return Subscription.objects.create(
        buurtsite=buurtsite,
        account=account,
        plan=plan("small"),
        status=Subscription.Status.ACTIVE,
        current_period_start=date(2026, 1, 1),
        current_period_end=date(2026, 12, 31),
    )


def licence_for(account: BillingAccount, *, key: str = "licence-month") -> Subscription:
    return Subscription.objects.create(
        account=account, plan=plan(key), quantity=1, status=Subscription.Status.INCOMPLETE
    )


def signature(payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """A Stripe-Signature header as Stripe makes it: HMAC-SHA256 over "<t>.<body>"."""
    timestamp = int(time.time()) if at is None else at
    signed = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signed}"


def event_payload(
    type: str, data_object: dict[str, Any], *, event_id: str = "", created: int | None = None
) -> bytes:
    event = {
        "id": event_id or "evt_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "type": type,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": data_object},
    }
    return json.dumps(event).encode()


def deliver(client: Client, payload: bytes, *, header: str | None = None) -> Any:
    return client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header if header is not None else signature(payload),
    )
