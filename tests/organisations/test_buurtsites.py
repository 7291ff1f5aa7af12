"""The buurtsites an organisation serves: only those of its own municipality."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from organisations import actions
from organisations.models import Organisation
from tenants.models import Buurtsite
from tests.organisations.factories import make_buurtsite_elsewhere


def test_an_admin_chooses_buurtsites_of_the_municipality(
    admin_client: Client, organisation: Organisation, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    page = admin_client.get("/portaal/buurtsites/").content.decode()
    assert "Lindenholt" in page

    response = admin_client.post("/portaal/buurtsites/", {"buurtsites": [oost.pk, lindenholt.pk]})

    assert response.status_code == 302
    assert set(organisation.buurtsites.all()) == {oost, lindenholt}
    version = organisation.versions.get()
    assert version.previous["buurtsites"] == [oost.pk]  # type: ignore[index]
    assert version.snapshot["buurtsites"] == sorted([oost.pk, lindenholt.pk])


def test_a_buurtsite_of_another_municipality_is_refused(
    admin_client: Client, organisation: Organisation, oost: Buurtsite
) -> None:
    elsewhere = make_buurtsite_elsewhere()
    assert "Lombok" not in admin_client.get("/portaal/buurtsites/").content.decode()

    response = admin_client.post("/portaal/buurtsites/", {"buurtsites": [oost.pk, elsewhere.pk]})

    assert response.status_code == 400
    assert "alleen buurtsites in je eigen gemeente" in response.content.decode()
    assert list(organisation.buurtsites.all()) == [oost]


def test_the_action_refuses_another_municipality_too(
    organisation: Organisation, org_admin: User
) -> None:
    with pytest.raises(ValidationError):
        actions.set_buurtsites_served(
            organisation, buurtsites=[make_buurtsite_elsewhere()], acting_user=org_admin
        )
    assert organisation.buurtsites.count() == 1


def test_a_suspended_buurtsite_cannot_be_chosen(
    organisation: Organisation, org_admin: User, lindenholt: Buurtsite
) -> None:
    lindenholt.status = Buurtsite.Status.SUSPENDED

    with pytest.raises(ValidationError):
        actions.set_buurtsites_served(organisation, buurtsites=[lindenholt], acting_user=org_admin)


def test_a_service_limited_to_buurtsites_may_only_name_served_ones(
    admin_client: Client, organisation: Organisation, lindenholt: Buurtsite
) -> None:
    response = admin_client.post(
        "/portaal/diensten/nieuw/",
        {"name": "Taalcafé", "categories": ["taal"], "buurtsites": [lindenholt.pk]},
    )

    assert response.status_code == 400
    assert not organisation.services.exists()
