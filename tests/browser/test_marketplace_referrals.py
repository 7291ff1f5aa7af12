"""The marketplace, help requests and figures in a real browser, checked with axe-core.

A resident places something and another reacts and gets it reserved; a resident asks for
help privately and the buurtverbinder refers it; the figures page. Every page at desktop and
phone width. What the server writes is committed; each test removes it afterwards.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from members.actions import delete_account
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.conftest import OOST_HOST, PASSWORD
from tests.members.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
DESKTOP = {"width": 1280, "height": 720}


def _sign_in(page: Page, base: str, email: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/account/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header")).to_contain_text("Uitloggen")


def _oost() -> Buurtsite:
    return Buurtsite.objects.get(slug="oost")


@pytest.fixture
def neighbours() -> Iterator[dict[str, str]]:
    """Two residents of Nijmegen-Oost, removed (with all they wrote) afterwards."""

    def create() -> dict[str, str]:
        with tenant_context(_oost()):
            return {
                "seller": make_member(name="Saskia Verkoper").email,
                "buyer": make_member(name="Bram Koper").email,
            }

    def remove(emails: dict[str, str]) -> None:
        with tenant_context(_oost()):
            for user in User.objects.filter(email__in=emails.values()):
                delete_account(user, acting_user=user)

    emails = committed(create)
    yield emails
    committed(lambda: remove(emails))


@pytest.fixture
def photo_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fiets.png"
        buffer = io.BytesIO()
        Image.new("RGB", (400, 300), (200, 60, 40)).save(buffer, format="PNG")
        path.write_bytes(buffer.getvalue())
        yield path


def test_a_resident_offers_something_and_another_gets_it_reserved(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    neighbours: dict[str, str],
    photo_file: Path,
) -> None:
    base = site_url(OOST_HOST)
    _sign_in(page, base, neighbours["seller"])
    visit_page(page, f"{base}/marktplaats/", assert_accessible)
    page.get_by_role("link", name="Iets plaatsen").click()
    check_page(page, assert_accessible)

    # A mistake first, then the real thing.
    page.get_by_label("Te koop").check()
    page.get_by_label("Prijs in euro (mag leeg blijven)").fill("twaalf euro")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator(".form-errors").first).to_contain_text("Er klopt nog iets niet")
    check_page(page, assert_accessible)
    page.get_by_label("Te koop").check()
    page.get_by_label("Titel").fill("Kinderfiets met zijwieltjes – één jaar oud")
    page.get_by_label("Beschrijving").fill("Rood, 16 inch. Ophalen in de Groenestraat.")
    page.get_by_label("Prijs in euro (mag leeg blijven)").fill("35,00")
    page.locator("input[name=photos]").set_input_files(photo_file)
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator("h1")).to_have_text("Kinderfiets met zijwieltjes – één jaar oud")
    expect(page.locator(".item-price")).to_have_text("€ 35,00")
    expect(page.locator(".item-photos img")).to_be_visible()
    check_page(page, assert_accessible)
    item_url = page.url
    page.get_by_role("link", name="Tekst of foto's veranderen").click()
    check_page(page, assert_accessible)

    # Another resident finds it without the accents and reacts.
    other = browser.new_context(**browser_context_args)
    buyer = other.new_page()
    try:
        _sign_in(buyer, base, neighbours["buyer"])
        visit_page(buyer, f"{base}/marktplaats/?q=een+jaar&kind=sale", assert_accessible)
        buyer.get_by_role("link", name="Kinderfiets met zijwieltjes – één jaar oud").click()
        check_page(buyer, assert_accessible)
        buyer.get_by_label("Je bericht aan de eigenaar").fill("Mag ik hem reserveren? Groet, Bram")
        buyer.get_by_role("button", name="Stuur een bericht").click()
        expect(buyer.locator(".message-list")).to_contain_text("Mag ik hem reserveren?")

        # The owner reserves it for him.
        visit_page(page, item_url, assert_accessible)
        page.get_by_label("Reserveren voor").select_option(label="Bram Koper")
        page.get_by_role("button", name="Reserveren", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Het item is nu: gereserveerd.")
        check_page(page, assert_accessible)

        visit_page(buyer, item_url, assert_accessible)
        expect(buyer.locator("main")).to_contain_text("Gereserveerd")
        visit_page(buyer, f"{base}/meldingen/", assert_accessible)
        expect(buyer.locator("main")).to_contain_text("is voor je gereserveerd")
    finally:
        other.close()
    visit_page(page, f"{base}/marktplaats/?mijn=1", assert_accessible)


def test_a_resident_asks_for_help_and_the_buurtverbinder_refers_it(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    neighbours: dict[str, str],
) -> None:
    base = site_url(OOST_HOST)
    _sign_in(page, base, neighbours["buyer"])
    visit_page(page, f"{base}/hulp/", assert_accessible)
    page.get_by_role("link", name="Stel een vraag").click()
    check_page(page, assert_accessible)
    page.get_by_label("Waar gaat het over?").fill("Hulp bij de brief over mijn AOW")
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.locator(".form-errors").first).to_be_visible()
    check_page(page, assert_accessible)
    page.get_by_label("Waar heb je hulp bij nodig?").fill("Ik snap de brief niet. Wie kijkt mee?")
    page.get_by_role("button", name="Mijn vraag versturen").click()
    expect(page.locator("h1")).to_have_text("Hulp bij de brief over mijn AOW")
    check_page(page, assert_accessible)
    own_url = page.url

    connector = browser.new_context(**browser_context_args)
    desk = connector.new_page()
    try:
        _sign_in(desk, base, "buurtverbinder@oost.localhost")
        visit_page(desk, f"{base}/buurtverbinder/", assert_accessible)
        desk.get_by_role("link", name="Hulp bij de brief over mijn AOW").click()
        check_page(desk, assert_accessible)
        # Refer to a neighbour without choosing one: explained, then done properly.
        desk.get_by_label("Een buur").check()
        desk.get_by_role("button", name="Doorverwijzen", exact=True).click()
        expect(desk.locator(".form-errors").first).to_be_visible()
        check_page(desk, assert_accessible)
        desk.get_by_label("Een buur").check()
        desk.locator("select[name=neighbour]").select_option(label="Saskia Verkoper")
        desk.get_by_label("Uitleg (de bewoner en de buur lezen dit)").fill(
            "Saskia werkte bij de SVB en helpt graag."
        )
        desk.get_by_role("button", name="Doorverwijzen", exact=True).click()
        expect(desk.locator(".messages")).to_contain_text("De hulpvraag is doorverwezen.")
        desk.locator("textarea[name=text]").fill("Over een week navragen.")
        desk.get_by_role("button", name="Notitie toevoegen").click()
        expect(desk.locator(".timeline")).to_contain_text("Over een week navragen.")
        check_page(desk, assert_accessible)
        visit_page(desk, f"{base}/buurtverbinder/hulpvragen/", assert_accessible)
        visit_page(desk, f"{base}/buurtverbinder/hulpvragen/?state=referred", assert_accessible)
    finally:
        connector.close()

    visit_page(page, own_url, assert_accessible)
    expect(page.locator(".timeline")).to_contain_text("Doorverwezen naar Saskia Verkoper")
    expect(page.locator(".timeline")).not_to_contain_text("Over een week navragen.")


def test_the_figures_page_and_an_item_seen_by_the_buurtverbinder(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible
) -> None:
    base = site_url(OOST_HOST)
    _sign_in(page, base, "buurtverbinder@oost.localhost")
    # The buurtverbinder's view of someone's item, with the form to hide it opened.
    visit_page(page, f"{base}/marktplaats/?q=kinderfiets+20", assert_accessible)
    page.get_by_role("link", name="Kinderfiets 20 inch").click()
    page.get_by_text("Dit item verbergen (buurtverbinder)").click()
    expect(page.get_by_label("Reden (de eigenaar leest dit)")).to_be_visible()
    check_page(page, assert_accessible)
    visit_page(page, f"{base}/cijfers/", assert_accessible)
    expect(page.locator("table")).to_contain_text("Actieve leden")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als spreadsheet (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cijfers-oost-")
    assert Path(download.path()).read_bytes().startswith(b"\xef\xbb\xbfMaand;")
