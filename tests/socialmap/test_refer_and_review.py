"""Refer from here, and the buurtverbinder's review of organisations' changes."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from organisations.actions import save_service
from organisations.models import VersionSeen
from referrals.actions import ask_for_help, set_help_request_state
from referrals.models import HelpRequest, Referral
from tenants.models import Buurtsite
from tests.members.factories import client_for
from tests.socialmap.conftest import City


@pytest.fixture
def question(resident: User) -> HelpRequest:
    return ask_for_help(
        subject="Rekeningen stapelen zich op",
        description="Ik weet niet meer hoe ik mijn rekeningen moet betalen.",
        acting_user=resident,
    )


def test_buurtverbinder_refers_an_open_question_to_a_service(
    city: City, buurtverbinder: User, question: HelpRequest
) -> None:
    client = client_for(buurtverbinder)
    page = client.get(f"/hulp-vinden/dienst/{city.debts.pk}/").content.decode()
    assert "Rekeningen stapelen zich op" in page  # the picker lists it

    response = client.post(
        f"/hulp-vinden/dienst/{city.debts.pk}/doorverwijzen/",
        {"help_request": str(question.pk), "note": "Zij helpen je op dinsdag."},
    )

    assert response.status_code == 302
    referral = Referral.objects.get(help_request=question)
    assert referral.kind == "organisation"
    assert referral.reference == f"service:{city.debts.pk}"
    assert referral.url == f"/hulp-vinden/dienst/{city.debts.pk}/"
    assert "Schuldhulpverlening" in referral.name


def test_buurtverbinder_refers_to_a_professional(
    city: City, buurtverbinder: User, question: HelpRequest
) -> None:
    response = client_for(buurtverbinder).post(
        f"/hulp-vinden/professional/{city.professional.pk}/doorverwijzen/",
        {"help_request": str(question.pk)},
    )

    assert response.status_code == 302
    referral = Referral.objects.get(help_request=question)
    assert (referral.kind, referral.reference) == (
        "professional",
        f"professional:{city.professional.pk}",
    )


def test_a_closed_question_cannot_be_referred(
    city: City, buurtverbinder: User, question: HelpRequest
) -> None:
    closed = HelpRequest.State.CLOSED
    set_help_request_state(question, state=closed, acting_user=buurtverbinder)

    response = client_for(buurtverbinder).post(
        f"/hulp-vinden/dienst/{city.debts.pk}/doorverwijzen/", {"help_request": str(question.pk)}
    )

    assert response.status_code == 400
    assert not Referral.objects.filter(help_request=question).exists()


def test_residents_cannot_refer_and_see_no_form(
    city: City, resident: User, question: HelpRequest
) -> None:
    client = client_for(resident)

    assert "Rekeningen" not in client.get(f"/hulp-vinden/dienst/{city.debts.pk}/").content.decode()
    response = client.post(
        f"/hulp-vinden/dienst/{city.debts.pk}/doorverwijzen/", {"help_request": str(question.pk)}
    )
    assert response.status_code == 403
    assert not Referral.objects.filter(help_request=question).exists()


def test_review_lists_changes_of_organisations_serving_this_buurtsite_only(
    city: City, buurtverbinder: User, oost: Buurtsite, lindenholt_client: Client
) -> None:
    client = client_for(buurtverbinder)

    page = client.get("/hulp-vinden/wijzigingen/").content.decode()

    assert "Schuldhulpverlening" in page
    assert "Steunpunt Mantelzorg" not in page  # Lindenholt's organisation


def test_marking_a_change_seen_removes_it_from_the_list(
    city: City, buurtverbinder: User, oost: Buurtsite
) -> None:
    client = client_for(buurtverbinder)
    version = client.get("/hulp-vinden/wijzigingen/").context["changes"][0]

    assert client.get(f"/hulp-vinden/wijzigingen/{version.pk}/").status_code == 200
    response = client.post(f"/hulp-vinden/wijzigingen/{version.pk}/gezien/")

    assert response.status_code == 302
    assert VersionSeen.objects.filter(version=version, buurtsite=oost).exists()
    assert version not in client.get("/hulp-vinden/wijzigingen/").context["changes"]


def test_a_change_for_another_buurtsite_is_unknown_here(city: City, buurtverbinder: User) -> None:
    from organisations.models import Version

    other = Version.objects.filter(organisation=city.lindenholt_org).first()
    assert other is not None
    client = client_for(buurtverbinder)

    assert client.get(f"/hulp-vinden/wijzigingen/{other.pk}/").status_code == 404
    assert client.post(f"/hulp-vinden/wijzigingen/{other.pk}/gezien/").status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_review_query_count_does_not_grow(
    city: City, buurtverbinder: User, count: int, django_assert_num_queries: object
) -> None:
    from django.db import connection

    connection.set_schema_to_public()
    operator = User.objects.get(email="beheer@mijnbuurtje.localhost")
    for number in range(count):
        save_service(
            city.oost_org, acting_user=operator, name=f"Nieuw {number}", categories=["wonen"]
        )
    connection.set_tenant(Buurtsite.objects.get(slug="oost"))
    client = client_for(buurtverbinder)
    client.get("/hulp-vinden/wijzigingen/")  # the host and the theme are cached from here on

    # The search path once; the member and profile; the changes; the two counts in the menu.
    with django_assert_num_queries(6):  # type: ignore[operator]
        response = client.get("/hulp-vinden/wijzigingen/")

    assert response.status_code == 200
