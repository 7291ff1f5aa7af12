"""A municipality orders a buurtsite; an operator signs in with two factors, approves it and
watches the set-up finish; the new buurtsite answers on its host. axe-core on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Page, expect

from accounts.models import User
from mijnbuurtje.celery import app
from tests.browser.conftest import SiteUrl, committed
from tests.cleanup import remove_committed_buurtsite
from tests.conftest import PASSWORD, PLATFORM_HOST

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
OPERATOR = "beheer@mijnbuurtje.localhost"
SLUG = "alverna"


@pytest.fixture
def totp_secret() -> Iterator[str]:
    """The demo operator with an authenticator app, as an operator sets one up; removed after."""
    secret = generate_totp_secret()

    def activate() -> None:
        TOTP.activate(User.objects.get(email=OPERATOR), secret)

    committed(activate)
    yield secret

    def clean_up() -> None:
        Authenticator.objects.filter(user__email=OPERATOR).delete()
        remove_committed_buurtsite(SLUG, municipality_code="GM0296")

    committed(clean_up)


@pytest.fixture
def worker(django_db_blocker: Any) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="threads", concurrency=1, perform_ping_check=False),
    ):
        yield


def _code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_order_approve_and_watch_the_run_finish(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    totp_secret: str,
    worker: None,
) -> None:
    platform = site_url(PLATFORM_HOST)

    # A municipality orders.
    page.goto(f"{platform}/bestellen/")
    assert_accessible(page)
    page.get_by_label("Gemeente:", exact=True).fill("Wijchen")
    page.get_by_label("CBS-code:").fill("GM0296")
    page.get_by_label("Naam van de buurtsite:").fill("Alverna Leeft")
    page.get_by_label("Webadres:").fill(SLUG)
    page.get_by_label("Kleine buurt (tot 5.000 inwoners)").check()
    page.get_by_label("Contactpersoon:", exact=True).fill("Fenna de Vries")
    page.get_by_label("E-mailadres van de contactpersoon:").fill("fenna@wijchen.nl")
    page.get_by_role("button", name="Bestelling versturen").click()
    expect(page.locator("h1")).to_contain_text("Bedankt")
    assert_accessible(page)

    # The operator signs in with password and authenticator code.
    page.goto(f"{platform}/beheer/console/")
    page.locator("input[name=login]").fill(OPERATOR)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=code]").fill(_code(totp_secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Beheer")
    assert_accessible(page)

    # ... approves the order and watches the set-up.
    page.get_by_role("link", name="Alverna Leeft").click()
    assert_accessible(page)
    page.get_by_role("button", name="Goedkeuren en opzetten").click()
    expect(page.locator("[data-run-status]")).to_have_attribute(
        "data-run-status", "succeeded", timeout=30_000
    )
    assert_accessible(page)

    # The new buurtsite answers on its own host.
    page.goto(site_url(f"{SLUG}.localhost"))
    expect(page.locator("header .site-name")).to_have_text("Alverna Leeft")

    page.goto(f"{platform}/beheer/console/buurtsites/{SLUG}/")
    assert_accessible(page)
