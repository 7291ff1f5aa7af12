"""Vraag en aanbod in a real browser: a resident asks for help, a neighbour reacts, both say
"Er is geholpen", and the home page counts one match more.

Every page of the exchange app is checked with axe-core at desktop and phone width. What the
server writes is committed; the test removes it afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from exchange.models import Area, Post
from members.actions import delete_account
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.conftest import OOST_HOST, PASSWORD
from tests.members.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
DESKTOP = {"width": 1280, "height": 720}


def _oost() -> Buurtsite:
    return Buurtsite.objects.get(slug="oost")


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()


def _match_count(page: Page) -> int:
    text = page.locator(".home-figure").inner_text()
    found = re.search(r"(\d+) keer geholpen", text)
    assert found is not None, text
    return int(found.group(1))


@pytest.fixture
def neighbours() -> Iterator[dict[str, str]]:
    """Two residents of Nijmegen-Oost and a part of the buurt; removed afterwards."""

    def create() -> dict[str, str]:
        with tenant_context(_oost()):
            asker = make_member(name="Annie Aanvrager", email="annie-browser@example.nl")
            helper = make_member(
                name="Henk Helper", email="henk-browser@example.nl", skills=["Klussen"]
            )
            Area.objects.get_or_create(name="Rond het Florapark")
            return {"asker": asker.email, "helper": helper.email}

    def remove(emails: dict[str, str]) -> None:
        with tenant_context(_oost()):
            for user in User.objects.filter(email__in=emails.values()):
                delete_account(user, acting_user=user)
            Area.objects.filter(name="Rond het Florapark").delete()

    emails = committed(create)
    yield emails
    committed(lambda: remove(emails))


def test_a_resident_asks_a_neighbour_helps_and_the_match_counts(
    page: Page,
    browser: Browser,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    neighbours: dict[str, str],
) -> None:
    base = site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)

    # Annie asks for help, and sees what is on offer while she types.
    _sign_in(page, base, neighbours["asker"])
    visit_page(page, f"{base}/", assert_accessible)
    before = _match_count(page)
    visit_page(page, f"{base}/vraag-en-aanbod/", assert_accessible)
    page.get_by_role("link", name="Vraag een buur om hulp").first.click()
    check_page(page, assert_accessible)
    page.get_by_label("Categorie").select_option(label="Klusjes in en om het huis")
    page.get_by_label("Titel").fill("Wie helpt mij een lamp ophangen?")
    page.get_by_label("Beschrijving").fill("In de woonkamer, het plafond is vrij hoog. Koffie!")
    page.get_by_label("Waar in de buurt?").select_option(label="Rond het Florapark")
    page.get_by_role("button", name="Laat suggesties zien").click()
    check_page(page, assert_accessible)
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator("h1")).to_have_text("Wie helpt mij een lamp ophangen?")
    check_page(page, assert_accessible)
    post_url = page.url
    visit_page(page, f"{post_url}bewerken/", assert_accessible)

    # Henk finds it, searching with a typing mistake, and reacts.
    context = browser.new_context(locale="nl-NL")
    helper = context.new_page()
    helper.set_viewport_size(DESKTOP)
    try:
        _sign_in(helper, base, neighbours["helper"])
        visit_page(helper, f"{base}/vraag-en-aanbod/", assert_accessible)
        helper.locator("input[name=q]").fill("lamp ophagen")
        helper.get_by_role("button", name="Zoeken").click()
        check_page(helper, assert_accessible)
        helper.get_by_role("link", name="Wie helpt mij een lamp ophangen?").click()
        check_page(helper, assert_accessible)
        helper.get_by_label("Je bericht aan de schrijver").fill("Ik heb een trapje en tijd.")
        helper.get_by_role("button", name="Versturen").click()
        expect(helper.locator(".message-list")).to_contain_text("Ik heb een trapje en tijd.")
        visit_page(helper, f"{post_url}reageren/", assert_accessible)

        # The lamp hangs: Henk says so first, Annie confirms.
        helper.goto(post_url)
        helper.get_by_role("button", name="Er is geholpen").click()
        expect(helper.locator(".messages")).to_contain_text("andere buur gevraagd")
        check_page(helper, assert_accessible)
    finally:
        context.close()

    page.goto(f"{post_url}geholpen/")
    check_page(page, assert_accessible)
    page.get_by_role("button", name=re.compile("Er is geholpen met Henk Helper")).click()
    expect(page.locator(".messages")).to_contain_text("Goed gedaan!")
    check_page(page, assert_accessible)
    page.get_by_label("Je bedankje").fill("Dankjewel Henk, de lamp hangt recht!")
    page.get_by_role("button", name="Schrijf een bedankje").click()
    check_page(page, assert_accessible)

    visit_page(page, f"{base}/", assert_accessible)
    assert _match_count(page) == before + 1
    visit_page(page, f"{base}/vraag-en-aanbod/bedankjes/", assert_accessible)


def test_the_buurtverbinder_pages_are_accessible(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible
) -> None:
    base = site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)
    _sign_in(page, base, "buurtverbinder@oost.localhost")

    visit_page(page, f"{base}/buurtverbinder/vraag-en-aanbod/categorieen/", assert_accessible)
    visit_page(page, f"{base}/buurtverbinder/vraag-en-aanbod/buurtdelen/", assert_accessible)
    visit_page(page, f"{base}/vraag-en-aanbod/?status=all", assert_accessible)
    first = committed(_first_post_id)
    visit_page(page, f"{base}/vraag-en-aanbod/{first}/", assert_accessible)
    visit_page(page, f"{base}/vraag-en-aanbod/{first}/geholpen/", assert_accessible)


def _first_post_id() -> int:
    with tenant_context(_oost()):
        post = Post.objects.order_by("pk").first()
        assert post is not None, "the demo has posts"
        return post.pk
