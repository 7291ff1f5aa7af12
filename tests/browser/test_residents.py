"""Residents in a real browser: joining, a profile, a message; a buurtverbinder and a report.

Every page of members, messaging and moderation is checked with axe-core on the way, at
desktop and phone width. What the server writes is committed; each test removes it afterwards.
"""

from __future__ import annotations

import io
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core import mail
from django_tenants.utils import tenant_context
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User
from members.actions import create_join_codes, delete_account
from members.models import JoinCode
from messaging.actions import send_message
from moderation.actions import report_content
from moderation.models import Decision, Report
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.conftest import OOST_HOST, PASSWORD
from tests.members.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
DESKTOP = {"width": 1280, "height": 720}
NEW_PASSWORD = "mijn-eigen-buurt-2026"
# Outside the repository: for a person to look at, not compared by any test.
SCREENSHOTS = Path(tempfile.gettempdir())


def _oost() -> Buurtsite:
    return Buurtsite.objects.get(slug="oost")


@pytest.fixture
def photo_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mijn-foto.png"
        buffer = io.BytesIO()
        Image.new("RGB", (400, 300), (30, 120, 200)).save(buffer, format="PNG")
        path.write_bytes(buffer.getvalue())
        yield path


def _remove_member(email: str) -> None:
    with tenant_context(_oost()):
        for user in User.objects.filter(email=email):
            delete_account(user, acting_user=user)


def test_a_new_resident_joins_fills_in_a_profile_and_sends_a_message(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, photo_file: Path
) -> None:
    email = f"nieuw-{uuid.uuid4().hex[:8]}@example.nl"
    base = site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)
    mail.outbox.clear()
    try:
        # Joining, with one mistake on the way.
        visit_page(page, f"{base}/account/signup/", assert_accessible)
        page.get_by_label("Je naam").fill("Fatima el Amrani")
        page.get_by_label("E-mail").first.fill(email)
        page.locator("input[name=password1]").fill(NEW_PASSWORD)
        page.locator("input[name=password2]").fill(NEW_PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".form-errors").first).to_contain_text("Er klopt nog iets niet")
        check_page(page, assert_accessible)
        page.locator("input[name=password1]").fill(NEW_PASSWORD)
        page.locator("input[name=password2]").fill(NEW_PASSWORD)
        page.get_by_label("Ik heb de huisregels gelezen en ik houd me eraan.").check()
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Bijna klaar: kijk in je e-mail")
        check_page(page, assert_accessible)

        # The e-mail, read from the shared outbox of this process.
        [message] = [m for m in mail.outbox if m.to == [email]]
        link = re.search(r"http://[^/\s]+(/account/confirm-email/\S+/)", message.body)
        assert link
        visit_page(page, base + link.group(1), assert_accessible)
        page.get_by_role("button", name="Ja, dit is mijn e-mailadres").click()
        expect(page.locator("header")).to_contain_text("Uitloggen")

        # The profile, with a photo.
        visit_page(page, f"{base}/profiel/", assert_accessible)
        page.get_by_label("Je straat of deel van de buurt").fill("Sint Annastraat")
        page.get_by_label("Waar je goed in bent").fill("Naaien, Turks koken")
        page.get_by_role("textbox", name="Over jou").fill("Ik woon hier sinds kort.")
        page.get_by_role("button", name="Profiel opslaan").click()
        expect(page.locator(".messages")).to_contain_text("Je profiel is opgeslagen.")
        page.locator("input[name=photo]").set_input_files(photo_file)
        page.get_by_role("button", name="Foto opslaan").click()
        expect(page.locator("img.avatar--large")).to_be_visible()
        check_page(page, assert_accessible)
        page.screenshot(path=SCREENSHOTS / "mijnbuurtje-profiel.png", full_page=True)
        visit_page(page, f"{base}/profiel/privacy/", assert_accessible)
        visit_page(page, f"{base}/profiel/mijn-gegevens/", assert_accessible)
        visit_page(page, f"{base}/profiel/opzeggen/", assert_accessible)
        visit_page(page, f"{base}/meldingen/", assert_accessible)
        visit_page(page, f"{base}/berichten/geblokkeerd/", assert_accessible)
        visit_page(page, f"{base}/huisregels/", assert_accessible)

        # Finding a neighbour and writing to them.
        visit_page(page, f"{base}/buren/", assert_accessible)
        page.get_by_label("Zoek op naam, wat iemand goed kan of leuk vindt").fill("formulieren")
        page.get_by_role("button", name="Zoeken").click()
        check_page(page, assert_accessible)
        page.screenshot(path=SCREENSHOTS / "mijnbuurtje-buren.png", full_page=True)
        page.get_by_role("link", name="Buurtverbinder Nijmegen-Oost").click()
        check_page(page, assert_accessible)
        page.get_by_role("link", name=re.compile("Stuur .* een bericht")).click()
        check_page(page, assert_accessible)
        page.get_by_label("Je bericht").fill("Hallo! Kan ik helpen bij het buurtfeest?")
        page.get_by_role("button", name="Versturen").click()
        expect(page.locator(".message-list")).to_contain_text("Kan ik helpen bij het buurtfeest?")
        check_page(page, assert_accessible)
        page.screenshot(path=SCREENSHOTS / "mijnbuurtje-gesprek.png", full_page=True)
        visit_page(page, f"{base}/berichten/", assert_accessible)
        expect(page.locator(".conversation-list")).to_contain_text("Buurtverbinder Nijmegen-Oost")
    finally:
        committed(lambda: _remove_member(email))


