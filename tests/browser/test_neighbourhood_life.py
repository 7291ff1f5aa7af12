"""Neighbourhood life in a real browser: the agenda (signing up, the waiting list), news and a
comment, a club; and the pages where a buurtverbinder writes and plans.

Every page of news, agenda and clubs is checked with axe-core at desktop and phone width.
What the server writes is committed; each test removes it afterwards.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from accounts.models import User
from agenda.actions import sign_up
from agenda.models import Activity
from clubs.models import Club
from members.actions import delete_account
from news.models import Article, Comment
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.clubs.factories import make_activity, make_article, make_club
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
    expect(page.locator("header")).to_contain_text("Uitloggen")


@pytest.fixture
def neighbourhood() -> Iterator[dict[str, object]]:
    """A resident, a full activity, one with room, an article and a club in Nijmegen-Oost."""
    tag = uuid.uuid4().hex[:6]

    def create() -> dict[str, object]:
        with tenant_context(_oost()):
            connector = User.objects.get(email="buurtverbinder@oost.localhost")
            resident = make_member(name="Femke Buurvrouw", email=f"femke-{tag}@example.nl")
            early_bird = make_member(name="Vroege Vogel")
            day = timezone.localdate() + timedelta(days=8)
            roomy = make_activity(
                organiser=connector, title=f"Buurtlunch {tag}", on=day, capacity=20
            )
            full = make_activity(
                organiser=connector, title=f"Kookworkshop {tag}", on=day, capacity=1
            )
            sign_up(full, acting_user=early_bird)
            club = make_club(name=f"Fietsclub {tag}", acting_user=connector)
            article = make_article(
                author=connector,
                title=f"Nieuwe speeltuin geopend {tag}",
                body="<p>De speeltuin aan de Graafseweg is <strong>open</strong>.</p>",
                club=club,
            )
            return {
                "tag": tag,
                "resident": resident.email,
                "members": [resident.pk, early_bird.pk],
                "activities": [roomy.pk, full.pk],
                "club": club.pk,
                "article": article.pk,
            }

    def remove(ids: dict[str, object]) -> None:
        with tenant_context(_oost()):
            Comment.objects.filter(article_id=ids["article"]).delete()
            Article.objects.filter(pk=ids["article"]).delete()
            Article.objects.filter(title__contains=str(ids["tag"])).delete()
            Activity.objects.filter(pk__in=ids["activities"]).delete()  # type: ignore[misc]
            Activity.objects.filter(title__contains=str(ids["tag"])).delete()
            Club.objects.filter(pk=ids["club"]).delete()
            for user in User.objects.filter(pk__in=ids["members"]):  # type: ignore[misc]
                delete_account(user, acting_user=user)

    ids = committed(create)
    yield ids
    committed(lambda: remove(ids))


def test_a_resident_signs_up_waits_reads_news_comments_and_joins_a_club(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    neighbourhood: dict[str, object],
) -> None:
    base = site_url(OOST_HOST)
    tag = neighbourhood["tag"]
    page.set_viewport_size(DESKTOP)

    # A visitor can read, and is asked to sign in to take part.
    visit_page(page, f"{base}/nieuws/{neighbourhood['article']}/", assert_accessible)
    expect(page.locator("main")).to_contain_text("Log in om reacties te lezen en te schrijven.")

    _sign_in(page, base, str(neighbourhood["resident"]))

    # The agenda: a place in one activity, the waiting list of the other.
    visit_page(page, f"{base}/agenda/", assert_accessible)
    page.get_by_role("link", name=f"Buurtlunch {tag}").click()
    check_page(page, assert_accessible)
    page.get_by_role("button", name="Meld me aan").click()
    expect(page.locator(".messages")).to_contain_text("Je bent aangemeld. Tot dan!")
    check_page(page, assert_accessible)

    visit_page(page, f"{base}/agenda/", assert_accessible)
    page.get_by_role("link", name=f"Kookworkshop {tag}").click()
    expect(page.locator("main")).to_contain_text("Deze activiteit is vol.")
    page.get_by_role("button", name="Zet me op de wachtlijst").click()
    expect(page.locator("main")).to_contain_text("Je staat op de wachtlijst (nummer 1).")
    check_page(page, assert_accessible)
    visit_page(page, f"{base}/agenda/geweest/", assert_accessible)

    # News, and a comment.
    visit_page(page, f"{base}/nieuws/", assert_accessible)
    page.get_by_role("link", name=f"Nieuwe speeltuin geopend {tag}").click()
    expect(page.locator("article strong")).to_have_text("open")
    page.get_by_label("Je reactie").fill(
        "Eindelijk! Mijn kleinkinderen zijn er blij mee. Één dikke pluim."
    )
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.locator("main")).to_contain_text("Één dikke pluim.")
    check_page(page, assert_accessible)
    # An empty comment: a Dutch message, and the page stays accessible.
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Schrijf eerst een reactie.")
    check_page(page, assert_accessible)

    # A club: join, and show on its page.
    visit_page(page, f"{base}/clubs/", assert_accessible)
    page.get_by_role("link", name=f"Fietsclub {tag}").click()
    check_page(page, assert_accessible)
    page.get_by_label("Laat mijn naam zien op de clubpagina, aan andere leden").check()
    page.get_by_role("button", name="Word lid van deze club").click()
    expect(page.locator(".messages")).to_contain_text(f"Je bent nu lid van Fietsclub {tag}.")
    expect(page.locator("main")).to_contain_text("Femke Buurvrouw")
    check_page(page, assert_accessible)


def test_a_buurtverbinder_writes_news_plans_an_activity_and_runs_a_club(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    neighbourhood: dict[str, object],
) -> None:
    base = site_url(OOST_HOST)
    tag = neighbourhood["tag"]
    page.set_viewport_size(DESKTOP)
    _sign_in(page, base, "buurtverbinder@oost.localhost")

    # Writing news with the toolbar (it puts <strong> around the selected word).
    visit_page(page, f"{base}/nieuws/schrijven/", assert_accessible)
    page.get_by_label("Titel").fill(f"Opschoondag {tag}")
    text = page.locator("#id_body")
    text.fill("Iedereen helpt mee.")
    text.evaluate("area => area.setSelectionRange(0, 8)")
    page.get_by_role("toolbar").get_by_role("button", name="Vet").click()
    expect(text).to_have_value("<strong>Iedereen</strong> helpt mee.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.locator("main")).to_contain_text("Dit is een concept.")
    check_page(page, assert_accessible)
    visit_page(page, f"{base}/nieuws/concepten/", assert_accessible)
    visit_page(page, f"{base}/nieuws/{neighbourhood['article']}/wijzigen/", assert_accessible)

    # Planning an activity, with one mistake on the way.
    visit_page(page, f"{base}/agenda/nieuw/", assert_accessible)
    page.get_by_label("Titel").fill(f"Buurtquiz {tag}")
    page.get_by_label("Waar gaat het over?").fill("Test je kennis van de buurt.")
    page.get_by_label("Datum").fill((timezone.localdate() + timedelta(days=12)).isoformat())
    page.get_by_label("Begintijd").fill("20:00")
    page.get_by_label("Eindtijd").fill("19:00")
    page.locator("#id_place").fill("Café De Sport")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("De eindtijd moet na de begintijd liggen.")
    check_page(page, assert_accessible)
    page.get_by_label("Eindtijd").fill("22:00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h1")).to_have_text(f"Buurtquiz {tag}")
    check_page(page, assert_accessible)

    # The organiser sees who signed up.
    [_roomy, full] = neighbourhood["activities"]  # type: ignore[misc]
    visit_page(page, f"{base}/agenda/{full}/", assert_accessible)
    expect(page.locator("main")).to_contain_text("Vroege Vogel")
    visit_page(page, f"{base}/agenda/{full}/wijzigen/", assert_accessible)

    # Clubs.
    visit_page(page, f"{base}/clubs/nieuw/", assert_accessible)
    visit_page(page, f"{base}/clubs/{neighbourhood['club']}/wijzigen/", assert_accessible)
    visit_page(page, f"{base}/clubs/{neighbourhood['club']}/beheerders/", assert_accessible)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Clubbeheerders kiezen"))
