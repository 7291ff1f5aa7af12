"""The social map in a real browser: an organisation changes a service in its portal, and a
resident of Nijmegen-Oost finds it by typing a need in plain words. The buurtverbinder keeps a
local entry. Every social map page is checked with axe-core at desktop and phone width.
What the server writes is committed; each test removes it afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from organisations.models import Location, Organisation, OrganisationMembership
from socialmap.models import LocalOrganisation
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.conftest import OOST_HOST, PASSWORD, PLATFORM_HOST
from tests.organisations.factories import make_organisation, make_portal_user, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
DESKTOP = {"width": 1280, "height": 720}


@dataclass(frozen=True)
class Portal:
    organisation_id: int
    email: str
    service_id: int


def _make_portal() -> Portal:
    oost = Buurtsite.objects.get(slug="oost")
    organisation = make_organisation(
        name=f"Stichting Geldwijs {uuid.uuid4().hex[:6]}", buurtsites=[oost]
    )
    admin = make_portal_user(organisation, role="admin", name="Karin Jansen")
    place = Location.objects.create(
        organisation=organisation,
        name="Wijkcentrum De Brug",
        street_address="Berg en Dalseweg 12",
        city="Nijmegen",
        latitude=Decimal("51.842600"),
        longitude=Decimal("5.872300"),
    )
    service = make_service(
        organisation,
        name="Budgetmaatje",
        description="Een vrijwilliger kijkt met je mee naar je post.",
        acting_user=admin,
        locations=[place],
    )
    return Portal(organisation.pk, admin.email, service.pk)


def _remove_portal(portal: Portal) -> None:
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


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_an_organisation_edits_a_service_and_a_resident_finds_it(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, portal: Portal
) -> None:
    platform, oost = site_url(PLATFORM_HOST), site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)

    # The organisation says what the service really is about, in its portal.
    page.goto(f"{platform}/portaal/")
    page.locator("input[name=login]").fill(portal.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Diensten", exact=True).click()
    page.get_by_role("link", name="Budgetmaatje").click()
    page.locator("#id_name").fill("Budgetmaatje: hulp bij schuldhulpverlening")
    page.locator("#id_how_to_apply").fill("Bel ons op maandag: 024 700 80 90.")
    page.get_by_role("button", name="Dienst opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De dienst is opgeslagen.")

    # A resident of Nijmegen-Oost types her need in her own words, with a typing mistake.
    _sign_in(page, oost, "bewoner@oost.localhost")
    visit_page(page, f"{oost}/hulp-vinden/", assert_accessible)
    page.get_by_label("Waar heb je hulp bij nodig?").fill("schulden")
    page.get_by_role("button", name="Zoeken").click()
    found = page.get_by_role("link", name="Budgetmaatje: hulp bij schuldhulpverlening")
    expect(found).to_be_visible()
    expect(page.locator("#help-map")).to_be_visible()  # the map, next to the list
    check_page(page, assert_accessible)
    # A marker is a keyboard stop with the service's name.
    marker = page.locator(".leaflet-marker-icon").first
    marker.focus()
    expect(marker).to_have_attribute(
        "alt", "Budgetmaatje: hulp bij schuldhulpverlening – Wijkcentrum De Brug"
    )
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content a")).to_have_text(
        "Budgetmaatje: hulp bij schuldhulpverlening"
    )

    page.get_by_label("Waar heb je hulp bij nodig?").fill("schuldhulpverleneng")
    page.get_by_role("button", name="Zoeken").click()
    expect(found).to_be_visible()
    found.click()
    expect(page.locator(".help-contact")).to_contain_text("Bel ons op maandag: 024 700 80 90.")
    check_page(page, assert_accessible)

    # Without JavaScript the list is the whole page.
    context = page.context.browser.new_context(java_script_enabled=False)  # type: ignore[union-attr]
    try:
        plain = context.new_page()
        plain.goto(f"{oost}/hulp-vinden/?q=schulden")
        expect(
            plain.get_by_role("link", name="Budgetmaatje: hulp bij schuldhulpverlening")
        ).to_be_visible()
        expect(plain.locator("#help-map")).to_be_hidden()
    finally:
        context.close()


def _remove_local_entries() -> None:
    with tenant_context(Buurtsite.objects.get(slug="oost")):
        LocalOrganisation.objects.filter(name="Repaircafé De Linde").delete()


@pytest.fixture
def local_cleanup() -> Iterator[None]:
    yield
    committed(_remove_local_entries)


def test_the_buurtverbinder_keeps_a_local_entry(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    local_cleanup: None,
    portal: Portal,
) -> None:
    oost = site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)
    _sign_in(page, oost, "buurtverbinder@oost.localhost")

    visit_page(page, f"{oost}/hulp-vinden/beheer/", assert_accessible)
    page.get_by_role("link", name="Buurtorganisatie toevoegen").click()
    page.locator("main form button[type=submit]").click()  # empty: a mistake first
    expect(page.locator(".form-errors").first).to_contain_text("Er klopt nog iets niet")
    check_page(page, assert_accessible)
    page.locator("#id_name").fill("Repaircafé De Linde")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(
        "Repaircafé De Linde staat op de sociale kaart."
    )

    page.get_by_role("link", name="Plek van Repaircafé De Linde toevoegen").click()
    check_page(page, assert_accessible)
    page.locator("#id_name").fill("Buurthuis De Linde")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Hulp van Repaircafé De Linde toevoegen").click()
    check_page(page, assert_accessible)
    page.locator("#id_name").fill("Fietsen repareren met buren")
    page.get_by_label("Eenzaamheid en mensen ontmoeten").check()
    page.get_by_label("Buurthuis De Linde").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("De hulp staat op de sociale kaart.")
    check_page(page, assert_accessible)

    visit_page(page, f"{oost}/hulp-vinden/?q=fietsen", assert_accessible)
    page.get_by_role("link", name="Fietsen repareren met buren").click()
    check_page(page, assert_accessible)

    visit_page(page, f"{oost}/hulp-vinden/wijzigingen/", assert_accessible)
    page.locator("main li a").first.click()
    check_page(page, assert_accessible)
    visit_page(page, f"{oost}/hulp-vinden/dienst/{portal.service_id}/", assert_accessible)
