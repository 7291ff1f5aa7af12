"""The municipality's invoice page (signed link) and the operator console's billing pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from billing import actions, links
from billing.models import BillingAccount, Invoice
from tenants.models import Buurtsite, Municipality
from tests.billing.conftest import make_buurtsite_subscription
from tests.conftest import PLATFORM_HOST


@pytest.fixture
def platform(db: None) -> Client:
    return Client(HTTP_HOST=PLATFORM_HOST)


@pytest.fixture
def other_municipality_invoice(local_billing: None, db: None) -> Invoice:
    """An invoice of another municipality (Wijchen), with a buurtsite registry row."""
    municipality = Municipality.objects.create(name="Wijchen", cbs_code="GM0296")
    buurtsite = Buurtsite.objects.create(
        name="Alverna Leeft",
        slug="alverna",
        municipality=municipality,
        schema_name="alverna",
        status=Buurtsite.Status.ACTIVE,
    )
    subscription = make_buurtsite_subscription(
        buurtsite, purchase_order="WIJ-77", email="facturen@wijchen.nl"
    )
    return actions.issue_invoice(subscription, period_start=date(2026, 1, 1))


def test_the_contact_sees_the_invoices_through_the_signed_link(
    local_billing: None, oost: Buurtsite, platform: Client
) -> None:
    invoice = actions.issue_invoice(
        make_buurtsite_subscription(oost), period_start=date(2026, 1, 1)
    )

    response = platform.get(links.invoices_path(invoice.subscription.account))

    assert response.status_code == 200
    body = response.content.decode()
    assert invoice.number in body
    assert "PO-2026-0412" in body
    assert "1950,00" in body
    assert response["Referrer-Policy"] == "no-referrer"


def test_one_municipalitys_link_never_shows_another_ones_invoices(
    local_billing: None,
    oost: Buurtsite,
    platform: Client,
    other_municipality_invoice: Invoice,
) -> None:
    actions.issue_invoice(make_buurtsite_subscription(oost), period_start=date(2026, 1, 1))
    nijmegen = BillingAccount.objects.get(municipality=oost.municipality)

    body = platform.get(links.invoices_path(nijmegen)).content.decode()

    assert other_municipality_invoice.number not in body
    assert "WIJ-77" not in body


@pytest.mark.parametrize("change", ["altered", "forged", "renewed"])
def test_an_altered_forged_or_renewed_link_is_a_plain_404(
    local_billing: None, oost: Buurtsite, platform: Client, change: str
) -> None:
    account = make_buurtsite_subscription(oost).account
    token = links.invoices_token(account)
    if change == "altered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif change == "forged":
        token = "W1sxLDFdXQ:1abcde:forged"
    else:
        actions.renew_invoice_link(account)

    response = platform.get(f"/facturen/{token}/")

    assert response.status_code == 404


def test_the_invoice_link_does_not_work_on_a_buurtsite(
    local_billing: None, oost: Buurtsite, oost_client: Client
) -> None:
    account = make_buurtsite_subscription(oost).account

    assert oost_client.get(links.invoices_path(account)).status_code == 404


def test_the_invoice_page_makes_a_fixed_number_of_queries(
    local_billing: None, oost: Buurtsite, platform: Client
) -> None:
    subscription = make_buurtsite_subscription(oost)
    actions.issue_invoice(subscription, period_start=date(2026, 1, 1))
    path = links.invoices_path(subscription.account)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert platform.get(path).status_code == 200
        return len(captured)

    few = queries()
    for year in range(2027, 2033):
        actions.issue_invoice(subscription, period_start=date(year, 1, 1))
    assert queries() == few


def test_only_operators_with_two_factors_see_the_billing_console(
    local_billing: None, oost: Buurtsite, platform: Client, console: Client
) -> None:
    page = f"/beheer/console/facturatie/gemeenten/{oost.municipality_id}/"

    assert platform.get("/beheer/console/facturatie/").status_code == 302
    assert platform.get(page).status_code == 302
    assert console.get("/beheer/console/facturatie/").status_code == 200
    assert console.get(page).status_code == 200


def test_the_billing_console_is_not_on_a_buurtsite(
    local_billing: None, oost: Buurtsite, oost_client: Client, operator: object
) -> None:
    oost_client.force_login(operator)  # type: ignore[arg-type]

    assert oost_client.get("/beheer/console/facturatie/").status_code == 404


def test_an_operator_sees_a_municipalitys_invoices(
    local_billing: None, oost: Buurtsite, console: Client
) -> None:
    invoice = actions.issue_invoice(
        make_buurtsite_subscription(oost), period_start=date(2026, 1, 1)
    )

    response = console.get(f"/beheer/console/facturatie/gemeenten/{oost.municipality_id}/")

    body = response.content.decode()
    assert invoice.number in body
    assert "Nijmegen-Oost" in body
    assert "/facturen/" in body


def test_an_invoice_of_another_municipality_cannot_be_marked_paid_from_this_page(
    local_billing: None,
    oost: Buurtsite,
    console: Client,
    other_municipality_invoice: Invoice,
) -> None:
    url = (
        f"/beheer/console/facturatie/gemeenten/{oost.municipality_id}/"
        f"facturen/{other_municipality_invoice.pk}/betaald/"
    )

    assert console.post(url).status_code == 404
    other_municipality_invoice.refresh_from_db()
    assert other_municipality_invoice.status == Invoice.Status.OPEN


def test_invoice_details_are_saved_and_bad_ones_refused_in_dutch(
    local_billing: None, oost: Buurtsite, console: Client
) -> None:
    page = f"/beheer/console/facturatie/gemeenten/{oost.municipality_id}/gegevens/"
    details = {
        "name": "Gemeente Nijmegen",
        "contact_name": "Sjoerd Hüsken",
        "email": "facturen@nijmegen.nl",
        "address_line": "Korte Nieuwstraat 6",
        "postal_code": "6511 PP",
        "city": "Nijmegen",
        "vat_number": "nl 0022.20862.B01",
        "purchase_order": "IO-2026/ä-17",
        "payment_method": "ideal",
    }

    assert console.post(page, details).status_code == 302
    account = BillingAccount.objects.get(municipality=oost.municipality)
    assert account.vat_number == "NL002220862B01"
    assert account.contact_name == "Sjoerd Hüsken"
    assert account.purchase_order == "IO-2026/ä-17"

    refused = console.post(page, {**details, "vat_number": "12", "email": "geen-adres"})
    assert refused.status_code == 400
    assert "btw-nummer" in refused.content.decode().lower()
    account.refresh_from_db()
    assert account.email == "facturen@nijmegen.nl"


def test_the_billing_overview_makes_a_fixed_number_of_queries(
    local_billing: None, oost: Buurtsite, console: Client
) -> None:
    subscription = make_buurtsite_subscription(oost)
    actions.issue_invoice(subscription, period_start=date(2026, 1, 1))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert console.get("/beheer/console/facturatie/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(5):
        municipality = Municipality.objects.create(
            name=f"Gemeente {number}", cbs_code=f"GM09{number:02d}"
        )
        actions.account_for_municipality(municipality, email=f"f{number}@example.nl")
    for year in range(2027, 2030):
        actions.issue_invoice(subscription, period_start=date(year, 1, 1))
    assert queries() == few


def test_the_municipality_billing_page_makes_a_fixed_number_of_queries(
    local_billing: None, oost: Buurtsite, console: Client
) -> None:
    subscription = make_buurtsite_subscription(oost)
    actions.issue_invoice(subscription, period_start=date(2026, 1, 1))
    page = f"/beheer/console/facturatie/gemeenten/{oost.municipality_id}/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert console.get(page).status_code == 200
        return len(captured)

    few = queries()
    for year in range(2027, 2032):
        actions.issue_invoice(subscription, period_start=date(year, 1, 1))
    assert queries() == few


def test_looking_at_a_municipality_without_invoices_writes_nothing(
    local_billing: None, console: Client
) -> None:
    municipality = Municipality.objects.create(name="Berg en Dal", cbs_code="GM1945")

    response = console.get(f"/beheer/console/facturatie/gemeenten/{municipality.pk}/")

    assert response.status_code == 200
    assert "Gemeente Berg en Dal" in response.content.decode()
    assert not BillingAccount.objects.filter(municipality=municipality).exists()


def test_an_unknown_municipality_is_a_404(local_billing: None, console: Client) -> None:
    assert console.get("/beheer/console/facturatie/gemeenten/999999/").status_code == 404
    assert console.post("/beheer/console/facturatie/gemeenten/999999/link/").status_code == 404
