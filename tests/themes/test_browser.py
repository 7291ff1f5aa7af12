"""Themes in a real browser: the demo buurtsites side by side, every preset through axe-core, the
editor, and a buurtverbinder previewing and publishing a draft while visitors see the live theme.

Screenshots go to the temporary folder (for a person to look at; no test compares them):
mijnbuurtje-theme-<buurtsite>-<width>.png, mijnbuurtje-theme-preset-<preset>.png,
mijnbuurtje-theme-editor.png and mijnbuurtje-theme-preview.png.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django_tenants.utils import tenant_context
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.conftest import LINDENHOLT_HOST, OOST_HOST, PLATFORM_HOST
from tests.themes.conftest import themes_restored_afterwards
from themes.actions import apply_theme_preset, publish_theme
from themes.colours import parse_hex
from themes.models import Theme
from themes.permissions import SYSTEM
from themes.presets import PRESETS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
SCREENSHOTS = Path(tempfile.gettempdir())
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


def rgb(hex_colour: str) -> str:
    colour = parse_hex(hex_colour)
    return f"rgb({colour.red}, {colour.green}, {colour.blue})"


def header_background(page: Page) -> str:
    return str(
        page.locator("header.site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    )


def session_cookie(slug: str, email: str) -> str:
    """A committed session for `email` on that buurtsite, as its server thread will look it up."""

    def sign_in() -> str:
        with tenant_context(Buurtsite.objects.get(slug=slug)):
            client = Client()
            client.force_login(User.objects.get(email=email))
            return str(client.cookies["sessionid"].value)

    return committed(sign_in)


def test_demo_buurtsites_show_their_own_themes(page: Page, site_url: SiteUrl) -> None:
    themes = committed(
        lambda: {t.buurtsite.slug: t for t in Theme.objects.select_related("buurtsite")}
    )
    for host in (OOST_HOST, LINDENHOLT_HOST):
        slug = host.split(".")[0]
        for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page.set_viewport_size(size)
            page.goto(site_url(host))
            page.evaluate("document.fonts.ready")
            page.screenshot(
                path=SCREENSHOTS / f"mijnbuurtje-theme-{slug}-{name}.png", full_page=True
            )

        assert header_background(page) == rgb(themes[slug].primary_color)
        logo = page.locator("header img.site-logo")
        expect(logo).to_be_visible()
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
        header_image = page.locator(".home-image img")
        expect(header_image).to_be_visible()
        assert header_image.evaluate("img => img.complete && img.naturalWidth > 0")
        family = page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
        assert family.startswith({"oost": '"Source Sans 3"', "lindenholt": "Lexend"}[slug])
        assert page.evaluate(
            "document.fonts.check('16px ' + getComputedStyle(document.body).fontFamily)"
        )

    assert themes["oost"].primary_color != themes["lindenholt"].primary_color


@pytest.mark.parametrize("preset", PRESETS, ids=lambda preset: preset.key)
def test_every_preset_passes_axe_on_the_buurtsite(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    own_theme_files: None,
    preset: object,
) -> None:
    key = preset.key  # type: ignore[attr-defined]
    with themes_restored_afterwards():

        def publish() -> None:
            oost = Buurtsite.objects.get(slug="oost")
            apply_theme_preset(oost, editor=SYSTEM, preset_key=key)
            publish_theme(oost, editor=SYSTEM, synchronous=True)

        committed(publish)

        for path in ("/", "/account/login/"):
            for size in (DESKTOP, PHONE):
                page.set_viewport_size(size)
                response = page.goto(site_url(OOST_HOST) + path)
                assert response is not None and response.status == 200
                assert header_background(page) == rgb(preset.primary_color)  # type: ignore[attr-defined]
                assert_accessible(page)
        # Signed in as the buurtverbinder: her menu, and the editor itself, in this theme.
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": session_cookie("oost", "buurtverbinder@oost.localhost"),
                    "url": site_url(OOST_HOST),
                }
            ]
        )
        for path in ("/", "/thema/"):
            page.set_viewport_size(DESKTOP)
            response = page.goto(site_url(OOST_HOST) + path)
            assert response is not None and response.status == 200
            assert_accessible(page)
        page.context.clear_cookies()
        page.set_viewport_size(DESKTOP)
        page.goto(site_url(OOST_HOST))
        page.screenshot(path=SCREENSHOTS / f"mijnbuurtje-theme-preset-{key}.png", full_page=True)


def test_editor_passes_axe(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible
) -> None:
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": session_cookie("oost", "buurtverbinder@oost.localhost"),
                "url": site_url(OOST_HOST),
            }
        ]
    )

    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        response = page.goto(site_url(OOST_HOST) + "/thema/")
        assert response is not None and response.status == 200
        page.locator("details.check-details summary").click()
        assert_accessible(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= size["width"], scroll_width
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=SCREENSHOTS / "mijnbuurtje-theme-editor.png", full_page=True)


def test_buurtverbinder_previews_then_publishes_while_visitors_see_the_live_theme(
    browser: Browser, site_url: SiteUrl, worker: None, own_theme_files: None
) -> None:
    oost_url = site_url(OOST_HOST)
    live_colour = committed(lambda: Theme.objects.get(buurtsite__slug="oost").primary_color)
    with themes_restored_afterwards():
        editor = browser.new_context(locale="nl-NL")
        visitor = browser.new_context(locale="nl-NL")
        editor.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": session_cookie("oost", "buurtverbinder@oost.localhost"),
                    "url": oost_url,
                }
            ]
        )
        page, other = editor.new_page(), visitor.new_page()

        # A colour that fails: the live check names the pair and offers a shade that passes.
        page.goto(oost_url + "/thema/")
        page.locator("#id_primary_color").fill("#ffcc00")
        expect(page.locator("#theme-check")).to_contain_text(
            "Links op de achtergrond van de pagina"
        )
        page.locator("#theme-check button", has_text="Gebruik").first.click()
        expect(page.locator("#theme-check")).to_contain_text("goed te lezen")
        proposed = page.locator("#id_primary_color").input_value()
        assert proposed != "#ffcc00"

        # Preview: the editor sees the draft on the buurtsite itself, a visitor does not.
        page.get_by_role("button", name="Opslaan en bekijken op de buurtsite").click()
        page.wait_for_url(oost_url + "/")
        expect(page.locator(".preview-bar")).to_be_visible()
        assert header_background(page) == rgb(proposed)
        for picture in (page.locator("header img.site-logo"), page.locator(".home-image img")):
            assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        page.screenshot(path=SCREENSHOTS / "mijnbuurtje-theme-preview.png", full_page=True)
        other.goto(oost_url)
        assert header_background(other) == rgb(live_colour)
        expect(other.locator(".preview-bar")).to_have_count(0)

        # Publish: the worker builds it; then every visitor sees it.
        page.get_by_role("link", name="Terug naar de thema-editor").click()
        page.get_by_role("button", name="Opslaan en publiceren").click()
        expect(page.locator("#build-status")).to_contain_text("staat live sinds", timeout=30_000)
        other.reload()
        assert header_background(other) == rgb(proposed)

        editor.close()
        visitor.close()


def test_operator_pages_pass_axe(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible
) -> None:
    def sign_in() -> str:
        client = Client()
        client.force_login(User.objects.get(email="beheer@mijnbuurtje.localhost"))
        return str(client.cookies["sessionid"].value)

    page.context.add_cookies(
        [{"name": "sessionid", "value": committed(sign_in), "url": site_url(PLATFORM_HOST)}]
    )
    for path in ("/beheer/themes/", "/beheer/themes/lindenholt/"):
        response = page.goto(site_url(PLATFORM_HOST) + path)
        assert response is not None and response.status == 200
        assert_accessible(page)
    expect(page.locator("h1")).to_contain_text("Lindenholt")
