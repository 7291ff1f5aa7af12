"""Review with history: every change kept as JSON before/after; seen, or reverted."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from organisations import actions, selectors
from organisations.models import (
    Location,
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    Professional,
    Version,
    VersionSeen,
)
from tenants.models import Buurtsite
from tests.conftest import PLATFORM_HOST
from tests.organisations.factories import make_organisation, make_professional, make_service


def test_an_edit_goes_live_at_once_and_keeps_the_previous_version(
    admin_client: Client, organisation: Organisation, org_admin: User
) -> None:
    service = make_service(organisation, name="Schuldhulp", costs="Gratis", acting_user=org_admin)

    response = admin_client.post(
        f"/portaal/diensten/{service.pk}/",
        {
            "name": "Schuldhulpmaatje",
            "categories": ["geldzaken"],
            "target_groups": ["gezinnen"],
            "costs": "Gratis, ook voor zzp'ers",
            "serves_all_buurtsites": "on",
        },
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Schuldhulpmaatje"
    latest = Version.objects.filter(kind="service", object_id=service.pk).first()
    assert latest is not None
    assert latest.previous is not None and latest.previous["name"] == "Schuldhulp"
    assert latest.snapshot["costs"] == "Gratis, ook voor zzp'ers"
    assert latest.changed_by == org_admin
    assert latest.changed_by_name == "Anouk Admin"


def test_saving_without_changes_records_nothing(
    organisation: Organisation, org_admin: User
) -> None:
    service = make_service(organisation, name="Schuldhulp", acting_user=org_admin)
    count = Version.objects.count()

    actions.save_service(
        organisation,
        service=service,
        acting_user=org_admin,
        **{f: getattr(service, f) for f in ["name", "description", "categories", "costs"]},
        target_groups=service.target_groups,
    )

    assert Version.objects.count() == count


def test_a_readable_diff_names_fields_and_choices_in_dutch(
    organisation: Organisation, org_admin: User, oost: Buurtsite
) -> None:
    service = make_service(organisation, name="Schuldhulp", acting_user=org_admin)
    actions.save_service(
        organisation,
        service=service,
        acting_user=org_admin,
        name="Schuldhulp",
        categories=["geldzaken", "administratie"],
        serves_all_buurtsites=False,
        buurtsites=[oost],
    )
    version = Version.objects.filter(kind="service", object_id=service.pk).first()

    changes = {change.label: change for change in selectors.version_diff(version)}  # type: ignore[arg-type]

    assert changes["Soorten hulp"].before == "Geldzaken"
    assert changes["Soorten hulp"].after == "Geldzaken, Administratie en formulieren"
    assert changes["Buurtsites"].after == "Nijmegen-Oost"
    assert "Naam" not in changes


def test_the_operator_sees_a_change_and_marks_it_seen(
    console: Client, organisation: Organisation, org_admin: User
) -> None:
    service = make_service(organisation, name="Maatjesproject Sámen", acting_user=org_admin)
    version = Version.objects.get(kind="service", object_id=service.pk)

    listing = console.get("/beheer/organisaties/wijzigingen/")
    assert "Maatjesproject Sámen" in listing.content.decode()
    detail = console.get(f"/beheer/organisaties/wijzigingen/{version.pk}/")
    assert detail.status_code == 200
    assert "Maatjesproject Sámen" in detail.content.decode()

    response = console.post(f"/beheer/organisaties/wijzigingen/{version.pk}/gezien/")

    assert response.status_code == 302
    assert version not in selectors.changes_for_operator()
    assert (
        "Maatjesproject Sámen"
        not in console.get("/beheer/organisaties/wijzigingen/").content.decode()
    )


def test_the_operator_reverts_to_the_previous_version(
    console: Client, organisation: Organisation, org_admin: User
) -> None:
    service = make_service(organisation, name="Schuldhulp", costs="Gratis", acting_user=org_admin)
    actions.save_service(
        organisation,
        service=service,
        acting_user=org_admin,
        name="Schuldhulp",
        categories=service.categories,
        costs="50 euro",
    )
    change = Version.objects.filter(kind="service", object_id=service.pk).first()
    assert change is not None

    response = console.post(f"/beheer/organisaties/wijzigingen/{change.pk}/terugzetten/")

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.costs == "Gratis"
    change.refresh_from_db()
    assert change.reverted_at is not None
    undo = Version.objects.filter(kind="service", object_id=service.pk).first()
    assert undo is not None and undo.snapshot["costs"] == "Gratis"
    assert undo not in selectors.changes_for_operator()


def test_only_the_latest_change_can_be_reverted(
    organisation: Organisation, org_admin: User
) -> None:
    location = actions.save_location(organisation, acting_user=org_admin, name="De Brug")
    actions.save_location(organisation, location=location, acting_user=org_admin, name="Brug")
    actions.save_location(organisation, location=location, acting_user=org_admin, name="Bruggen")
    middle = Version.objects.filter(kind="location", object_id=location.pk)[1]

    with pytest.raises(ValidationError):
        actions.revert_version(middle, reviewer_name="Beheer")
    location.refresh_from_db()
    assert location.name == "Bruggen"


def test_reverting_a_new_service_withdraws_it(
    organisation: Organisation, org_admin: User, oost: Buurtsite
) -> None:
    service = make_service(organisation, name="Nepdienst", acting_user=org_admin)
    created = Version.objects.get(kind="service", object_id=service.pk)

    actions.revert_version(created, reviewer_name="Bert Verbinder", buurtsite=oost)

    service.refresh_from_db()
    assert service.withdrawn_at is not None
    assert service not in selectors.services_for_buurtsite(oost)


def test_reverting_restores_the_profile_and_its_buurtsites(
    organisation: Organisation, org_admin: User, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    actions.update_organisation(organisation, acting_user=org_admin, description="Oud")
    actions.set_buurtsites_served(organisation, buurtsites=[lindenholt], acting_user=org_admin)
    change = organisation.versions.first()
    assert change is not None

    actions.revert_version(change, reviewer_name="Beheer")

    assert list(organisation.buurtsites.all()) == [oost]
    organisation.refresh_from_db()
    assert organisation.description == "Oud"


def test_reverting_a_professional_puts_back_the_text(
    organisation: Organisation, org_admin: User
) -> None:
    professional = make_professional(organisation, name="Sanne", about="Ik help bij schulden.")
    actions.save_professional(
        organisation,
        professional=professional,
        acting_user=org_admin,
        name="Sanne",
        about="Spam spam spam",
        contact_route=Professional.ContactRoute.BUURTVERBINDER,
        is_active=True,
    )

    actions.revert_version(organisation.versions.first(), reviewer_name="Beheer")  # type: ignore[arg-type]

    professional.refresh_from_db()
    assert professional.about == "Ik help bij schulden."


def test_a_buurtsite_sees_only_changes_of_organisations_serving_it(
    organisation: Organisation, other_organisation: Organisation, oost: Buurtsite,
    lindenholt: Buurtsite, org_admin: User,
) -> None:  # fmt: skip
    ours = make_service(organisation, name="Voor Oost", acting_user=org_admin)
    theirs = make_service(other_organisation, name="Voor Lindenholt")

    in_oost = {v.object_id for v in selectors.changes_for_buurtsite(oost)}
    in_lindenholt = {v.object_id for v in selectors.changes_for_buurtsite(lindenholt)}

    assert ours.pk in in_oost and theirs.pk not in in_oost
    assert theirs.pk in in_lindenholt and ours.pk not in in_lindenholt


def test_seen_by_one_buurtsite_stays_listed_for_the_others_and_the_operator(
    organisation: Organisation, org_admin: User, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    organisation.buurtsites.add(lindenholt)
    make_service(organisation, name="Voor allebei", acting_user=org_admin)
    version = Version.objects.filter(organisation=organisation).first()
    assert version is not None

    actions.mark_version_seen(version, buurtsite=oost, reviewer_name="Bert Verbinder")
    actions.mark_version_seen(version, buurtsite=oost, reviewer_name="Bert Verbinder")

    assert version not in selectors.changes_for_buurtsite(oost)
    assert version in selectors.changes_for_buurtsite(lindenholt)
    assert version in selectors.changes_for_operator()
    assert VersionSeen.objects.filter(version=version).count() == 1


def test_the_operator_adds_an_organisation_and_invites_its_admin(
    console: Client, django_capture_on_commit_callbacks: object
) -> None:
    municipality = Buurtsite.objects.get(slug="oost").municipality
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = console.post(
            "/beheer/organisaties/nieuw/",
            {
                "municipality": municipality.pk,
                "name": "Wijkteam Dukenburg",
                "kvk_number": "41055629",
                "admin_email": "coordinator@wijkteam.example.nl",
            },
        )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Wijkteam Dukenburg")
    invitation = OrganisationInvitation.objects.get(organisation=organisation)
    assert invitation.role == MembershipRole.ADMIN
    assert mail.outbox[-1].to == ["coordinator@wijkteam.example.nl"]


def test_the_operator_gets_a_dutch_400_for_a_bad_kvk_number(console: Client) -> None:
    municipality = Buurtsite.objects.get(slug="oost").municipality

    response = console.post(
        "/beheer/organisaties/nieuw/",
        {
            "municipality": municipality.pk,
            "name": "X",
            "kvk_number": "123",
            "admin_email": "x@x.nl",
        },
    )

    assert response.status_code == 400
    assert "precies 8 cijfers" in response.content.decode()
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/beheer/organisaties/",
        "/beheer/organisaties/wijzigingen/",
    ],
)
def test_organisation_staff_cannot_use_the_operator_pages(admin_client: Client, url: str) -> None:
    assert admin_client.get(url).status_code == 403


def test_operator_actions_need_an_operator(
    admin_client: Client, organisation: Organisation, org_admin: User
) -> None:
    make_service(organisation, name="Schuldhulp", acting_user=org_admin)
    version = Version.objects.filter(organisation=organisation).first()
    assert version is not None

    for url in (
        f"/beheer/organisaties/wijzigingen/{version.pk}/",
        f"/beheer/organisaties/wijzigingen/{version.pk}/gezien/",
        f"/beheer/organisaties/wijzigingen/{version.pk}/terugzetten/",
        "/beheer/organisaties/nieuw/",
    ):
        assert admin_client.post(url).status_code in {403, 405}
        assert Client(HTTP_HOST=PLATFORM_HOST).get(url).status_code in {302, 405}
    assert not version.seen.exists()
    assert version.reverted_at is None


def test_operator_pages_do_not_exist_on_a_buurtsite(oost_client: Client) -> None:
    assert oost_client.get("/beheer/organisaties/wijzigingen/").status_code == 404


def test_a_history_entry_of_another_organisation_is_not_found(
    admin_client: Client, other_organisation: Organisation
) -> None:
    make_service(other_organisation, name="Van een ander")
    theirs = Version.objects.filter(organisation=other_organisation).first()
    assert theirs is not None

    assert admin_client.get(f"/portaal/geschiedenis/{theirs.pk}/").status_code == 404


def test_a_location_revert_of_a_creation_is_refused_in_dutch(
    organisation: Organisation, org_admin: User
) -> None:
    location = actions.save_location(organisation, acting_user=org_admin, name="De Brug")
    created = Version.objects.get(kind="location", object_id=location.pk)

    with pytest.raises(ValidationError):
        actions.revert_version(created, reviewer_name="Beheer")
    assert Location.objects.filter(pk=location.pk).exists()


def test_make_organisation_helper_is_in_the_municipality_of_its_buurtsites(
    lindenholt: Buurtsite,
) -> None:
    organisation = make_organisation(buurtsites=[lindenholt])

    assert organisation.municipality_id == lindenholt.municipality_id
