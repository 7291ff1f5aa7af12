"""Participation and the weekly digest in a real browser: a resident votes in a poll and reacts
to a consultation; a buurtverbinder publishes and sees the result; the unsubscribe pages.

Every page of participation and digest is checked with axe-core at desktop and phone width.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from accounts.models import User
from digest.links import unsubscribe_path
from members.actions import delete_account
from participation.actions import cast_vote, react_to_consultation
from participation.models import Participation
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.conftest import OOST_HOST, PASSWORD
from tests.members.factories import make_member
from tests.participation.factories import close, make_consultation, make_poll

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
DESKTOP = {"width": 1280, "height": 720}


def _sign_in(page: Page, base: str, email: str, assert_accessible: AssertAccessible) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header")).to_contain_text("Uitloggen")


def _oost() -> Buurtsite:
    return Buurtsite.objects.get(slug="oost")


@pytest.fixture
def world() -> Iterator[dict[str, object]]:
    """A resident, a buurtverbinder, an open poll and consultation and a closed poll, committed."""
    suffix = uuid.uuid4().hex[:8]

    def make() -> dict[str, object]:
        with tenant_context(_oost()):
            author = make_member(
                name="Bea Buurtverbinder",
                email=f"bv-{suffix}@example.nl",
                role=User.Role.BUURTVERBINDER,
            )
            resident = make_member(name="Rosa Bewoner", email=f"rosa-{suffix}@example.nl")
            poll = make_poll(author, title="Waar komt het nieuwe bankje?")
            consultation = make_consultation(author, title="Hoe maken we de straat groener?")
            closed = make_poll(author, title="Welke dag voor het buurtfeest?")
            for _ in range(3):
                cast_vote(
                    closed, option_ids=[closed.options.all()[0].pk], acting_user=make_member()
                )
            cast_vote(closed, option_ids=[closed.options.all()[2].pk], acting_user=author)
            close(closed)
            answered = make_consultation(author, title="Wat vond je van de buurtschouw?")
            react_to_consultation(
                answered,
                body="Goed georganiseerd, ik doe volgend jaar weer mee.",
                anonymous=False,
                acting_user=resident,
            )
            react_to_consultation(
                answered, body="Liever op een zaterdag.", anonymous=True, acting_user=author
            )
            close(answered)
            return {
                "answered": answered.pk,
                "author": author,
                "resident": resident,
                "poll": poll.pk,
                "consultation": consultation.pk,
                "closed": closed.pk,
                "unsubscribe": unsubscribe_path(resident),
            }

    made = committed(make)
    yield made

    def clean_up() -> None:
        with tenant_context(_oost()):
            Participation.objects.filter(
                pk__in=[made["poll"], made["consultation"], made["closed"], made["answered"]]
            ).delete()
            Participation.objects.filter(title="Zwerfafval rond de school").delete()
            for user in User.objects.filter(date_joined__gte=timezone.now() - timedelta(hours=1)):
                if user.email.endswith("@example.nl"):
                    delete_account(user, acting_user=user)

    committed(clean_up)


def test_a_resident_votes_and_reacts(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, world: dict[str, object]
) -> None:
    base = site_url(OOST_HOST)
    resident = world["resident"]
    assert isinstance(resident, User)
    page.set_viewport_size(DESKTOP)
    _sign_in(page, base, resident.email, assert_accessible)

    page.get_by_role("link", name="Meedoen").first.click()
    expect(page.locator("h1")).to_have_text("Meedoen")
    check_page(page, assert_accessible)

    # The poll: a vote without a choice is explained, then counted.
    page.locator(f"main a[href='/meedoen/{world['poll']}/']").click()
    check_page(page, assert_accessible)
    page.get_by_role("button", name="Stemmen").click()
    expect(page.locator("main")).to_contain_text("Kies eerst een optie.")
    check_page(page, assert_accessible)
    page.get_by_label("Aan de Ubbergseweg").check()
    page.get_by_role("button", name="Stemmen").click()
    expect(page.locator(".messages")).to_contain_text("Bedankt voor je stem.")
    expect(page.locator("main")).to_contain_text("Jij stemde op: Aan de Ubbergseweg")
    expect(page.locator("main")).not_to_contain_text("Uitslag")
    check_page(page, assert_accessible)

    # The consultation, anonymously.
    visit_page(page, f"{base}/meedoen/{world['consultation']}/", assert_accessible)
    page.get_by_label("Je reactie").fill("Meer geveltuintjes en een bank onder de lindeboom.")
    page.get_by_label("Laat mijn naam niet zien").check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator(".messages")).to_contain_text("Bedankt voor je reactie.")
    check_page(page, assert_accessible)

    # A closed poll shows its result as a chart with the numbers in text.
    visit_page(page, f"{base}/meedoen/{world['closed']}/", assert_accessible)
    expect(page.locator(".result-chart")).to_contain_text("3 stemmen (75%)")
    expect(page.locator("main")).to_contain_text("4 leden hebben gestemd.")


def test_a_buurtverbinder_publishes_and_downloads(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, world: dict[str, object]
) -> None:
    base = site_url(OOST_HOST)
    author = world["author"]
    assert isinstance(author, User)
    page.set_viewport_size(DESKTOP)
    _sign_in(page, base, author.email, assert_accessible)

    for kind in ["poll", "consultation", "announcement"]:
        visit_page(page, f"{base}/meedoen/nieuw/{kind}/", assert_accessible)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".form-errors").first).to_be_visible()
    check_page(page, assert_accessible)
    page.get_by_label("Titel").fill("Zwerfafval rond de school")
    page.get_by_label("Tekst").fill("Zaterdag ruimen we samen op. Doe je mee?")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator("h1")).to_have_text("Zwerfafval rond de school")
    check_page(page, assert_accessible)

    visit_page(page, f"{base}/meedoen/{world['answered']}/", assert_accessible)
    expect(page.locator("main")).to_contain_text("Een buurtbewoner (anoniem)")
    expect(page.locator("main")).to_contain_text("Rosa Bewoner")
    visit_page(page, f"{base}/meedoen/{world['closed']}/", assert_accessible)
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden voor Excel (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_the_unsubscribe_pages(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, world: dict[str, object]
) -> None:
    base = site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)

    visit_page(page, f"{base}{world['unsubscribe']}", assert_accessible)
    expect(page.locator("h1")).to_have_text("Je bent afgemeld")
    page.get_by_role("button", name="Stuur me de weekmail weer").click()
    expect(page.locator("h1")).to_have_text("Je krijgt de weekmail weer")
    check_page(page, assert_accessible)
    visit_page(page, f"{base}/weekmail/afmelden/kapot/", assert_accessible, status=400)
