"""The operator console: staff with two factors only, on the platform host only."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from accounts.models import User
from provisioning import orders
from provisioning.actions import provision_buurtsite_now
from provisioning.models import BuurtsiteExport, Order, ProvisioningRun
from provisioning.tasks import advance_run
from tenants.models import Buurtsite, Municipality
from tests.conftest import OOST_HOST, PLATFORM_HOST

ORDER = {
    "municipality_name": "Wijchen",
    "cbs_code": "GM0296",
    "buurtsite_name": "Alverna Leeft",
    "slug": "alverna",
    "own_domain": "",
    "contact_name": "Fenna de Vries",
    "contact_email": "fenna@wijchen.nl",
    "plan": "small",
}


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path) -> None:
    # Runs and exports are sent to the worker after commit; these tests look at the console.
    monkeypatch.setattr(advance_run, "delay_on_commit", lambda *args: None)
    settings.EXPORT_ROOT = tmp_path / "exports"


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client(HTTP_HOST=PLATFORM_HOST).get("/beheer/console/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_staff_without_a_second_factor_must_set_one_up(db: None) -> None:
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(User.objects.get(email="beheer@mijnbuurtje.localhost"))

    response = client.get("/beheer/console/")

    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/totp/activate/"


def test_non_staff_is_refused(db: None) -> None:
    user = User.objects.create_user("gewoon@example.nl", "lang-wachtwoord-9")
    TOTP.activate(user, generate_totp_secret())
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(user)

    assert client.get("/beheer/console/").status_code == 403


def test_console_is_not_on_a_buurtsite_host(console: Client) -> None:
    client = Client(HTTP_HOST=OOST_HOST)
    assert client.get("/beheer/console/").status_code == 404


def test_admin_sign_in_goes_through_two_factor_sign_in(db: None) -> None:
    response = Client(HTTP_HOST=PLATFORM_HOST).get("/beheer/login/?next=/beheer/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_home_lists_every_buurtsite_in_a_fixed_number_of_queries(console: Client) -> None:
    orders.place_order(**ORDER)
    with CaptureQueriesContext(connection) as two_sites:
        response = console.get("/beheer/console/")
    provision_buurtsite_now(
        Municipality.objects.get(cbs_code="GM0268"), name="Hatert", slug="hatert"
    )
    connection.set_schema_to_public()

    with CaptureQueriesContext(connection) as three_sites:
        again = console.get("/beheer/console/")

    assert len(three_sites) == len(two_sites) <= 15
    page = again.content.decode()
    assert response.status_code == 200
    assert "Nijmegen-Oost" in page and "Hatert" in page and "Alverna Leeft" in page
    rows = {site.slug: figures for site, figures in again.context["rows"]}
    assert rows["oost"].members == 2 and rows["lindenholt"].members == 2
    assert rows["hatert"].members == 0


def test_approving_from_the_console_starts_the_run(console: Client, operator: User) -> None:
    order = orders.place_order(**ORDER)

    response = console.post(
        f"/beheer/console/bestellingen/{order.pk}/besluit/", {"decision": "approve"}
    )

    order.refresh_from_db()
    assert order.status == Order.Status.APPROVED
    assert response.status_code == 302
    assert response["Location"] == f"/beheer/console/runs/{order.run_id}/"
    page = console.get(response["Location"])
    assert page.status_code == 200
    assert "create_schema" in page.content.decode()
    partial = console.get(response["Location"], HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_rejecting_without_a_reason_is_refused_with_400(console: Client) -> None:
    order = orders.place_order(**ORDER)

    response = console.post(
        f"/beheer/console/bestellingen/{order.pk}/besluit/", {"decision": "reject", "reason": ""}
    )

    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


@pytest.mark.parametrize(
    ("action", "status"),
    [("suspend", "suspended"), ("archive", "archived")],
)
def test_lifecycle_buttons(console: Client, action: str, status: str) -> None:
    response = console.post("/beheer/console/buurtsites/oost/actie/", {"action": action})

    assert response.status_code == 302
    assert Buurtsite.objects.get(slug="oost").status == status


def test_refused_lifecycle_change_is_a_400_with_a_message(console: Client) -> None:
    response = console.post("/beheer/console/buurtsites/oost/actie/", {"action": "resume"})

    assert response.status_code == 400
    assert response.context["refusals"]


def test_delete_without_export_is_refused(console: Client) -> None:
    response = console.post(
        "/beheer/console/buurtsites/oost/actie/", {"action": "delete", "confirmation": "oost"}
    )

    assert response.status_code == 400
    assert Buurtsite.objects.get(slug="oost").status == Buurtsite.Status.ACTIVE


def test_unknown_action_is_a_404(console: Client) -> None:
    response = console.post("/beheer/console/buurtsites/oost/actie/", {"action": "drop"})

    assert response.status_code == 404


def test_export_task_and_download(console: Client) -> None:
    from provisioning.tasks import export_buurtsite

    export_id = export_buurtsite.apply(args=(Buurtsite.objects.get(slug="oost").pk,)).get()

    response = console.get(f"/beheer/console/exports/{export_id}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip archive
    assert BuurtsiteExport.objects.filter(pk=export_id).exists()


def test_retry_button_starts_a_fresh_run(console: Client) -> None:
    oost = Buurtsite.objects.get(slug="oost")
    failed = ProvisioningRun.objects.create(buurtsite=oost, status=ProvisioningRun.Status.FAILED)

    response = console.post(
        "/beheer/console/buurtsites/oost/actie/", {"action": "retry", "run_id": failed.pk}
    )

    assert response.status_code == 302
    assert ProvisioningRun.objects.filter(buurtsite=oost, status="pending").exists()


def test_a_run_of_another_buurtsite_cannot_be_retried_through_this_one(console: Client) -> None:
    lindenholt = Buurtsite.objects.get(slug="lindenholt")
    failed = ProvisioningRun.objects.create(
        buurtsite=lindenholt, status=ProvisioningRun.Status.FAILED
    )

    response = console.post(
        "/beheer/console/buurtsites/oost/actie/", {"action": "retry", "run_id": failed.pk}
    )

    assert response.status_code == 404


def test_buurtsite_page_shows_dns_records_of_an_own_domain(console: Client) -> None:
    console.post(
        "/beheer/console/buurtsites/oost/actie/", {"action": "add_domain", "host": "oostleeft.nl"}
    )

    page = console.get("/beheer/console/buurtsites/oost/").content.decode()

    assert "_mijnbuurtje.oostleeft.nl" in page
    assert "www.oostleeft.nl" in page


def test_nobody_signs_up_on_the_platform_host(db: None) -> None:
    client = Client(HTTP_HOST=PLATFORM_HOST)

    page = client.get("/account/signup/")
    client.post(
        "/account/signup/",
        {
            "email": "nieuw@example.nl",
            "password1": "lang-wachtwoord-9",
            "password2": "lang-wachtwoord-9",
        },
    )

    assert 'name="password1"' not in page.content.decode()  # no sign-up form, only a notice
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_operator_creates_a_buurtsite_directly(console: Client) -> None:
    nijmegen = Municipality.objects.get(cbs_code="GM0268")

    response = console.post(
        "/beheer/console/nieuw/", {"municipality": nijmegen.pk, "name": "Hatert", "slug": "hatert"}
    )

    run = ProvisioningRun.objects.get(buurtsite__slug="hatert")
    assert response.status_code == 302
    assert response["Location"] == f"/beheer/console/runs/{run.pk}/"


def test_creating_with_a_taken_slug_is_a_400(console: Client) -> None:
    nijmegen = Municipality.objects.get(cbs_code="GM0268")

    response = console.post(
        "/beheer/console/nieuw/", {"municipality": nijmegen.pk, "name": "Oost", "slug": "oost"}
    )

    assert response.status_code == 400
    assert response.context["refusals"]
    assert Buurtsite.objects.filter(slug="oost").count() == 1


def test_creating_without_a_real_municipality_is_a_400(console: Client) -> None:
    response = console.post(
        "/beheer/console/nieuw/", {"municipality": "x", "name": "Hatert", "slug": "hatert"}
    )

    assert response.status_code == 400
    assert not Buurtsite.objects.filter(slug="hatert").exists()
