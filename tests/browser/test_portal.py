"""The organisation portal in a real browser: an admin signs in, edits a service and a
professional. Every portal page is checked with axe-core at desktop and phone width.

What the server writes is committed; the test removes its organisation and account afterwards.
"""

from __future__ import annotations

import io
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User
from organisations.models import (
    Location,
    Organisation,
    OrganisationMembership,
    Professional,
    Service,
)
from tenants.models import Buurtsite
from tests.browser.conftest import SiteUrl, committed
from tests.browser.pages import check_page, visit_page
from tests.conftest import PASSWORD, PLATFORM_HOST
from tests.organisations.factories import (
    make_organisation,
    make_portal_user,
    make_professional,
    make_service,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AssertAccessible = Callable[[Page], None]
DESKTOP = {"width": 1280, "height": 720}
OPERATOR = "beheer@mijnbuurtje.localhost"
# Outside the repository: for a person to look at, not compared by any test.
SCREENSHOTS = Path(tempfile.gettempdir())
NEW_ORGANISATION = "Wijkteam Hatert (browsertest)"


@dataclass(frozen=True)
class Portal:
    organisation_id: int
    email: str
    service_id: int
    professional_id: int


def _make_portal() -> Portal:
    oost = Buurtsite.objects.get(slug="oost")
    organisation = make_organisation(
        name=f"Stichting Thuis in de Wijk {uuid.uuid4().hex[:6]}", buurtsites=[oost]
    )
    admin = make_portal_user(organisation, role="admin", name="Anouk de Graaf")
    service = make_service(organisation, name="Schuldhulpmaatje", acting_user=admin)
    professional = make_professional(organisation, name="Sanne Peters", acting_user=admin)
    Location.objects.create(organisation=organisation, name="Wijkcentrum Oosterhout")
    return Portal(organisation.pk, admin.email, service.pk, professional.pk)


def _remove_account(email: str) -> None:
    """Without Django's cascade: it would look for the buurtsite-only tables in public."""
    OrganisationMembership.objects.filter(user__email=email).delete()
    EmailAddress.objects.filter(email=email).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE email = %s", [email])


def _remove_portal(portal: Portal) -> None:
    Organisation.objects.filter(pk=portal.organisation_id).delete()
    _remove_account(portal.email)


@pytest.fixture
def portal() -> Iterator[Portal]:
    made = committed(_make_portal)
    yield made
    committed(lambda: _remove_portal(made))


@pytest.fixture
def photo_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sanne.png"
        buffer = io.BytesIO()
        Image.new("RGB", (400, 400), (30, 120, 200)).save(buffer, format="PNG")
        path.write_bytes(buffer.getvalue())
        yield path


def test_an_admin_signs_in_and_edits_a_service_and_a_professional(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    portal: Portal,
    photo_file: Path,
) -> None:
    base = site_url(PLATFORM_HOST)
    page.set_viewport_size(DESKTOP)

    # Signing in on the platform host, on the way to the portal.
    page.goto(f"{base}/portaal/")
    check_page(page, assert_accessible)
    page.locator("input[name=login]").fill(portal.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Stichting Thuis in de Wijk")
    check_page(page, assert_accessible)

    # A service: a mistake first, then the real change.
    page.get_by_role("link", name="Diensten", exact=True).click()
    check_page(page, assert_accessible)
    page.get_by_role("link", name="Schuldhulpmaatje").click()
    check_page(page, assert_accessible)
    page.locator("#id_name").fill("")
    page.get_by_role("button", name="Dienst opslaan").click()
    expect(page.locator(".form-errors").first).to_contain_text("Er klopt nog iets niet")
    check_page(page, assert_accessible)
    page.locator("#id_name").fill("Schuldhulpmaatje Oost")
    page.get_by_label("Kosten").fill("Gratis, ook voor ondernemers")
    page.get_by_label("Gezinnen").check()
    page.get_by_role("button", name="Dienst opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De dienst is opgeslagen.")
    page.get_by_role("button", name="Klopt nog").click()
    expect(page.locator(".messages")).to_contain_text("staat nu als 'klopt nog'")
    check_page(page, assert_accessible)
    page.screenshot(path=SCREENSHOTS / "mijnbuurtje-portaal-dienst.png", full_page=True)

    # A professional, with a photo.
    page.get_by_role("link", name="Professionals", exact=True).click()
    check_page(page, assert_accessible)
    page.get_by_role("link", name="Sanne Peters").click()
    page.get_by_label("Rol of functie").fill("Wijkverpleegkundige")
    page.get_by_role("button", name="Professional opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De professional is opgeslagen.")
    page.locator("input[name=photo]").set_input_files(photo_file)
    page.get_by_role("button", name="Foto opslaan").click()
    expect(page.locator("img.avatar--large")).to_be_visible()
    check_page(page, assert_accessible)

    # Every other portal page.
    for path in (
        "/portaal/profiel/",
        "/portaal/diensten/nieuw/",
        "/portaal/locaties/",
        "/portaal/locaties/nieuw/",
        "/portaal/professionals/nieuw/",
        "/portaal/buurtsites/",
        "/portaal/team/",
        "/portaal/geschiedenis/",
    ):
        visit_page(page, base + path, assert_accessible)
    page.get_by_role("link", name="Dienst: Schuldhulpmaatje Oost").first.click()
    expect(page.locator("table")).to_contain_text("Gratis, ook voor ondernemers")
    check_page(page, assert_accessible)

    def saved() -> tuple[Service, Professional]:
        return (
            Service.objects.get(pk=portal.service_id),
            Professional.objects.get(pk=portal.professional_id),
        )

    service, professional = committed(saved)
    assert service.name == "Schuldhulpmaatje Oost"
    assert service.target_groups == ["gezinnen"] or "gezinnen" in service.target_groups
    assert professional.title == "Wijkverpleegkundige"
    assert professional.photo


def test_an_invited_colleague_accepts_in_the_browser(
    page: Page, site_url: SiteUrl, assert_accessible: AssertAccessible, portal: Portal
) -> None:
    from organisations.invitations import VALID_FOR, hash_token
    from organisations.models import OrganisationInvitation

    token = uuid.uuid4().hex
    email = f"collega-{token[:8]}@example.nl"

    def invite() -> None:
        from django.utils import timezone

        OrganisationInvitation.objects.create(
            organisation_id=portal.organisation_id,
            email=email,
            role="editor",
            token_hash=hash_token(token),
            expires_at=timezone.now() + VALID_FOR,
        )

    committed(invite)
    try:
        visit_page(
            page, f"{site_url(PLATFORM_HOST)}/portaal/uitnodiging/{token}/", assert_accessible
        )
        page.get_by_label("Je naam").fill("Chris Collega")
        page.locator("input[name=password1]").fill(PASSWORD + "-x")
        page.locator("input[name=password2]").fill(PASSWORD + "-x")
        page.get_by_role("button", name="Aannemen en mijn account maken").click()
        expect(page.locator(".messages")).to_contain_text("Welkom in het portaal")
        check_page(page, assert_accessible)
    finally:
        committed(lambda: _remove_account(email))


@pytest.fixture
def operator_secret() -> Iterator[str]:
    """The demo operator with an authenticator app; removed afterwards with what it added."""
    secret = generate_totp_secret()
    committed(lambda: TOTP.activate(User.objects.get(email=OPERATOR), secret))
    yield secret

    def clean_up() -> None:
        Authenticator.objects.filter(user__email=OPERATOR).delete()
        Organisation.objects.filter(name=NEW_ORGANISATION).delete()

    committed(clean_up)


def test_an_operator_adds_an_organisation_and_reviews_a_change(
    page: Page,
    site_url: SiteUrl,
    assert_accessible: AssertAccessible,
    portal: Portal,
    operator_secret: str,
) -> None:
    base = site_url(PLATFORM_HOST)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/beheer/organisaties/")
    page.locator("input[name=login]").fill(OPERATOR)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    counter = next(iter(yield_hotp_counters_from_time()))
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(operator_secret, counter)))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Organisaties")
    check_page(page, assert_accessible)

    page.locator("#id_municipality").select_option(label="Nijmegen (GM0268)")
    page.get_by_label("Naam van de organisatie").fill(NEW_ORGANISATION)
    page.get_by_label("KvK-nummer").fill("1234")
    page.get_by_label("E-mailadres van de eerste beheerder").fill("coordinator@example.nl")
    page.get_by_role("button", name="Toevoegen en uitnodigen").click()
    expect(page.locator(".form-errors").first).to_contain_text("Er klopt nog iets niet")
    check_page(page, assert_accessible)
    page.get_by_label("KvK-nummer").fill("41055629")
    page.get_by_role("button", name="Toevoegen en uitnodigen").click()
    expect(page.locator(".messages")).to_contain_text("is toegevoegd")

    visit_page(page, f"{base}/beheer/organisaties/wijzigingen/", assert_accessible)
    page.get_by_role(
        "link", name=re.compile("Stichting Thuis in de Wijk .* Schuldhulpmaatje")
    ).click()
    expect(page.locator("table")).to_contain_text("Soorten hulp")
    check_page(page, assert_accessible)
    page.get_by_role("button", name="Gezien").click()
    expect(page.locator(".messages")).to_contain_text("Gemarkeerd als gezien.")
    check_page(page, assert_accessible)