@pytest.fixture
def reported_message() -> Iterator[dict[str, int]]:
    """A resident reports a rude message from another; both are removed afterwards."""

    def create() -> dict[str, int]:
        with tenant_context(_oost()):
            reporter = make_member(name="Mila Melder")
            author = make_member(name="Karel Kwetser")
            message = send_message(reporter, body="Jij bent dom en lelijk", acting_user=author)
            report = report_content(
                kind="message", object_id=message.pk, reason="rude", acting_user=reporter
            )
            connector = User.objects.get(email="buurtverbinder@oost.localhost")
            [code] = create_join_codes(addresses=["Teststraat 1"], acting_user=connector)
            return {
                "reporter": reporter.pk,
                "author": author.pk,
                "message": message.pk,
                "report": report.pk,
                "code": code.pk,
            }

    def remove(ids: dict[str, int]) -> None:
        with tenant_context(_oost()):
            Decision.objects.filter(member_id__in=[ids["author"], ids["reporter"]]).delete()
            Decision.objects.filter(report_id=ids["report"]).delete()
            Report.objects.filter(pk=ids["report"]).delete()
            JoinCode.objects.filter(pk=ids["code"]).delete()
            for user in User.objects.filter(pk__in=[ids["reporter"], ids["author"]]):
                delete_account(user, acting_user=user)

    ids = committed(create)
    yield ids
    committed(lambda: remove(ids))


def test_a_buurtverbinder_handles_a_report(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    reported_message: dict[str, int],
) -> None:
    base = site_url(OOST_HOST)
    page.set_viewport_size(DESKTOP)
    visit_page(page, f"{base}/account/login/", assert_accessible)
    page.locator("input[name=login]").fill("buurtverbinder@oost.localhost")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header")).to_contain_text("Buurtverbinder")

    visit_page(page, f"{base}/buurtverbinder/", assert_accessible)
    expect(page.locator("main")).to_contain_text("Meldingen om af te handelen")
    page.screenshot(path=SCREENSHOTS / "mijnbuurtje-buurtverbinder.png", full_page=True)
    page.locator(f"a[href='/buurtverbinder/gemeld/{reported_message['report']}/']").click()
    expect(page.locator("blockquote")).to_contain_text("Jij bent dom en lelijk")
    check_page(page, assert_accessible)

    # Saving without a reason is explained, then done properly.
    page.get_by_label("Verbergen: alleen jij kunt het nog zien").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator(".form-errors").first).to_be_visible()
    check_page(page, assert_accessible)
    page.get_by_label("Verbergen: alleen jij kunt het nog zien").check()
    page.get_by_label("Reden").fill("Schelden past niet bij onze huisregels.")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De melding is afgehandeld")
    check_page(page, assert_accessible)

    visit_page(page, f"{base}/buurtverbinder/logboek/", assert_accessible)
    expect(page.locator("table")).to_contain_text("Schelden past niet bij onze huisregels.")
    visit_page(
        page, f"{base}/buurtverbinder/gemeld/{reported_message['report']}/", assert_accessible
    )
    visit_page(page, f"{base}/buurtverbinder/leden/", assert_accessible)
    author = reported_message["author"]
    visit_page(page, f"{base}/buurtverbinder/leden/{author}/", assert_accessible)
    visit_page(page, f"{base}/buurtverbinder/leden/{author}/waarschuwen/", assert_accessible)
    visit_page(page, f"{base}/buurtverbinder/leden/{author}/blokkeren/", assert_accessible)
    visit_page(page, f"{base}/buurtverbinder/leden/{author}/deblokkeren/", assert_accessible)
    visit_page(page, f"{base}/buurtverbinder/aanmelden/", assert_accessible)
    visit_page(page, f"{base}/buurtverbinder/codes/", assert_accessible)
    visit_page(
        page,
        f"{base}/buurtverbinder/codes/afdrukken/?ids={reported_message['code']}",
        assert_accessible,
    )
    visit_page(page, f"{base}/melden/profile/{author}/", assert_accessible)
    visit_page(page, f"{base}/berichten/", assert_accessible)


@pytest.mark.parametrize(
    "path",
    [
        "/account/password/reset/",
        "/account/password/reset/done/",
        "/account/confirm-email/",
        "/account/inactive/",
        "/huisregels/",
    ],
)
def test_account_page_is_accessible(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, path: str
) -> None:
    page.set_viewport_size(DESKTOP)
    visit_page(page, site_url(OOST_HOST) + path, assert_accessible)
