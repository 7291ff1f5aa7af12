"""What a buurtsite shows: services and professionals of organisations that serve it."""

from __future__ import annotations

from django.test import Client

from accounts.models import User
from organisations import actions, selectors
from organisations.models import Organisation
from tenants.models import Buurtsite
from tests.organisations.factories import (
    make_buurtsite_elsewhere,
    make_organisation,
    make_professional,
    make_service,
)


def test_services_show_on_the_right_buurtsites_and_nowhere_else(
    organisation: Organisation, other_organisation: Organisation, oost: Buurtsite,
    lindenholt: Buurtsite,
) -> None:  # fmt: skip
    ours = make_service(organisation, name="Schuldhulp Oost")
    theirs = make_service(other_organisation, name="Buurtzorg Lindenholt")

    assert ours in selectors.services_for_buurtsite(oost)
    assert theirs not in selectors.services_for_buurtsite(oost)
    assert theirs in selectors.services_for_buurtsite(lindenholt)
    assert ours not in selectors.services_for_buurtsite(lindenholt)
    assert ours not in selectors.services_for_buurtsite(make_buurtsite_elsewhere())


def test_one_profile_shows_on_every_buurtsite_it_serves(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    citywide = make_organisation(name="Sociaal Wijkteam Nijmegen", buurtsites=[oost, lindenholt])
    service = make_service(citywide, name="Wijkspreekuur")

    assert service in selectors.services_for_buurtsite(oost)
    assert service in selectors.services_for_buurtsite(lindenholt)
    assert list(selectors.services_for_buurtsite(oost)).count(service) == 1


def test_a_service_limited_to_some_buurtsites_shows_only_there(
    oost: Buurtsite, lindenholt: Buurtsite, org_admin: User
) -> None:
    citywide = make_organisation(buurtsites=[oost, lindenholt])
    service = make_service(citywide, serves_all_buurtsites=False, buurtsites=[lindenholt])

    assert service in selectors.services_for_buurtsite(lindenholt)
    assert service not in selectors.services_for_buurtsite(oost)


def test_licence_hidden_hides_services_and_professionals(
    organisation: Organisation, oost: Buurtsite
) -> None:
    service = make_service(organisation)
    professional = make_professional(organisation)

    actions.set_licence_visibility(organisation, visible=False)

    assert service not in selectors.services_for_buurtsite(oost)
    assert professional not in selectors.professionals_for_buurtsite(oost)
    actions.set_licence_visibility(organisation, visible=True)
    assert service in selectors.services_for_buurtsite(oost)
    assert professional in selectors.professionals_for_buurtsite(oost)


def test_withdrawn_services_and_inactive_professionals_are_not_listed(
    organisation: Organisation, org_admin: User, oost: Buurtsite
) -> None:
    service = make_service(organisation)
    professional = make_professional(organisation, is_active=False)
    actions.withdraw_service(service, acting_user=org_admin)

    assert service not in selectors.services_for_buurtsite(oost)
    assert professional not in selectors.professionals_for_buurtsite(oost)


def test_active_professionals_counts_those_shown_somewhere(
    organisation: Organisation, lindenholt: Buurtsite
) -> None:
    shown = make_professional(organisation, name="Anna")
    make_professional(organisation, name="Bram", is_active=False)
    nowhere = make_organisation(buurtsites=[])
    make_professional(nowhere, name="Cor")

    assert selectors.active_professionals(organisation) == [shown]
    assert selectors.active_professionals(nowhere) == []
    actions.set_licence_visibility(organisation, visible=False)
    assert selectors.active_professionals(organisation) == [shown]


def test_photos_of_organisations_are_served_on_every_host_without_leaking_files(
    oost_client: Client, lindenholt_client: Client
) -> None:
    assert oost_client.get("/organisaties/foto/logo/" + "0" * 32 + ".jpg").status_code == 404
    assert lindenholt_client.get("/organisaties/foto/profielfoto/x.jpg").status_code == 404


def test_the_selectors_work_inside_a_buurtsites_schema(
    organisation: Organisation, org_admin: User, oost: Buurtsite
) -> None:
    from django_tenants.utils import tenant_context

    service = make_service(organisation, name="Wijkspreekuur", acting_user=org_admin)
    professional = make_professional(organisation, name="Sanne")

    with tenant_context(oost):
        services = [(s.pk, s.organisation.name) for s in selectors.services_for_buurtsite(oost)]
        professionals = [p.pk for p in selectors.professionals_for_buurtsite(oost)]
        changes = [v.object_id for v in selectors.changes_for_buurtsite(oost)]

    assert (service.pk, organisation.name) in services
    assert professional.pk in professionals
    assert service.pk in changes
