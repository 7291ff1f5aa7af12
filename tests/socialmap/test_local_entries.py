"""The buurtverbinder keeps the local entries; nobody else can, and ids of one buurtsite mean
nothing on another."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from socialmap import actions
from socialmap.models import LocalLocation, LocalOrganisation, LocalService
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, make_member


def _organisation(connector: User) -> LocalOrganisation:
    return actions.create_local_organisation(
        fields={"name": "Buurtvereniging De Linde"}, acting_user=connector
    )


def test_buurtverbinder_adds_an_organisation_a_place_and_a_service(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)

    response = client.post(
        "/hulp-vinden/beheer/organisatie/nieuw/",
        {"name": "Vrijwilligers Café Ëlan", "description": "Koffie en een praatje."},
    )
    assert response.status_code == 302
    organisation = LocalOrganisation.objects.get(name="Vrijwilligers Café Ëlan")

    response = client.post(
        f"/hulp-vinden/beheer/organisatie/{organisation.pk}/plek/nieuw/",
        {
            "name": "Buurthuis De Linde",
            "street_address": "Lindestraat 3",
            "postal_code": "6543 AB",
            "city": "Nijmegen",
            "latitude": "51.83",
            "longitude": "5.79",
        },
    )
    assert response.status_code == 302
    place = LocalLocation.objects.get(organisation=organisation)

    response = client.post(
        f"/hulp-vinden/beheer/organisatie/{organisation.pk}/dienst/nieuw/",
        {
            "name": "Koffieochtend",
            "categories": ["eenzaamheid"],
            "target_groups": ["ouderen"],
            "locations": [str(place.pk)],
        },
    )
    assert response.status_code == 302
    service = LocalService.objects.get(organisation=organisation)
    assert list(service.locations.all()) == [place]
    assert service.categories == ["eenzaamheid"]


def test_bad_input_is_refused_and_nothing_is_saved(buurtverbinder: User) -> None:
    organisation = _organisation(buurtverbinder)
    counts = (LocalService.objects.count(), LocalOrganisation.objects.count())
    places = LocalLocation.objects.count()
    client = client_for(buurtverbinder)

    no_kind = client.post(
        f"/hulp-vinden/beheer/organisatie/{organisation.pk}/dienst/nieuw/", {"name": "Iets"}
    )
    bad_kvk = client.post(
        "/hulp-vinden/beheer/organisatie/nieuw/", {"name": "X", "kvk_number": "12"}
    )
    bad_postcode = client.post(
        f"/hulp-vinden/beheer/organisatie/{organisation.pk}/plek/nieuw/",
        {"name": "Ergens", "postal_code": "nope"},
    )

    assert {no_kind.status_code, bad_kvk.status_code, bad_postcode.status_code} == {400}
    assert "Kies minstens één soort hulp." in no_kind.content.decode()
    assert (LocalService.objects.count(), LocalOrganisation.objects.count()) == counts
    assert LocalLocation.objects.count() == places


def test_a_place_of_another_organisation_cannot_be_chosen(buurtverbinder: User) -> None:
    first, second = _organisation(buurtverbinder), _organisation(buurtverbinder)
    services = LocalService.objects.count()
    place = actions.create_local_place(
        second, fields={"name": "Elders"}, acting_user=buurtverbinder
    )

    response = client_for(buurtverbinder).post(
        f"/hulp-vinden/beheer/organisatie/{first.pk}/dienst/nieuw/",
        {"name": "Iets", "categories": ["wonen"], "locations": [str(place.pk)]},
    )

    assert response.status_code == 400
    assert LocalService.objects.count() == services


def test_withdrawing_hides_the_entry_and_restoring_brings_it_back(
    buurtverbinder: User, oost_client: Client
) -> None:
    organisation = _organisation(buurtverbinder)
    service = actions.create_local_service(
        organisation,
        fields={"name": "Wandelgroep", "categories": ["gezondheid"]},
        acting_user=buurtverbinder,
    )
    client = client_for(buurtverbinder)

    client.post(f"/hulp-vinden/beheer/dienst/{service.pk}/intrekken/")
    assert oost_client.get(f"/hulp-vinden/buurt/{service.pk}/").status_code == 404
    client.post(f"/hulp-vinden/beheer/dienst/{service.pk}/intrekken/", {"restore": "1"})
    assert oost_client.get(f"/hulp-vinden/buurt/{service.pk}/").status_code == 200
    client.post(f"/hulp-vinden/beheer/organisatie/{organisation.pk}/intrekken/")
    assert oost_client.get(f"/hulp-vinden/buurt/{service.pk}/").status_code == 404


def test_editing_keeps_accents(buurtverbinder: User) -> None:
    organisation = _organisation(buurtverbinder)

    client_for(buurtverbinder).post(
        f"/hulp-vinden/beheer/organisatie/{organisation.pk}/", {"name": "Crèche Zoë & Café"}
    )

    organisation.refresh_from_db()
    assert organisation.name == "Crèche Zoë & Café"


@pytest.mark.parametrize(
    "url",
    [
        "/hulp-vinden/beheer/",
        "/hulp-vinden/beheer/organisatie/nieuw/",
        "/hulp-vinden/wijzigingen/",
    ],
)
def test_residents_may_not_keep_the_social_map(resident: User, url: str) -> None:
    assert client_for(resident).get(url).status_code == 403
    assert Client(HTTP_HOST="oost.localhost").get(url).status_code == 302


def test_ids_of_one_buurtsite_are_unknown_on_another(
    buurtverbinder: User, lindenholt: Buurtsite, oost: Buurtsite
) -> None:
    organisation = _organisation(buurtverbinder)
    place = actions.create_local_place(
        organisation, fields={"name": "Hier"}, acting_user=buurtverbinder
    )
    service = actions.create_local_service(
        organisation, fields={"name": "Iets", "categories": ["wonen"]}, acting_user=buurtverbinder
    )
    with tenant_context(lindenholt):
        other = client_for(make_member(role=User.Role.BUURTVERBINDER), LINDENHOLT_HOST)
        assert not LocalOrganisation.objects.filter(pk=organisation.pk).exists()
        responses = {
            url: other.get(url).status_code
            for url in [
                f"/hulp-vinden/beheer/organisatie/{organisation.pk}/",
                f"/hulp-vinden/beheer/organisatie/{organisation.pk}/dienst/nieuw/",
                f"/hulp-vinden/beheer/organisatie/{organisation.pk}/plek/nieuw/",
                f"/hulp-vinden/beheer/dienst/{service.pk}/",
                f"/hulp-vinden/beheer/plek/{place.pk}/",
                f"/hulp-vinden/buurt/{service.pk}/",
            ]
        }
        for url in [
            f"/hulp-vinden/beheer/organisatie/{organisation.pk}/intrekken/",
            f"/hulp-vinden/beheer/dienst/{service.pk}/intrekken/",
            f"/hulp-vinden/buurt/{service.pk}/doorverwijzen/",
        ]:
            responses[url] = other.post(url).status_code

    assert set(responses.values()) == {404}, responses


@pytest.mark.parametrize("count", [2, 10])
def test_local_entries_list_query_count_does_not_grow(
    buurtverbinder: User, count: int, django_assert_num_queries: object
) -> None:
    for number in range(count):
        organisation = _organisation(buurtverbinder)
        actions.create_local_place(
            organisation, fields={"name": f"Plek {number}"}, acting_user=buurtverbinder
        )
        actions.create_local_service(
            organisation,
            fields={"name": f"Dienst {number}", "categories": ["wonen"]},
            acting_user=buurtverbinder,
        )
    client = client_for(buurtverbinder)
    client.get("/hulp-vinden/beheer/")  # the host and the theme are cached from here on

    # The search path once; the member and profile; organisations, services and places; the
    # two counts in the menu.
    with django_assert_num_queries(8):  # type: ignore[operator]
        response = client.get("/hulp-vinden/beheer/")

    assert response.status_code == 200
    names = [organisation.name for organisation in response.context["organisations"]]
    assert names.count("Buurtvereniging De Linde") == count
