"""The team, showing and hiding services, and professionals' photos."""

from __future__ import annotations

from django.test import Client

from accounts.models import User
from organisations import selectors
from organisations.models import MembershipRole, Organisation, OrganisationMembership, Version
from tenants.models import Buurtsite
from tests.members.factories import image_upload
from tests.organisations.factories import make_professional, make_service


def test_an_admin_removes_a_colleague(
    admin_client: Client, organisation: Organisation, org_editor: User
) -> None:
    membership = OrganisationMembership.objects.get(user=org_editor)

    response = admin_client.post(f"/portaal/team/{membership.pk}/verwijderen/")

    assert response.status_code == 302
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=org_editor.pk).exists()  # the account itself stays


def test_the_last_admin_cannot_leave(admin_client: Client, org_admin: User) -> None:
    membership = OrganisationMembership.objects.get(user=org_admin)

    response = admin_client.post(f"/portaal/team/{membership.pk}/verwijderen/")

    assert response.status_code == 400
    assert "minstens één beheerder" in response.content.decode()
    assert OrganisationMembership.objects.filter(pk=membership.pk).exists()


def test_an_editor_is_removed_from_the_portal_at_once(
    admin_client: Client, editor_client: Client, org_editor: User
) -> None:
    membership = OrganisationMembership.objects.get(user=org_editor)
    admin_client.post(f"/portaal/team/{membership.pk}/verwijderen/")

    response = editor_client.get("/portaal/diensten/")

    assert response.status_code == 302
    assert response["Location"].endswith("/portaal/geen-organisatie/")


def test_stop_showing_and_show_again(
    editor_client: Client, organisation: Organisation, oost: Buurtsite
) -> None:
    service = make_service(organisation, name="Taalcafé")

    editor_client.post(f"/portaal/diensten/{service.pk}/tonen/")
    assert service not in selectors.services_for_buurtsite(oost)
    editor_client.post(f"/portaal/diensten/{service.pk}/tonen/", {"restore": "1"})

    assert service in selectors.services_for_buurtsite(oost)
    assert Version.objects.filter(kind="service", object_id=service.pk).count() == 3


def test_a_professional_gets_a_checked_photo(
    editor_client: Client, organisation: Organisation
) -> None:
    professional = make_professional(organisation, name="Sanne")

    response = editor_client.post(
        f"/portaal/professionals/{professional.pk}/foto/", {"photo": image_upload("sanne.png")}
    )

    assert response.status_code == 302
    professional.refresh_from_db()
    assert professional.photo.startswith("professional/")
    photo = editor_client.get(f"/organisaties/foto/{professional.photo}")
    assert photo.status_code == 200


def test_a_service_photo_is_added_and_removed(
    editor_client: Client, organisation: Organisation
) -> None:
    service = make_service(organisation, name="Taalcafé")

    added = editor_client.post(
        f"/portaal/diensten/{service.pk}/fotos/", {"photo": image_upload("taal.jpg", fmt="JPEG")}
    )
    service.refresh_from_db()
    removed = editor_client.post(
        f"/portaal/diensten/{service.pk}/fotos/verwijderen/", {"photo": service.photos[0]}
    )

    assert (added.status_code, removed.status_code) == (302, 302)
    service.refresh_from_db()
    assert service.photos == []


def test_a_new_service_by_the_portal_is_listed_at_once(
    editor_client: Client, organisation: Organisation, oost: Buurtsite, org_editor: User
) -> None:
    response = editor_client.post(
        "/portaal/diensten/nieuw/",
        {
            "name": "Hulp bij de Belastingaangifte",
            "categories": ["geldzaken", "administratie"],
            "target_groups": ["ouderen"],
            "serves_all_buurtsites": "on",
        },
    )

    assert response.status_code == 302
    service = organisation.services.get()
    assert service in selectors.services_for_buurtsite(oost)
    assert service.organisation.memberships.filter(
        user=org_editor, role=MembershipRole.EDITOR
    ).exists()
