"""The demo buurtsites in a real browser: names, accessibility, phones, keyboards, sessions."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from provisioning.actions import provision_buurtsite_now
from tenants.actions import (
    create_municipality,
    platform_host_for,
    set_buurtsite_status,
)
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.cleanup import remove_committed_buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST, PASSWORD, PLATFORM_HOST

# django_db: see tests/browser/conftest.py for why, and why writes use committed().
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]

BUURTSITES = [
    (OOST_HOST, "Nijmegen-Oost", "Lindenholt"),
    (LINDENHOLT_HOST, "Lindenholt", "Nijmegen-Oost"),
]
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 720}
UNKNOWN_HOST = "nergens.localhost"
SUSPENDED_SLUG = "hatert"
SESSION_COOKIE = "sessionid"
# Outside the repository: for a person to look at, not compared by any test.
SCREENSHOTS = Path(tempfile.gettempdir())


@pytest.fixture
def suspended_host(server_port: int) -> Iterator[str]:
    """A third buurtsite, committed so the server thread sees it, suspended, and gone after."""
    committed(_remove_suspended_buurtsite)  # left over from an interrupted run with --reuse-db
    committed(_create_suspended_buurtsite)

    yield platform_host_for(SUSPENDED_SLUG)

    committed(_remove_suspended_buurtsite)


def _create_suspended_buurtsite() -> None:
    municipality = create_municipality(name="Testgemeente", cbs_code="GM9999")
    buurtsite = provision_buurtsite_now(municipality, name="Hatert", slug=SUSPENDED_SLUG)
    set_buurtsite_status(buurtsite, status=Buurtsite.Status.SUSPENDED)


def _remove_suspended_buurtsite() -> None:
    remove_committed_buurtsite(SUSPENDED_SLUG, municipality_code="GM9999")


def _check_page(page: Page, url: str, status: int, assert_accessible: AssertAccessible) -> None:
    """Accessible at desktop and phone width, and no sideways scrolling on the phone."""
    page.set_viewport_size(DESKTOP)
    response = page.goto(url)
    assert response is not None
    assert response.status == status, url
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{url} scrolls sideways on a phone: {scroll_width}px"
    assert_accessible(page)


def test_each_buurtsite_shows_its_own_name_and_the_platform_lists_both(
    page: Page, site_url: SiteUrl
) -> None:
    for host, name, other in BUURTSITES:
        page.goto(site_url(host))

        expect(page.locator("header .site-name")).to_have_text(name)
        expect(page.locator("h1")).to_contain_text(name)
        assert other not in page.locator("body").inner_text()
        screenshot = SCREENSHOTS / f"mijnbuurtje-{host.split('.')[0]}-home.png"
        page.screenshot(path=screenshot, full_page=True)

    page.goto(site_url(PLATFORM_HOST))

    for host, name, _other in BUURTSITES:
        link = page.locator("main .card-list a", has_text=name)
        expect(link).to_have_attribute("href", f"{site_url(host)}/")
    page.locator("main .card-list a", has_text="Lindenholt").click()
    expect(page.locator("header .site-name")).to_have_text("Lindenholt")


@pytest.mark.parametrize(
    ("host", "path", "status"),
    [
        (PLATFORM_HOST, "/", 200),
        (OOST_HOST, "/", 200),
        (LINDENHOLT_HOST, "/", 200),
        (OOST_HOST, "/account/login/", 200),
        (OOST_HOST, "/account/signup/", 200),
        (OOST_HOST, "/account/password/reset/", 200),
        (PLATFORM_HOST, "/beheer/login/", 200),
        (UNKNOWN_HOST, "/", 404),
    ],
)
def test_page_is_accessible_and_fits_a_phone(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    host: str,
    path: str,
    status: int,
) -> None:
    _check_page(page, site_url(host) + path, status, assert_accessible)


def test_suspended_buurtsite_page_is_accessible_and_fits_a_phone(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, suspended_host: str
) -> None:
    _check_page(page, site_url(suspended_host), 503, assert_accessible)

    expect(page.locator("h1")).to_contain_text("Hatert")


def test_keyboard_user_skips_to_content_and_switches_to_english(
    page: Page, site_url: SiteUrl
) -> None:
    page.goto(site_url(OOST_HOST))
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    language = page.locator("select#language")
    for _ in range(20):
        if language.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(language).to_be_focused()
    page.keyboard.type("English")  # type-ahead picks the option by its name
    expect(language).to_have_value("en")
    page.keyboard.press("Tab")
    expect(page.locator(".language-switch button[type=submit]")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header .site-name")).to_have_text("Nijmegen-Oost")
    expect(page.locator("select#language")).to_have_value("en")


def test_resident_signs_in_on_oost_and_is_a_stranger_on_lindenholt(
    page: Page, context: BrowserContext, site_url: SiteUrl
) -> None:
    page.goto(site_url(OOST_HOST) + "/account/login/")
    page.locator("input[name=login]").fill("bewoner@oost.localhost")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(site_url(OOST_HOST) + "/")
    expect(page.locator("main")).to_contain_text("Bewoner Nijmegen-Oost")
    expect(page.locator("header a[href='/account/logout/']")).to_be_visible()
    expect(page.locator("header a[href='/account/login/']")).to_have_count(0)

    # Host-only cookie: the browser does not even offer it to lindenholt.
    page.goto(site_url(LINDENHOLT_HOST))
    _expect_signed_out(page)

    # And handed over deliberately, lindenholt's own session store does not know it.
    oost_session = next(
        cookie["value"]
        for cookie in context.cookies(site_url(OOST_HOST))
        if cookie["name"] == SESSION_COOKIE
    )
    context.add_cookies(
        [{"name": SESSION_COOKIE, "value": oost_session, "url": site_url(LINDENHOLT_HOST)}]
    )
    page.reload()
    _expect_signed_out(page)


def _expect_signed_out(page: Page) -> None:
    expect(page.locator("header .site-name")).to_have_text("Lindenholt")
    expect(page.locator("header a[href='/account/login/']")).to_be_visible()
    expect(page.locator("header a[href='/account/logout/']")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Bewoner")
