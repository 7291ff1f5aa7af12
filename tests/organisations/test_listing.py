"""Where a city-wide service is listed follows every change that decides it, at once.

organisations.listing keeps on each service the buurtsites that list it and copies of its
organisation's name and places; these tests change what decides them through the actions
(and the operator's admin) and check the service as every buurtsite reads it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import Client

from accounts.models import User
from organisations import actions, listing, selectors
from organisations.models import Location, Organisation, Service, Version
from tenants.models import Buurtsite
from tests.organisations.factories import make_organisation, make_service


def _listed(service: Service) -> tuple[list[int], str, list[dict[str, object]]]:
    service.refresh_from_db()
    return service.listed_on, service.organisation_name, service.places


def test_a_new_service_is_listed_where_its_organisation_works(
    organisation: Organisation, oost: Buurtsite
) -> None:
    service = make_service(organisation, name="Schuldhulp")

    assert _listed(service) == ([oost.pk], "Stichting Sterker Sociaal Werk", [])


def test_renaming_the_organisation_renames_its_services_lines(
    organisation: Organisation, org_admin: User, oost: Buurtsite
) -> None:
    service = make_service(organisation)

    actions.update_organisation(organisation, acting_user=org_admin, name="Sterker Samen")

    assert _listed(service)[1] == "Sterker Samen"
    assert selectors.services_for_buurtsite(oost).get(pk=service.pk).organisation_name == (
        "Sterker Samen"
    )


def test_choosing_other_buurtsites_moves_the_services_there(
    organisation: Organisation, org_admin: User, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    service = make_service(organisation)

    actions.set_buurtsites_served(organisation, buurtsites=[lindenholt], acting_user=org_admin)

    assert service not in selectors.services_for_buurtsite(oost)
    assert service in selectors.services_for_buurtsite(lindenholt)
    actions.set_buurtsites_served(
        organisation, buurtsites=[oost, lindenholt], acting_user=org_admin
    )
    assert _listed(service)[0] == sorted([oost.pk, lindenholt.pk])


def test_reverting_a_change_of_buurtsites_lists_the_services_again(
    organisation: Organisation, org_admin: User, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    service = make_service(organisation)
    actions.set_buurtsites_served(organisation, buurtsites=[lindenholt], acting_user=org_admin)
    change = Version.objects.filter(kind="organisation", object_id=organisation.pk).first()
    assert change is not None

    actions.revert_version(change, reviewer_name="Beheer")

    assert service in selectors.services_for_buurtsite(oost)
    assert service not in selectors.services_for_buurtsite(lindenholt)


def test_places_follow_their_locations_until_one_is_removed(
    organisation: Organisation, org_admin: User
) -> None:
    place = actions.save_location(organisation, acting_user=org_admin, name="De Brug")
    service = make_service(organisation, locations=[place])
    assert [p["name"] for p in _listed(service)[2]] == ["De Brug"]

    actions.save_location(
        organisation,
        location=Location.objects.get(pk=place.pk),
        acting_user=org_admin,
        name="Wijkcentrum De Brug",
        street_address="Berg en Dalseweg 12",
        latitude=Decimal("51.842600"),
        longitude=Decimal("5.872300"),
    )
    assert _listed(service)[2] == [
        {
            "name": "Wijkcentrum De Brug",
            "street_address": "Berg en Dalseweg 12",
            "latitude": 51.8426,
            "longitude": 5.8723,
        }
    ]
    actions.remove_location(Location.objects.get(pk=place.pk), acting_user=org_admin)
    assert _listed(service)[2] == []


def test_withdrawn_or_hidden_services_are_listed_nowhere_until_they_return(
    organisation: Organisation, org_admin: User, oost: Buurtsite
) -> None:
    service = make_service(organisation)

    actions.withdraw_service(service, acting_user=org_admin)
    assert _listed(service)[0] == []
    actions.restore_service(Service.objects.get(pk=service.pk), acting_user=org_admin)
    assert _listed(service)[0] == [oost.pk]
    actions.set_licence_visibility(organisation, visible=False)
    assert _listed(service)[0] == []
    actions.set_licence_visibility(organisation, visible=True)
    assert _listed(service)[0] == [oost.pk]


def test_relisting_everything_after_the_actions_changes_nothing(
    organisation: Organisation, org_admin: User, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    """The actions keep the listing exactly as the rule computes it from scratch."""
    citywide = make_organisation(name="Wijkteam Nijmegen", buurtsites=[oost, lindenholt])
    place = actions.save_location(citywide, acting_user=org_admin, name="Het Hert")
    make_service(citywide, serves_all_buurtsites=False, buurtsites=[lindenholt])
    make_service(citywide, locations=[place])
    withdrawn = make_service(organisation)
    actions.withdraw_service(withdrawn, acting_user=org_admin)
    actions.update_organisation(citywide, acting_user=org_admin, name="Wijkteam Nijmegen-Oost")

    def state() -> list[tuple[object, ...]]:
        rows = Service.objects.order_by("pk").values_list(
            "pk", "listed_on", "organisation_name", "places"
        )
        return [tuple(json.dumps(value) for value in row) for row in rows]

    before = state()
    assert listing.relist_everything() == len(before)
    assert state() == before


def test_an_operator_edit_in_the_admin_relists_too(
    console: Client, organisation: Organisation, oost: Buurtsite
) -> None:
    service = make_service(organisation)

    response = console.post(
        f"/beheer/organisations/organisation/{organisation.pk}/change/",
        {
            "name": "Sterker",
            "municipality": organisation.municipality_id,
            "kvk_number": organisation.kvk_number,
            "opening_hours": "[]",
            "buurtsites": [oost.pk],
            "licence_hidden": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert _listed(service)[:2] == ([], "Sterker")


def test_the_command_repairs_a_listing_changed_behind_the_actions_back(
    organisation: Organisation, oost: Buurtsite
) -> None:
    service = make_service(organisation)
    Service.objects.filter(pk=service.pk).update(listed_on=[], organisation_name="")
    output = StringIO()

    call_command("relist_services", stdout=output)

    assert _listed(service)[:2] == ([oost.pk], "Stichting Sterker Sociaal Werk")
    assert output.getvalue().endswith("services relisted\n")
