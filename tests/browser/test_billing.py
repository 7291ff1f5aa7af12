"""Billing in a real browser: an operator sees a municipality's invoices and marks one paid;
the municipality's contact opens the signed invoice link; an organisation's admin starts a
licence up to leaving for Stripe Checkout; a buurtsite on hold shows its notice. axe-core at
desktop and phone width on every billing page.

What the server needs is committed; the test removes it afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.db import connection
from playwright.sync_api import Page, expect
from pytest_django import Settings

from accounts.models import User
from billing import actions, links
from billing.models import BillingAccount, Invoice, LicenceCount, Plan, Subscription
from organisations.models import Organisation, OrganisationMembership
from provisioning.lifecycle import hold_buurtsite_for_payment, release_payment_hold
from tenants.models import Buurtsite
from tests.billing.stripe_server import StripeTestServer, start_localstripe
from tests.browser.conftest import SiteUrl, committed
from tests.conftest import OOST_HOST, PASSWORD, PLATFORM_HOST
from tests.organisations.factories import make_organisation, make_portal_user, make_professional

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
OPERATOR = "beheer@mijnbuurtje.localhost"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 720}


def _check(page: Page, assert_accessible: AssertAccessible) -> None:
    """axe-core at desktop and phone width, and nothing wider than a phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """limit => [...document.querySelectorAll('body *')]
            .filter(element => element.getBoundingClientRect().right > limit)
            .filter(element => !element.closest('.table-scroll, .table-wrap')
                || element.matches('.table-scroll, .table-wrap'))
            .slice(0, 5).map(element => element.outerHTML.slice(0, 120))""",
        PHONE["width"],
    )
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width}px {wide}"
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def _code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@dataclass(frozen=True)
class Billed:
    invoice_id: int
    invoice_number: str
    invoices_path: str


def _make_billed() -> Billed:
    """A new invoice on the demo's subscription of Nijmegen-Oost (the demo loads one)."""
    subscription = Subscription.objects.select_related("account", "plan").get(
        buurtsite__slug="oost"
    )
    invoice = actions.issue_invoice(subscription, period_start=date(2031, 1, 1))
    return Billed(invoice.pk, invoice.number, links.invoices_path(subscription.account))


def _remove_billed(billed: Billed) -> None:
    Invoice.objects.filter(pk=billed.invoice_id).delete()


@pytest.fixture
def billed() -> Iterator[Billed]:
    made = committed(_make_billed)
    yield made
    committed(lambda: _remove_billed(made))


@pytest.fixture
def totp_secret() -> Iterator[str]:
    secret = generate_totp_secret()
    committed(lambda: TOTP.activate(User.objects.get(email=OPERATOR), secret))
    yield secret
    committed(lambda: Authenticator.objects.filter(user__email=OPERATOR).delete())


def test_an_operator_sees_a_municipalitys_invoices_and_marks_one_paid(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    totp_secret: str,
    billed: Billed,
) -> None:
    platform = site_url(PLATFORM_HOST)

    page.goto(f"{platform}/beheer/console/facturatie/")
    page.locator("input[name=login]").fill(OPERATOR)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=code]").fill(_code(totp_secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Facturatie")
    _check(page, assert_accessible)

    page.get_by_role("link", name="Nijmegen", exact=True).click()
    expect(page.locator("h1")).to_have_text("Facturatie van Nijmegen")
    expect(page.locator("table")).to_contain_text(billed.invoice_number)
    expect(page.locator("table")).to_contain_text("PO-2026-0412")
    _check(page, assert_accessible)

    page.get_by_role("button", name=f"Op betaald zetten {billed.invoice_number}").click()
    expect(page.locator(".messages")).to_contain_text("De factuur staat nu op betaald.")
    expect(page.locator("table")).to_contain_text("Betaald")
    _check(page, assert_accessible)

    # A mistake in the invoice details comes back in Dutch, next to the field.
    page.get_by_label("Btw-nummer").fill("12")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("Vul een btw-nummer in")
    _check(page, assert_accessible)


def test_the_municipality_opens_its_invoices_through_the_signed_link(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, billed: Billed
) -> None:
    response = page.goto(site_url(PLATFORM_HOST) + billed.invoices_path)

    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Facturen van Gemeente Nijmegen")
    expect(page.locator("table")).to_contain_text(billed.invoice_number)
    _check(page, assert_accessible)


@dataclass(frozen=True)
class Portal:
    organisation_id: int
    email: str


def _make_portal() -> Portal:
    oost = Buurtsite.objects.get(slug="oost")
    organisation = make_organisation(
        name=f"Stichting Sterker {uuid.uuid4().hex[:6]}", buurtsites=[oost]
    )
    admin = make_portal_user(organisation, role="admin", name="Anouk de Graaf")
    make_professional(organisation, name="Sanne Peters", acting_user=admin)
    make_professional(organisation, name="Jeroen Çelik", acting_user=admin)
    return Portal(organisation.pk, admin.email)


def _remove_portal(portal: Portal) -> None:
    subscriptions = Subscription.objects.filter(account__organisation_id=portal.organisation_id)
    LicenceCount.objects.filter(subscription__in=subscriptions).delete()
    Invoice.objects.filter(subscription__in=subscriptions).delete()
    subscriptions.delete()
    BillingAccount.objects.filter(organisation_id=portal.organisation_id).delete()
    Organisation.objects.filter(pk=portal.organisation_id).delete()
    OrganisationMembership.objects.filter(user__email=portal.email).delete()
    EmailAddress.objects.filter(email=portal.email).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE email = %s", [portal.email])


@pytest.fixture
def portal() -> Iterator[Portal]:
    made = committed(_make_portal)
    yield made
    committed(lambda: _remove_portal(made))


@pytest.fixture(scope="module")
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
def stripe(settings: Settings, stripe_server: StripeTestServer) -> Iterator[StripeTestServer]:
    settings.STRIPE_SECRET_KEY = "sk_test_mijnbuurtje"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_browser"
    settings.STRIPE_API_BASE = stripe_server.url
    # This module's Stripe server knows no prices yet: let billing find or make them there.
    committed(lambda: Plan.objects.update(stripe_product_id="", stripe_price_id=""))
    yield stripe_server
    committed(lambda: Plan.objects.update(stripe_product_id="", stripe_price_id=""))


def test_an_organisation_starts_a_licence_up_to_leaving_for_stripe(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    portal: Portal,
    stripe: StripeTestServer,
) -> None:
    page.goto(f"{site_url(PLATFORM_HOST)}/portaal/licentie/")
    page.locator("input[name=login]").fill(portal.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Licentie")
    expect(page.locator("main")).to_contain_text("2 professionals zijn actief")
    _check(page, assert_accessible)

    # Without a choice: a clear Dutch message.
    page.get_by_role("button", name="Verder naar betalen").click()
    expect(page.locator("main")).to_contain_text("Kies hoe je wilt betalen.")
    _check(page, assert_accessible)

    page.get_by_label("Licentie per professional, per maand").check()
    page.get_by_role("button", name="Verder naar betalen").click()
    page.wait_for_url(f"{stripe.url}/checkout/**")

    # Gone to the Checkout page the session named (our test server stands in for Stripe).
    assert page.url.startswith(f"{stripe.url}/checkout/cs_test_")
    session = stripe.checkout_sessions[page.url.rsplit("/", 1)[1]]
    assert session["line_items"][0]["quantity"] == 2


def test_a_buurtsite_on_hold_shows_its_notice(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible
) -> None:
    def hold() -> None:
        hold_buurtsite_for_payment(Buurtsite.objects.get(slug="oost"))

    def release() -> Any:
        return release_payment_hold(Buurtsite.objects.get(slug="oost"))

    committed(hold)
    try:
        response = page.goto(site_url(OOST_HOST))
        assert response is not None and response.status == 200
        expect(page.locator("main .message").first).to_contain_text("even gepauzeerd")
        _check(page, assert_accessible)
    finally:
        committed(release)
